package org.qkvlens.joint;

import java.util.ArrayList;
import java.util.List;
import org.qkvlens.data.Vocab;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;
import org.qkvlens.projection.Points;

/**
 * The joint query–key space of one head of one attention site and layer at one snapshot, as AttentionViz builds it
 * (Yeh et al., "AttentionViz: A Global View of Transformer Attention", IEEE TVCG 2023): the queries Q of the query
 * positions and the keys K of the key positions of every probe, in one space (decoder–encoder attention: decoder
 * queries against encoder keys; self-attention: the same side), normalised so that close means attended:
 * <ol>
 * <li>optionally scaled, queries ÷ c and keys × c with c = √(mean‖q‖ / mean‖k‖) over all probes, so both have the
 * same mean norm (q·k is unchanged);
 * <li>the keys translated by t = mean(q) − mean(k) (after scaling), so their centroid is the queries' centroid. This
 * adds q_i·t to every q_i·k_j of query i, the same for all its keys, so softmax over the keys is unchanged.
 * </ol>
 * Both hold per head and snapshot, over all probes at once. Vectors are kept in double (so attention recomputed
 * from them matches the captured weights to float precision); {@link #points} hands them to the projector as floats,
 * keyed by probe, side, position and kind (Q or K) and labelled with their word. Pure and deterministic; the arrays
 * are owned by the value (do not change {@code translation}).
 * Leaves out the layout (see projection's Projector), values, and spaces spanning several snapshots.
 */
