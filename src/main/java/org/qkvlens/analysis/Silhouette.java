package org.qkvlens.analysis;

/**
 * The mean silhouette coefficient (Rousseeuw, 1987) of a clustering, Euclidean, as scikit-learn's
 * {@code silhouette_score}: per point s = (b − a) / max(a, b), a = mean distance to the rest of its cluster, b = the
 * smallest mean distance to another cluster; 0 for a point alone in its cluster. O(m²) over a distance matrix.
 */
public final class Silhouette {
    private Silhouette() {
    }

    /** The mean over all points; labels in [0, k), at least 2 clusters used (else NaN). */
    public static double mean(Distances dist, int[] labels, int k) {
        int m = dist.m();
        int[] size = new int[k];
        for (int l : labels) size[l]++;
        int used = 0;
        for (int s : size) if (s > 0) used++;
        if (used < 2) return Double.NaN;
        double total = 0;
        double[] sums = new double[k];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(sums, 0);
            for (int j = 0; j < m; j++) sums[labels[j]] += dist.at(i, j);
            int own = labels[i];
            if (size[own] == 1) continue;   // s = 0
            double a = sums[own] / (size[own] - 1), b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) if (c != own && size[c] > 0) b = Math.min(b, sums[c] / size[c]);
            double max = Math.max(a, b);
            total += max == 0 ? 0 : (b - a) / max;
        }
        return total / m;
    }
}
