package org.qkvlens.analysis;

import java.util.HashMap;
import java.util.Map;

/**
 * Normalised mutual information of two labellings of the same points, with the arithmetic-mean normalisation of
 * scikit-learn's {@code normalized_mutual_info_score} (its default): NMI = I(U; V) / ((H(U) + H(V)) / 2), natural
 * logarithms (the base cancels). As there: 1 when both labellings put every point in one class, 0 when the mutual
 * information is 0. Leaves out the adjusted (chance-corrected) variant.
 */
public final class Nmi {
    private Nmi() {
    }

    /** NMI of labels {@code a} and {@code b} (non-negative ints, the same length ≥ 1). */
    public static double of(int[] a, int[] b) {
        if (a.length != b.length || a.length == 0) throw new IllegalArgumentException("labellings of " + a.length + " and " + b.length + " points");
        int n = a.length;
        Map<Integer, Integer> ca = counts(a), cb = counts(b);
        if (ca.size() == 1 && cb.size() == 1) return 1.0;
        Map<Long, Integer> joint = new HashMap<>();
        for (int i = 0; i < n; i++) joint.merge(((long) a[i] << 32) | (b[i] & 0xffffffffL), 1, Integer::sum);
        double mi = 0;
        for (Map.Entry<Long, Integer> e : joint.entrySet()) {
            int nij = e.getValue();
            int ai = ca.get((int) (e.getKey() >> 32)), bj = cb.get((int) (long) e.getKey());
            mi += (double) nij / n * Math.log((double) n * nij / ((double) ai * bj));
        }
        if (Math.abs(mi) < Math.ulp(1.0)) return 0.0;
        return mi / ((entropy(ca, n) + entropy(cb, n)) / 2);
    }

    private static Map<Integer, Integer> counts(int[] labels) {
        Map<Integer, Integer> c = new HashMap<>();
        for (int l : labels) c.merge(l, 1, Integer::sum);
        return c;
    }

    private static double entropy(Map<Integer, Integer> counts, int n) {
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / n;
            h -= p * Math.log(p);
        }
        return h;
    }
}
