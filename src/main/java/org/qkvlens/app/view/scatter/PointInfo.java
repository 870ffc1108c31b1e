package org.qkvlens.app.view.scatter;

import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;

/**
 * The hover text of a point: label, sentence, position and token, kind and where it was captured, epoch, vector norm,
 * and the value it is coloured by (unless by sentence).
 */
final class PointInfo {
    private PointInfo() {
    }

    static String describe(ScatterData d, int p) {
        Point pt = d.points[p];
        PointKey k = pt.key();
        ScatterData.Sentence s = d.sentenceOfProbe.getOrDefault(k.probe(), new ScatterData.Sentence(k.probe(), "", "probe " + k.probe()));
        String side = k.decoder() ? "decoder position " : "source token ";
        return pt.label() + "\n"
                + (s.role().isEmpty() ? "" : s.role() + ": ") + "\u201c" + s.text() + "\u201d\n"
                + side + k.position() + ": " + pt.token() + "\n"
                + k.kind().id() + " \u00b7 " + d.site.label() + ", layer " + d.layer + ", "
                + (d.head < 0 ? "all heads" : "head " + d.head) + "\n"
                + d.snapshotLabel(k.snapshot()) + (d.endOfEpoch[k.snapshot()] ? " (step " + d.stepOf[k.snapshot()] + ")" : "") + "\n"
                + String.format("\u2016v\u2016 = %.3f  (%d dims)", d.norm[p], pt.vector().length) + colourLine(d, p);
    }

    /** "\ncluster: 2" when the points are coloured by something other than their sentence. */
    private static String colourLine(ScatterData d, int p) {
        Coloring c = d.coloring;
        if (c == null || c.by() == ColorBy.SENTENCE) return "";
        String v = c.valueText(p);
        return "\n" + c.by() + ": " + (v.isEmpty() ? "\u2013" : v);
    }
}
