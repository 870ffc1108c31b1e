package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in a fixed order. {@code reduceLanes(ADD)} must not be used for anything that has to be
 * reproducible: it adds the lanes one after another while the JVM interprets the code and as a tree once C2 has
 * compiled it, so the same run could give different bits before and after warm-up. Here the tree is spelled out with
 * lane-exact shuffles and adds, which both execution modes compute identically.
 */
final class Lanes {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] HALVES = halves();

    private Lanes() {
    }

    /** Σ lanes of v, as ((l0 + l[L/2]) + …) folded in halves; identical in the interpreter and in compiled code. */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> s : HALVES) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int steps = Integer.numberOfTrailingZeros(F.length());
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        int half = F.length() / 2;
        for (int s = 0; s < steps; s++, half /= 2) {
            int h = half;
            out[s] = VectorShuffle.fromOp(F, i -> (i + h) % F.length());
        }
        return out;
    }
}
