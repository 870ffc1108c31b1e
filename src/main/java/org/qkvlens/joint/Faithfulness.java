package org.qkvlens.joint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.PointKey;

/**
 * How faithfully a 2D/3D layout of a {@link JointSpace} shows attention: Spearman's rank correlation between the
 * model's q·k (before normalisation: the energy × √D) and the Euclidean distance between the query's and the key's
 * positions in the layout, over every query–key pair of the same probe that the query attends to (decoder
 * self-attention: keys up to the query; masked keys left out). Close should mean attended, so a faithful picture
 * gives a value near −1; 0 says the distances tell nothing about q·k. Ties get average ranks. Pure, deterministic.
 * Leaves out pairs across probes (the model never compares them) and weighting by attention.
 */
public final class Faithfulness {
    private Faithfulness() {
    }

    /**
     * ρ(q·k, distance) of {@code space} in {@code layout}; NaN with fewer than two pairs or when either side is
     * constant. Throws {@link IllegalArgumentException} when the layout lacks one of the space's points.
     */
    public static double of(JointSpace space, Layout layout) {
        Map<PointKey, double[]> at = layout.byKey();
        List<double[]> pairs = new ArrayList<>();
        for (ProbeVectors p : space.probes()) {
            for (int i = 0; i < p.queries(); i++) {
                double[] qPos = position(at, space.queryKey(p.probe(), i));
                for (int j = 0; j < p.keys(); j++) {
                    if (!p.visible(i, j)) continue;
                    double[] kPos = position(at, space.keyKey(p.probe(), j));
                    pairs.add(new double[] {p.rawDot(i, j), distance(qPos, kPos)});
                }
            }
        }
        double[] dots = new double[pairs.size()], distances = new double[pairs.size()];
        for (int n = 0; n < pairs.size(); n++) {
            dots[n] = pairs.get(n)[0];
            distances[n] = pairs.get(n)[1];
        }
        return spearman(dots, distances);
    }

    private static double[] position(Map<PointKey, double[]> at, PointKey key) {
        double[] pos = at.get(key);
        if (pos == null) throw new IllegalArgumentException("the layout has no position for " + key);
        return pos;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int f = 0; f < a.length; f++) s += (a[f] - b[f]) * (a[f] - b[f]);
        return Math.sqrt(s);
    }

    /** Spearman's ρ: Pearson's correlation of the average ranks; NaN for fewer than two values or a constant side. */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " and " + y.length + " values");
        if (x.length < 2) return Double.NaN;
        return pearson(ranks(x), ranks(y));
    }

    /** 1-based ranks, tied values sharing the average of the ranks they span. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        for (int from = 0; from < n; ) {
            int to = from;
            while (to + 1 < n && v[order[to + 1]] == v[order[from]]) to++;
            double rank = (from + to) / 2.0 + 1;
            for (int m = from; m <= to; m++) r[order[m]] = rank;
            from = to + 1;
        }
        return r;
    }

    private static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
