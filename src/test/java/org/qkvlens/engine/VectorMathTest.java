package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath#exp}: the vector and scalar versions give the same bits (cross-entropy and attention use the
 * vector one for whole vectors and the scalar one for the tail), and both stay within 2 float ulps of
 * {@link Math#exp} over the range softmax uses, with 0 below the cut-off.
 */
class VectorMathTest {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Test
    void vectorAndScalarGiveTheSameBits() {
        Random rng = new Random(3);
        float[] x = new float[F.length() * 4096], out = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = (rng.nextFloat() * 2 - 1) * 100f;
        x[0] = 0f;
        x[1] = -0f;
        x[2] = VectorMath.MIN_ARG;
        x[3] = VectorMath.MAX_ARG;
        x[4] = Float.NEGATIVE_INFINITY;   // masked logits after subtracting the max
        x[5] = -1e10f;
        for (int i = 0; i < x.length; i += F.length()) VectorMath.exp(FloatVector.fromArray(F, x, i)).intoArray(out, i);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(VectorMath.exp(x[i])), Float.floatToRawIntBits(out[i]), "exp(" + x[i] + ")");
        }
    }

    @Test
    void scalarIsWithinTwoUlpsOfMathExp() {
        for (float x = -87f; x <= 88f; x += 0.0137f) {
            float got = VectorMath.exp(x), want = (float) Math.exp(x);
            assertTrue(Math.abs(got - want) <= 2 * Math.ulp(want), "exp(" + x + ") = " + got + ", Math.exp gives " + want);
        }
        assertEquals(1f, VectorMath.exp(0f));
        assertEquals(0f, VectorMath.exp(-90f));
        assertEquals(0f, VectorMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, VectorMath.exp(-1e10f));
    }
}
