package org.qkvlens.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;

/**
 * Turns snapshots into the vectors the views show: the rows of a captured (tokens, C) array, cut to one head's
 * columns or kept whole (heads concatenated), labelled with their tokens. Pure functions, any thread.
 */
public final class Points {
    private Points() {
    }

    /** Whether rows of this site and kind are decoder positions (else encoder tokens). Cross-attention K and V come from the encoder. */
    public static boolean decoderSide(Site site, Kind kind) {
        return switch (site) {
            case ENC_SELF, ENC_OUT -> false;
            case DEC_SELF, DEC_OUT -> true;
            case DEC_CROSS -> kind != Kind.K && kind != Kind.V;
        };
    }

    /** The rows of a (tokens, C) tensor; {@code head} ≥ 0 keeps columns [head·C/heads, (head+1)·C/heads). */
    public static float[][] rows(Tensor t, int head, int heads) {
        int n = t.dim(0), c = t.dim(1);
        int from = 0, width = c;
        if (head >= 0) {
            if (head >= heads || c % heads != 0) throw new IllegalArgumentException("head " + head + " of " + heads + " for width " + c);
            width = c / heads;
            from = head * width;
        }
        float[] data = t.data();
        float[][] out = new float[n][width];
        for (int i = 0; i < n; i++) System.arraycopy(data, i * c + from, out[i], 0, width);
        return out;
    }

    /** The vectors of one probe at one snapshot, or null when that probe or array was not captured. */
    public static float[][] vectors(Snapshot s, int probe, Site site, int layer, Kind kind, int head, int heads) {
        ProbeCapture c = s.probe(probe);
        if (c == null) return null;
        Tensor t = c.array(new ArrayKey(site, layer, kind));
        return t == null ? null : rows(t, head, heads);
    }

    /** Token labels of the rows {@link #vectors} returns. */
    public static List<String> labels(Snapshot s, int probe, Site site, int layer, Kind kind) {
        ProbeCapture c = s.probe(probe);
        return c == null ? List.of() : c.rowLabels(new ArrayKey(site, layer, kind));
    }

    /**
     * Every point of the given snapshots (indices into {@code snapshots}), probes and kinds at one site and layer,
     * in that nesting order. Probes or arrays a snapshot lacks are skipped.
     */
    public static List<Point> collect(List<Snapshot> snapshots, int[] snapshotIndices, Collection<Integer> probes, Site site,
                                      int layer, Collection<Kind> kinds, int head, int heads) {
        List<Point> out = new ArrayList<>();
        for (int si : snapshotIndices) {
            Snapshot s = snapshots.get(si);
            for (int probe : probes) {
                for (Kind kind : kinds) {
                    if (!kind.isVector() || kind == Kind.OUT) continue;
                    float[][] rows = vectors(s, probe, site, layer, kind, head, heads);
                    if (rows == null) continue;
                    List<String> labels = labels(s, probe, site, layer, kind);
                    boolean decoder = decoderSide(site, kind);
                    for (int i = 0; i < rows.length; i++) {
                        out.add(new Point(new PointKey(probe, decoder, i, kind, si), labels.get(i), s.epoch(), s.step(), rows[i]));
                    }
                }
            }
        }
        return out;
    }
}
