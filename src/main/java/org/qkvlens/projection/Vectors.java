package org.qkvlens.projection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The points' vectors as one row-major (n, p) array of doubles: the input every layout method reads, with the one
 * distance they all use. Built once per projection by {@link #of}, which rejects what no method can lay out.
 * The array is never written after that. Leaves out metrics other than Euclidean.
 * <pre>
 * n  points, p  features
 * x  (n, p)  row-major
 * </pre>
 */
record Vectors(double[] x, int n, int p) {
    Vectors {
        if (n < 0 || p < 0 || x.length != (long) n * p) {
            throw new IllegalArgumentException(x.length + " values are not " + n + " rows of " + p);
        }
    }

    /** The points' vectors; rejects duplicate keys, ragged vectors and NaN or infinite values. */
    static Vectors of(List<Point> points, Progress progress) {
        int n = points.size();
        int p = n == 0 ? 0 : points.get(0).vector().length;
        double[] x = new double[n * p];
        Set<PointKey> seen = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            if (i % 256 == 0) progress.stopIfCancelled();
            Point pt = points.get(i);
            if (!seen.add(pt.key())) throw new IllegalArgumentException("duplicate point " + pt.key());
            float[] v = pt.vector();
            if (v.length != p) throw new IllegalArgumentException(pt.label() + " has " + v.length + " values, the first point " + p);
            for (int f = 0; f < p; f++) {
                if (!Float.isFinite(v[f])) throw new IllegalArgumentException(pt.label() + " has a non-finite value (did training diverge?)");
                x[i * p + f] = v[f];
            }
        }
        return new Vectors(x, n, p);
    }

    /** |x_a − x_b|² for rows a and b, summed in feature order. */
    double squaredDistance(int a, int b) {
        int ra = a * p, rb = b * p;
        double s = 0;
        for (int f = 0; f < p; f++) {
            double diff = x[ra + f] - x[rb + f];
            s += diff * diff;
        }
        return s;
    }
}