public record JointSpace(Site site, int layer, int head, int heads, int snapshot, int epoch, long step, double scale,
                         double[] translation, List<ProbeVectors> probes) {
    public JointSpace {
        probes = List.copyOf(probes);
    }

    /**
     * The joint space of head {@code head} of {@code heads} at {@code site}, layer {@code layer} of snapshot {@code s}
     * (index {@code snapshotIndex} in its run), scaled when {@code scaled}. Probes whose Q or K was not captured are
     * left out; throws {@link IllegalArgumentException} naming what is missing when no probe has both.
     */
    public static JointSpace of(Snapshot s, int snapshotIndex, Site site, int layer, int head, int heads, boolean scaled) {
        if (!site.isAttention()) throw new IllegalArgumentException(site.label() + " has no queries and keys");
        if (head < 0 || head >= heads) throw new IllegalArgumentException("head " + head + " of " + heads);
        ArrayKey qKey = new ArrayKey(site, layer, Kind.Q), kKey = new ArrayKey(site, layer, Kind.K);
        List<ProbeCapture> captures = new ArrayList<>();
        List<float[][]> qs = new ArrayList<>(), ks = new ArrayList<>();
        for (ProbeCapture c : s.probes()) {
            Tensor q = c.array(qKey), k = c.array(kKey);
            if (q == null || k == null) continue;
            captures.add(c);
            qs.add(Points.rows(q, head, heads));
            ks.add(Points.rows(k, head, heads));
        }
        if (captures.isEmpty()) {
            throw new IllegalArgumentException("the snapshot of epoch " + s.epoch() + " holds no " + qKey.id() + " and "
                    + kKey.id() + " of any probe");
        }
        double c = scaled ? normRatio(qs, ks) : 1;
        int d = qs.getFirst()[0].length;
        double[] meanQ = new double[d], meanK = new double[d];
        int nq = addAll(qs, 1 / c, meanQ), nk = addAll(ks, c, meanK);
        double[] t = new double[d];
        for (int f = 0; f < d; f++) t[f] = meanQ[f] / nq - meanK[f] / nk;

        boolean causal = site == Site.DEC_SELF;
        List<ProbeVectors> out = new ArrayList<>();
        for (int p = 0; p < captures.size(); p++) {
            ProbeCapture cap = captures.get(p);
            double[][] q = scaledCopy(qs.get(p), 1 / c, null);
            double[][] k = scaledCopy(ks.get(p), c, t);
            double[][] raw = dots(qs.get(p), ks.get(p));
            out.add(new ProbeVectors(cap.probe(), cap.rowLabels(qKey), cap.rowLabels(kKey), q, k, causal,
                    padKeys(cap, site, k.length), raw));
        }
        return new JointSpace(site, layer, head, heads, snapshotIndex, s.epoch(), s.step(), c, t, out);
    }

    /** q_i·k_j of the captured rows, in double. */
    private static double[][] dots(float[][] q, float[][] k) {
        double[][] out = new double[q.length][k.length];
        for (int i = 0; i < q.length; i++) {
            for (int j = 0; j < k.length; j++) {
                double s = 0;
                for (int f = 0; f < q[i].length; f++) s += (double) q[i][f] * k[j][f];
                out[i][j] = s;
            }
        }
        return out;
    }

    /** √(mean‖q‖ / mean‖k‖) over all rows; 1 when either mean is 0. */
    private static double normRatio(List<float[][]> qs, List<float[][]> ks) {
        double mq = meanNorm(qs), mk = meanNorm(ks);
        return mq == 0 || mk == 0 ? 1 : Math.sqrt(mq / mk);
    }

    private static double meanNorm(List<float[][]> rows) {
        double sum = 0;
        int n = 0;
        for (float[][] m : rows) {
            for (float[] r : m) {
                double s = 0;
                for (float v : r) s += (double) v * v;
                sum += Math.sqrt(s);
                n++;
            }
        }
        return sum / n;
    }

    /** Adds factor·row to {@code sum} for every row; returns the number of rows. */
    private static int addAll(List<float[][]> rows, double factor, double[] sum) {
        int n = 0;
        for (float[][] m : rows) {
            for (float[] r : m) {
                for (int f = 0; f < r.length; f++) sum[f] += factor * r[f];
                n++;
            }
        }
        return n;
    }

    /** factor·row (+ shift when not null) for every row, in double. */
    private static double[][] scaledCopy(float[][] rows, double factor, double[] shift) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] r = new double[rows[i].length];
            for (int f = 0; f < r.length; f++) r[f] = factor * rows[i][f] + (shift == null ? 0 : shift[f]);
            out[i] = r;
        }
        return out;
    }

    /** Decoder self-attention keys the model masks: positions fed {@code <pad>} (decoder input j is output j − 1). */
    private static boolean[] padKeys(ProbeCapture cap, Site site, int n) {
        boolean[] pad = new boolean[n];
        if (site != Site.DEC_SELF) return pad;
        String padToken = Vocab.SPECIALS.get(Vocab.PAD);
        List<String> fed = cap.translation();
        for (int j = 1; j < n && j - 1 < fed.size(); j++) pad[j] = fed.get(j - 1).equals(padToken);
        return pad;
    }

    /** The part of probe {@code index}, or null when it is not in this space. */
    public ProbeVectors probe(int index) {
        for (ProbeVectors p : probes) if (p.probe() == index) return p;
        return null;
    }

    /** The key of query i of a probe among the {@link #points}. */
    public PointKey queryKey(int probe, int i) {
        return new PointKey(probe, Points.decoderSide(site, Kind.Q), i, Kind.Q, snapshot);
    }

    /** The key of key j of a probe among the {@link #points}. */
    public PointKey keyKey(int probe, int j) {
        return new PointKey(probe, Points.decoderSide(site, Kind.K), j, Kind.K, snapshot);
    }

    /**
     * Every query and key as a point to lay out: per probe its queries, then its keys. The vectors are the normalised
     * ones (as floats), scaled to unit length for {@link Metric#COSINE}.
     */
    public List<Point> points(Metric metric) {
        List<Point> out = new ArrayList<>();
        for (ProbeVectors p : probes) {
            for (int i = 0; i < p.queries(); i++) {
                out.add(new Point(queryKey(p.probe(), i), p.queryLabels().get(i), epoch, step, floats(p.q()[i], metric)));
            }
            for (int j = 0; j < p.keys(); j++) {
                out.add(new Point(keyKey(p.probe(), j), p.keyLabels().get(j), epoch, step, floats(p.k()[j], metric)));
            }
        }
        return out;
    }

    /** A point's label for lists and tooltips: {@code query "wir", probe 3, position 1}. */
    public static String describe(Point p) {
        return (p.key().kind() == Kind.Q ? "query" : "key") + " \"" + p.token() + "\", probe " + p.key().probe()
                + ", position " + p.key().position();
    }

    private static float[] floats(double[] v, Metric metric) {
        double norm = 1;
        if (metric == Metric.COSINE) {
            double s = 0;
            for (double x : v) s += x * x;
            norm = s == 0 ? 1 : Math.sqrt(s);
        }
        float[] out = new float[v.length];
        for (int f = 0; f < v.length; f++) out[f] = (float) (v[f] / norm);
        return out;
    }
}
