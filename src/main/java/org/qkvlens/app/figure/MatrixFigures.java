package org.qkvlens.app.figure;

import java.util.ArrayList;
import java.util.List;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.projection.Cosine;
import org.qkvlens.projection.Points;

/**
 * The matrix figures, built from a snapshot and a selection and nothing else: the cosine heatmap (sentence A ×
 * sentence B, one kind) and the attention weights of A and B. Pure functions, any thread; the app's views and the
 * command line's export draw what they return. Leaves out drawing and sizes: {@code MatrixChart} lays the figure out.
 */
public final class MatrixFigures {
    private MatrixFigures() {
    }

    /**
     * The heatmap of probes {@code a} × {@code b} in snapshot {@code s} (null: none yet), or an empty state saying what
     * is missing. Pure; any thread.
     */
    public static MatrixFigure heatmap(Snapshot s, RunInfo info, Site site, int layer, int head, Kind kind, int a, int b) {
        String kindId = kind == null ? "?" : kind.id();
        String title = "Cosine similarity of " + kindId + " vectors";
        if (s == null) return MatrixFigure.message(title, "waiting for the first epoch…");
        if (site == null || !site.isAttention()) return MatrixFigure.message(title, "choose an attention site");
        if (kind == null || !Kind.VECTORS.contains(kind)) return MatrixFigure.message(title, "choose Q, K, V, x1 or x4");
        String range = Captions.outOfRange(info, site, layer, head);
        if (range != null) return MatrixFigure.message(title, range);
        boolean encoder = site.isEncoder();
        int heads = info.heads(encoder);
        ArrayKey key = new ArrayKey(site, layer, kind);
        ProbeCapture ca = s.probe(a), cb = s.probe(b);
        if (ca == null || cb == null) {
            List<String> why = new ArrayList<>();
            if (ca == null) why.add("sentence A is not valid: " + Captions.whyMissing(info, a));
            if (cb == null) why.add("sentence B is not valid: " + Captions.whyMissing(info, b));
            return MatrixFigure.message(title, String.join("; ", why));
        }
        Tensor ta = ca.array(key), tb = cb.array(key);
        if (ta == null || tb == null) {
            return MatrixFigure.message(title, "no " + kindId + " was captured at " + site.label() + ", layer " + layer + " in this snapshot");
        }
        float[][] ra, rb;
        try {
            ra = Points.rows(ta, head, heads);
            rb = Points.rows(tb, head, heads);
        } catch (IllegalArgumentException e) {
            return MatrixFigure.message(title, "cannot cut head " + head + ": " + e.getMessage());
        }
        double[][] m = Cosine.matrix(ra, rb);
        boolean decoder = Points.decoderSide(site, kind);
        List<String> rowLabels = ca.rowLabels(key), colLabels = cb.rowLabels(key);
        String heading = Captions.concatenatedHeads(head, heads);
        String subtitle = site.label() + " · layer " + layer + " · " + heading + " · " + Captions.epoch(s);
        MatrixPanel panel = new MatrixPanel("", null, Captions.sentence("A", ca.text()), Captions.sentence("B", cb.text()), "A", "B",
                rowLabels, colLabels, tokens(a, decoder, rowLabels.size()), tokens(b, decoder, colLabels.size()), m, null);
        return new MatrixFigure(title, subtitle, List.of(panel), ColorScale.DIVERGING, "cosine", "cos(" + kindId + ")", true, null);
    }

    private static List<TokenRef> tokens(int probe, boolean decoder, int n) {
        List<TokenRef> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) t.add(new TokenRef(probe, decoder, i));
        return t;
    }

    /** The attention panels of probes {@code a} and {@code b} in snapshot {@code s}, or an empty state. Pure; any thread. */
    public static MatrixFigure attention(Snapshot s, RunInfo info, Site site, int layer, int head, int a, int b) {
        String title = "Attention weights of sentences A and B";
        if (s == null) return MatrixFigure.message(title, "waiting for the first epoch…");
        if (site == null || !site.isAttention()) return MatrixFigure.message(title, "choose an attention site");
        String range = Captions.outOfRange(info, site, layer, head);
        if (range != null) return MatrixFigure.message(title, range);
        int heads = info.heads(site.isEncoder());
        String heading = heads == 1 ? "1 head" : head < 0 ? "mean of " + heads + " heads" : "head " + head + " of " + heads;
        String subtitle = site.label() + " · layer " + layer + " · " + heading + " · " + Captions.epoch(s);
        List<MatrixPanel> panels = new ArrayList<>();
        panels.add(panel("A", a, s, info, site, layer, head));
        panels.add(panel("B", b, s, info, site, layer, head));
        if (panels.stream().noneMatch(MatrixPanel::hasValues)) {
            return MatrixFigure.message(title, panels.get(0).message() + "; " + panels.get(1).message());
        }
        return new MatrixFigure(title, subtitle, panels, ColorScale.SEQUENTIAL, "weight", "attention", false, null);
    }

    private static MatrixPanel panel(String name, int probe, Snapshot s, RunInfo info, Site site, int layer, int head) {
        ProbeCapture c = s.probe(probe);
        if (c == null) return MatrixPanel.unavailable(name, name + ": –", "sentence " + name + " is not valid: " + Captions.whyMissing(info, probe));
        String caption = Captions.sentence(name, c.text());
        ArrayKey key = new ArrayKey(site, layer, Kind.ATTENTION);
        Tensor t = c.array(key);
        if (t == null) return MatrixPanel.unavailable(name, caption, "no attention was captured here in this snapshot");
        int h = t.dim(0), q = t.dim(1), k = t.dim(2);
        if (head >= h) return MatrixPanel.unavailable(name, caption, "head " + head + " is not in this snapshot (" + h + " heads)");
        float[] data = t.data();
        double[][] w = new double[q][k];
        for (int hi = head < 0 ? 0 : head; hi < (head < 0 ? h : head + 1); hi++) {
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < k; j++) w[i][j] += data[(hi * q + i) * k + j];
            }
        }
        if (head < 0 && h > 1) {
            for (double[] row : w) for (int j = 0; j < k; j++) row[j] /= h;
        }
        boolean queryDecoder = site != Site.ENC_SELF, keyDecoder = site == Site.DEC_SELF;
        List<String> rows = c.rowLabels(key), cols = c.columnLabels(key);
        return new MatrixPanel(name, caption, queryDecoder ? "query (decoder)" : "query (source)",
                "key (" + (keyDecoder ? "decoder position" : "source token") + ")", "query", "key", rows, cols,
                tokens(probe, queryDecoder, rows.size()), tokens(probe, keyDecoder, cols.size()), w, null);
    }
}
