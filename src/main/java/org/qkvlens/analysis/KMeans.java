package org.qkvlens.analysis;

import org.qkvlens.data.SplitMix64;

/**
 * k-means in the vectors' own space (squared Euclidean distance): k-means++ seeding (Arthur and Vassilvitskii, 2007)
 * from a {@link SplitMix64} stream, then Lloyd's iterations until no point changes cluster. Deterministic for a seed.
 * A cluster that empties keeps its centre. Plain loops in double over the float vectors; leaves out restarts (the
 * caller runs several seeds) and the elkan/hamerly speed-ups.
 */
public final class KMeans {
    private KMeans() {
    }

    /** Centres (k, d), each point's cluster, the sum of squared distances to the centres, and iterations run. */
    public record Result(double[][] centres, int[] labels, double inertia, int iterations) {
        public int k() {
            return centres.length;
        }
    }

    /** k-means++ seeding then {@link #lloyd}. Needs 1 ≤ k ≤ points. */
    public static Result fit(float[][] x, int k, long seed, int maxIterations) {
        return lloyd(x, seeds(x, k, new SplitMix64(seed)), maxIterations);
    }

    /** k-means++: the first centre uniformly, each next one with probability proportional to D(x)². */
    static double[][] seeds(float[][] x, int k, SplitMix64 rng) {
        int n = x.length;
        if (k < 1 || k > n) throw new IllegalArgumentException("k = " + k + " for " + n + " points");
        double[][] centres = new double[k][];
        centres[0] = toDouble(x[rng.nextInt(n)]);
        double[] d2 = new double[n];
        java.util.Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], squaredDistance(x[i], centres[c - 1]));
                total += d2[i];
            }
            int pick = n - 1;
            if (total > 0) {
                double r = rng.nextFloat() * total, acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += d2[i];
                    if (acc > r) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = rng.nextInt(n);   // every point sits on a centre already
            }
            centres[c] = toDouble(x[pick]);
        }
        return centres;
    }

    /** Lloyd's iterations from the given centres (not changed) until no label changes or {@code maxIterations}. */
    public static Result lloyd(float[][] x, double[][] start, int maxIterations) {
        int n = x.length, k = start.length, d = start[0].length;
        double[][] centres = new double[k][];
        for (int c = 0; c < k; c++) centres[c] = start[c].clone();
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, -1);
        int iterations = 0;
        boolean changed = true;
        while (changed && iterations < maxIterations) {
            iterations++;
            changed = false;
            for (int i = 0; i < n; i++) {
                int best = nearest(x[i], centres);
                if (best != labels[i]) {
                    labels[i] = best;
                    changed = true;
                }
            }
            double[][] sums = new double[k][d];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                double[] s = sums[labels[i]];
                for (int j = 0; j < d; j++) s[j] += x[i][j];
                counts[labels[i]]++;
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) continue;
                for (int j = 0; j < d; j++) centres[c][j] = sums[c][j] / counts[c];
            }
        }
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            labels[i] = nearest(x[i], centres);
            inertia += squaredDistance(x[i], centres[labels[i]]);
        }
        return new Result(centres, labels, inertia, iterations);
    }

    /** The index of the nearest centre (the first of equals). */
    static int nearest(float[] v, double[][] centres) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double dd = squaredDistance(v, centres[c]);
            if (dd < bestD) {
                bestD = dd;
                best = c;
            }
        }
        return best;
    }

    /** Four running sums instead of one, so the JIT can overlap the additions (≈ 3× on 256 columns). */
    static double squaredDistance(float[] a, double[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < a.length; j += 4) {
            double t0 = a[j] - b[j], t1 = a[j + 1] - b[j + 1], t2 = a[j + 2] - b[j + 2], t3 = a[j + 3] - b[j + 3];
            s0 += t0 * t0;
            s1 += t1 * t1;
            s2 += t2 * t2;
            s3 += t3 * t3;
        }
        for (; j < a.length; j++) {
            double t = a[j] - b[j];
            s0 += t * t;
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) out[j] = v[j];
        return out;
    }
}
