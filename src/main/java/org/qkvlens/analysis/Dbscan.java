package org.qkvlens.analysis;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * DBSCAN (Ester et al., 1996) over a distance matrix, with eps taken from the knee of the sorted k-distance curve
 * (each point's distance to its minPts-th nearest point, itself counted as in scikit-learn's {@code min_samples}):
 * the knee is the point of the ascending curve farthest from the chord between its ends, both axes scaled to [0, 1]
 * (the "kneedle" idea of Satopää et al., 2011, without smoothing). Leaves out HDBSCAN and spatial indices.
 */
public final class Dbscan {
    /** Label of a point in no cluster. */
    public static final int NOISE = -1;

    private Dbscan() {
    }

    /** Each point's cluster (0, 1, ...) or {@link #NOISE}, the number of clusters and the eps used. */
    public record Result(int[] labels, int clusters, double eps, int minPts) {
        public double noiseFraction() {
            if (labels.length == 0) return Double.NaN;
            long noise = Arrays.stream(labels).filter(l -> l == NOISE).count();
            return (double) noise / labels.length;
        }
    }

    /** DBSCAN with eps from {@link #kneeEps}; minPts is cut to the number of points. */
    public static Result fit(Distances dist, int minPts) {
        int mp = Math.min(minPts, dist.m());
        return fit(dist, kneeEps(dist, mp), mp);
    }

    /** The k-distance knee: see the class comment. */
    public static double kneeEps(Distances dist, int minPts) {
        int m = dist.m();
        if (m == 0) return 0;
        double[] kd = new double[m];
        float[] row = new float[m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(dist.d(), i * m, row, 0, m);
            Arrays.sort(row);
            kd[i] = row[Math.min(minPts, m) - 1];   // row[0] is the point itself
        }
        Arrays.sort(kd);
        double lo = kd[0], hi = kd[m - 1];
        if (m < 3 || hi == lo) return hi;
        int knee = m - 1;
        double best = -1;
        for (int i = 0; i < m; i++) {
            double x = (double) i / (m - 1), y = (kd[i] - lo) / (hi - lo);
            double gap = x - y;   // distance below the chord y = x, up to a constant factor
            if (gap > best) {
                best = gap;
                knee = i;
            }
        }
        return kd[knee];
    }

    /** Plain DBSCAN: core points have ≥ minPts points (themselves included) within eps. */
    public static Result fit(Distances dist, double eps, int minPts) {
        int m = dist.m();
        int[] labels = new int[m];
        Arrays.fill(labels, Integer.MIN_VALUE);   // unvisited
        int clusters = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < m; i++) {
            if (labels[i] != Integer.MIN_VALUE) continue;
            int[] nb = neighbours(dist, i, eps);
            if (nb.length < minPts) {
                labels[i] = NOISE;
                continue;
            }
            int c = clusters++;
            labels[i] = c;
            for (int j : nb) queue.add(j);
            while (!queue.isEmpty()) {
                int j = queue.poll();
                if (labels[j] == NOISE) labels[j] = c;   // a border point
                if (labels[j] != Integer.MIN_VALUE) continue;
                labels[j] = c;
                int[] nj = neighbours(dist, j, eps);
                if (nj.length >= minPts) for (int q : nj) queue.add(q);
            }
        }
        return new Result(labels, clusters, eps, minPts);
    }

    private static int[] neighbours(Distances dist, int i, double eps) {
        int m = dist.m();
        int[] out = new int[m];
        int n = 0;
        for (int j = 0; j < m; j++) if (dist.at(i, j) <= eps) out[n++] = j;
        return Arrays.copyOf(out, n);
    }
}
