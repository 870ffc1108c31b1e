package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** {@link Lanes}: the scalar fold of stored lanes gives the vector fold's bits; max is the largest lane. */
class LanesTest {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Test
    void storedSumHasTheVectorSumsBits() {
        Random rng = new Random(8);
        float[] x = new float[F.length()], lanes = new float[F.length()];
        for (int trial = 0; trial < 10_000; trial++) {
            for (int i = 0; i < x.length; i++) x[i] = (rng.nextFloat() - 0.5f) * (float) Math.pow(10, rng.nextInt(8) - 4);
            FloatVector v = FloatVector.fromArray(F, x, 0);
            v.intoArray(lanes, 0);
            assertEquals(Float.floatToRawIntBits(Lanes.sum(v)), Float.floatToRawIntBits(Lanes.sumStored(lanes)), "trial " + trial);
            float max = Float.NEGATIVE_INFINITY;
            for (float f : x) max = Math.max(max, f);
            assertEquals(max, Lanes.max(v));
        }
    }
}
