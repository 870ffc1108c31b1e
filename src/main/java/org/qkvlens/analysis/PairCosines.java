package org.qkvlens.analysis;

import java.util.HashMap;
import java.util.Map;

/**
 * Mean cosine similarity over pairs of vectors from different sentences and of the same kind, grouped by a label: the
 * pairs that share the label (same word, same position) or all such pairs (the baseline). Exact, in O(n·d) instead
 * of O(n²·d): with unit vectors u, the sum of u_i·u_j over the pairs of a group is (|Σu|² − Σ|u|²) / 2, and the pairs
 * of a group from different sentences are the group's pairs minus those inside each (group, sentence). A zero vector
 * counts as cosine 0 with everything.
 */
public final class PairCosines {
    private PairCosines() {
    }

    /** A mean and the number of pairs it is over (NaN when there are none). */
    public record Mean(double mean, long pairs) {
    }

    /**
     * The mean cosine of pairs (i, j) with {@code kind[i] == kind[j]}, {@code sentence[i] != sentence[j]} and, unless
     * {@code label} is null, {@code label[i] == label[j]}.
     */
    public static Mean of(float[][] vectors, int[] kind, int[] sentence, int[] label) {
        int n = vectors.length;
        int d = n == 0 ? 0 : vectors[0].length;
        Map<Key, Group> groups = new HashMap<>(), inSentence = new HashMap<>();
        double[] u = new double[d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (float v : vectors[i]) norm += (double) v * v;
            norm = Math.sqrt(norm);
            for (int c = 0; c < d; c++) u[c] = norm == 0 ? 0 : vectors[i][c] / norm;
            int l = label == null ? 0 : label[i];
            groups.computeIfAbsent(new Key(kind[i], l, -1), x -> new Group(d)).add(u);
            inSentence.computeIfAbsent(new Key(kind[i], l, sentence[i]), x -> new Group(d)).add(u);
        }
        double sum = 0;
        long pairs = 0;
        for (Group g : groups.values()) {
            sum += g.pairSum();
            pairs += g.pairs();
        }
        for (Group g : inSentence.values()) {
            sum -= g.pairSum();
            pairs -= g.pairs();
        }
        return new Mean(pairs == 0 ? Double.NaN : sum / pairs, pairs);
    }

    private record Key(int kind, int label, int sentence) {
    }

    /** Running sums of one group's unit vectors. */
    private static final class Group {
        final double[] sum;
        double selfDots;
        long count;

        Group(int d) {
            sum = new double[d];
        }

        void add(double[] u) {
            for (int c = 0; c < u.length; c++) {
                sum[c] += u[c];
                selfDots += u[c] * u[c];
            }
            count++;
        }

        /** Σ over pairs i < j of u_i·u_j. */
        double pairSum() {
            double s = 0;
            for (double v : sum) s += v * v;
            return (s - selfDots) / 2;
        }

        long pairs() {
            return count * (count - 1) / 2;
        }
    }
}
