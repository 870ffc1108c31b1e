package org.qkvlens.analysis;

import org.qkvlens.data.SplitMix64;

/**
 * k-means in the vectors' own space (squared Euclidean distance): k-means++ seeding (Arthur and Vassilvitskii, 2007)
 * from a {@link SplitMix64} stream, then Lloyd's iterations until no point changes cluster. Deterministic for a seed.
 * A cluster that empties keeps its centre. Centres in float, sums and distances accumulated in double; leaves out restarts (the
 * caller runs several seeds) and the elkan/hamerly speed-ups.
 */
public final class KMeans {
    private KMeans() {
    }

    /** Centres (k, d), each point's cluster, the sum of squared distances to the centres, and iterations run. */
    public record Result(float[][] centres, int[] labels, double inertia, int iterations) {
        public int k() {
            return centres.length;
        }
    }

    /** k-means++ seeding then {@link #lloyd}. Needs 1 ≤ k ≤ points. */
    public static Result fit(float[][] x, int k, long seed, int maxIterations) {
        return lloyd(x, seeds(x, k, new SplitMix64(seed)), maxIterations);
    }

    /** k-means++: the first centre uniformly, each next one with probability proportional to D(x)². */
    static float[][] seeds(float[][] x, int k, SplitMix64 rng) {
        int n = x.length;
        if (k < 1 || k > n) throw new IllegalArgumentException("k = " + k + " for " + n + " points");
        float[][] centres = new float[k][];
        centres[0] = x[rng.nextInt(n)].clone();
        double[] d2 = new double[n];
        java.util.Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], Distances.squared(x[i], centres[c - 1]));
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
            centres[c] = x[pick].clone();
        }
        return centres;
    }

    /** Lloyd's iterations from the given centres (not changed) until no label changes or {@code maxIterations}. */
    public static Result lloyd(float[][] x, float[][] start, int maxIterations) {
        int n = x.length, k = start.length, d = start[0].length;
        float[][] centres = new float[k][];
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
                for (int j = 0; j < d; j++) centres[c][j] = (float) (sums[c][j] / counts[c]);
            }
        }
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            labels[i] = nearest(x[i], centres);
            inertia += Distances.squared(x[i], centres[labels[i]]);
        }
        return new Result(centres, labels, inertia, iterations);
    }

    /** The index of the nearest centre (the first of equals). */
    static int nearest(float[] v, float[][] centres) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double dd = Distances.squared(v, centres[c]);
            if (dd < bestD) {
                bestD = dd;
                best = c;
            }
        }
        return best;
    }
}
