package org.qkvlens.neighbours;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CancellationException;

/**
 * A point's k nearest among a set of points, by brute force: in the original space ({@link #inSpace}, exact, in
 * double, by a {@link NeighbourMetric}) and in a layout ({@link #inLayout}, Euclidean over the drawn positions); and
 * how many of the first are also among the second ({@link #overlap}). The whole-picture figure, the mean share of each
 * point's k nearest a layout keeps, is {@link Preservation}. Pure functions, any thread; the point itself is never its
 * own neighbour, ties go to the lower index.
 * <pre>
 * n  points, p  features, d  layout dimensions (2 or 3)
 * vectors    (n)(p)   the points' vectors, all of one length
 * positions  (n)(d)   where the layout draws them
 * </pre>
 */
public final class NearestNeighbours {
    private NearestNeighbours() {
    }

    /** Indices of the k nearest (nearest first) and their distances. */
    public record Ranked(int[] index, double[] distance) {
        public int size() {
            return index.length;
        }
    }

    /** The at most k nearest others of point {@code query} in the original space; {@code cancelled} is polled as it goes. */
    public static Ranked inSpace(float[][] vectors, int query, int k, NeighbourMetric metric, BooleanSupplier cancelled) {
        check(vectors.length, query, k);
        TopK top = new TopK(Math.min(k, vectors.length - 1));
        float[] q = vectors[query];
        for (int j = 0; j < vectors.length; j++) {
            if ((j & 1023) == 0 && cancelled.getAsBoolean()) throw new CancellationException();
            if (j != query) top.offer(j, metric.distance(q, vectors[j]));
        }
        return top.ranked();
    }

    /** The at most k nearest others of point {@code query} in the layout (Euclidean over the positions). */
    public static Ranked inLayout(double[][] positions, int query, int k) {
        check(positions.length, query, k);
        TopK top = new TopK(Math.min(k, positions.length - 1));
        double[] q = positions[query];
        for (int j = 0; j < positions.length; j++) {
            if (j == query) continue;
            double s = 0;
            for (int c = 0; c < q.length; c++) {
                double d = q[c] - positions[j][c];
                s += d * d;
            }
            top.offer(j, Math.sqrt(s));
        }
        return top.ranked();
    }

    /** How many indices of {@code a} are also in {@code b}. */
    public static int overlap(int[] a, int[] b) {
        int[] sorted = b.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i : a) if (Arrays.binarySearch(sorted, i) >= 0) n++;
        return n;
    }

    private static void check(int n, int query, int k) {
        if (query < 0 || query >= n) throw new IllegalArgumentException("point " + query + " of " + n);
        if (k < 1) throw new IllegalArgumentException("k = " + k);
    }

    /** The k smallest (distance, index) pairs offered, kept sorted: insertion, as a k of at most 50 wants. */
    static final class TopK {
        private final int k;
        private final int[] index;
        private final double[] dist;
        private int size;

        TopK(int k) {
            this.k = k;
            index = new int[k];
            dist = new double[k];
        }

        /** Offers j at distance d; offers come in any index order. */
        void offer(int j, double d) {
            if (k == 0) return;
            if (size == k && !before(d, j, dist[k - 1], index[k - 1])) return;
            int at = size < k ? size++ : k - 1;
            while (at > 0 && before(d, j, dist[at - 1], index[at - 1])) {
                dist[at] = dist[at - 1];
                index[at] = index[at - 1];
                at--;
            }
            dist[at] = d;
            index[at] = j;
        }

        /** The worst distance kept once full, else +∞: anything not below it (or equal with a higher index) is out. */
        double bound() {
            return size < k ? Double.POSITIVE_INFINITY : dist[k - 1];
        }

        private static boolean before(double d, int j, double d2, int j2) {
            return d < d2 || (d == d2 && j < j2);
        }

        Ranked ranked() {
            return new Ranked(Arrays.copyOf(index, size), Arrays.copyOf(dist, size));
        }
    }
}
