package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum (and max) of a vector's lanes in a fixed order. {@code reduceLanes(ADD)} must not be used for anything that
 * has to be reproducible: it adds the lanes one after another while the JVM interprets the code and as a tree once C2
 * has compiled it, so the same run could give different bits before and after warm-up. Here the tree is spelled out
 * with lane-exact shuffles and adds, which both execution modes compute identically: ((l0 + l[L/2]) + …) folded in
 * halves. Written out for 16 lanes (AVX-512) with constant shuffles, a loop for other lengths: the compiler turns
 * a few constant shuffles into plain instructions, while a loop over an array of shuffles can defeat it (and
 * then every vector op allocates).
 */
final class Lanes {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] HALVES = halves();
    private static final boolean SIXTEEN = F.length() == 16;
    private static final VectorShuffle<Float> H8 = HALVES[0], H4 = HALVES[SIXTEEN ? 1 : 0],
            H2 = HALVES[SIXTEEN ? 2 : 0], H1 = HALVES[SIXTEEN ? 3 : 0];

    private Lanes() {
    }

    /** Σ lanes of v, folded in halves; identical in the interpreter and in compiled code. */
    static float sum(FloatVector v) {
        if (SIXTEEN) {
            v = v.add(v.rearrange(H8));
            v = v.add(v.rearrange(H4));
            v = v.add(v.rearrange(H2));
            return v.add(v.rearrange(H1)).lane(0);
        }
        for (VectorShuffle<Float> s : HALVES) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    /**
     * {@link #sum} of a vector already stored in {@code lanes} (overwritten), in scalar code with the same pairings
     * and so the same bits. For kernels so large that C2 stops inlining before it reaches {@link #sum}: a vector
     * passed to a call that is not inlined is boxed, an allocation per call; an array is not.
     */
    static float sumStored(float[] lanes) {
        for (int half = lanes.length / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) lanes[i] += lanes[i + half];
        }
        return lanes[0];
    }

    /** The largest lane of v, folded in halves like {@link #sum}. */
    static float max(FloatVector v) {
        if (SIXTEEN) {
            v = v.max(v.rearrange(H8));
            v = v.max(v.rearrange(H4));
            v = v.max(v.rearrange(H2));
            return v.max(v.rearrange(H1)).lane(0);
        }
        for (VectorShuffle<Float> s : HALVES) v = v.max(v.rearrange(s));
        return v.lane(0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    private static VectorShuffle<Float>[] halves() {
        int steps = Math.max(1, Integer.numberOfTrailingZeros(F.length()));
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        int half = Math.max(1, F.length() / 2);
        for (int s = 0; s < steps; s++, half = Math.max(1, half / 2)) {
            int h = half;
            out[s] = VectorShuffle.fromOp(F, i -> (i + h) % F.length());
        }
        return out;
    }
}
