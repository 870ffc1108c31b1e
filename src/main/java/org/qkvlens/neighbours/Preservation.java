package org.qkvlens.neighbours;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.qkvlens.data.SplitMix64;

/**
 * How much of the original space's neighbourhoods a layout keeps: for each point of a seeded sample (all points when
 * there are at most {@code maxSample}), the share of its k nearest in the original space that are also among its k
 * nearest in the layout, averaged ({@code mean}, 0…1; NaN with fewer than two points). This is the trustworthiness-like
 * "k-NN preservation" of the projection literature, in its simplest form (no rank weighting).
 *
 * <p>Brute force: every sampled point against every point. The original-space distances come from float dot products
 * (Vector API lanes; blocks of {@link #BLOCK} sampled points stream over all points, so the n vectors are read n/BLOCK
 * times, not once per sampled point), in parallel over blocks; float rounding can swap neighbours whose distances
 * agree to about 1e-6 relative, which a mean over hundreds of points does not notice. {@link NearestNeighbours#inSpace}
 * is the exact reference a test holds this to.
 * <pre>
 * n  points, p  features, d  layout dimensions, m  sampled points (≤ maxSample)
 * </pre>
 */
public record Preservation(double mean, int sampled, int k) {
    /** The default sample: up to this many points of a snapshot. */
    public static final int SAMPLE = 500;
    static final int BLOCK = 32;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** The share as a whole percentage, or −1 when there is none. */
    public int percent() {
        return Double.isNaN(mean) ? -1 : (int) Math.round(mean * 100);
    }

    public static Preservation of(float[][] vectors, double[][] positions, int k, NeighbourMetric metric, int maxSample,
                                  long seed, BooleanSupplier cancelled) {
        int n = vectors.length;
        if (positions.length != n) throw new IllegalArgumentException(positions.length + " positions for " + n + " vectors");
        if (k < 1) throw new IllegalArgumentException("k = " + k);
        if (n < 2) return new Preservation(Double.NaN, 0, k);
        int kk = Math.min(k, n - 1);
        int[] sample = sample(n, maxSample, seed);
        double[] scale = new double[n];           // cosine: 1/|x|; Euclidean: |x|²
        for (int j = 0; j < n; j++) {
            double s = dot(vectors[j], vectors[j]);
            scale[j] = metric == NeighbourMetric.EUCLIDEAN ? s : s == 0 ? 0 : 1 / Math.sqrt(s);
        }
        int blocks = (sample.length + BLOCK - 1) / BLOCK;
        double[] kept = new double[sample.length];
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = b * BLOCK, to = Math.min(sample.length, from + BLOCK);
            NearestNeighbours.TopK[] top = new NearestNeighbours.TopK[to - from];
            for (int q = from; q < to; q++) top[q - from] = new NearestNeighbours.TopK(kk);
            for (int j = 0; j < n; j++) {
                if ((j & 2047) == 0 && cancelled.getAsBoolean()) throw new CancellationException();
                float[] x = vectors[j];
                for (int q = from; q < to; q++) {
                    int i = sample[q];
                    if (i == j) continue;
                    double dot = dot(vectors[i], x);
                    double d = metric == NeighbourMetric.EUCLIDEAN ? scale[i] + scale[j] - 2 * dot
                            : scale[i] == 0 || scale[j] == 0 ? 1 : 1 - dot * scale[i] * scale[j];
                    top[q - from].offer(j, d);
                }
            }
            for (int q = from; q < to; q++) {
                int[] space = top[q - from].ranked().index();
                int[] layout = NearestNeighbours.inLayout(positions, sample[q], kk).index();
                kept[q] = NearestNeighbours.overlap(space, layout) / (double) kk;
            }
        });
        return new Preservation(Arrays.stream(kept).average().orElse(Double.NaN), sample.length, kk);
    }

    /** All of 0…n−1 when n ≤ max, else max of them drawn without replacement by a seeded shuffle, ascending. */
    static int[] sample(int n, int max, long seed) {
        int[] all = IntStream.range(0, n).toArray();
        if (n <= max) return all;
        SplitMix64.shuffle(all, new SplitMix64(seed));
        int[] out = Arrays.copyOf(all, max);
        Arrays.sort(out);
        return out;
    }

    /** a·b over float lanes (lanes added by reduceLanes, whose order may vary: fine for a mean share). */
    static double dot(float[] a, float[] b) {
        int p = a.length, bound = S.loopBound(p), f = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; f < bound; f += S.length()) acc = FloatVector.fromArray(S, a, f).fma(FloatVector.fromArray(S, b, f), acc);
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; f < p; f++) s += (double) a[f] * b[f];
        return s;
    }
}
