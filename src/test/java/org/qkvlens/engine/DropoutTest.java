package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Dropout}: the vectorised multipliers equal the scalar definition bit for bit (kernels use the vector one,
 * the gradient tests' double-precision models the scalar one), and the kept fraction matches 1 − p.
 */
class DropoutTest {

    @Test
    void vectorMultipliersEqualTheScalarOnes() {
        float[] lanes = new float[Dropout.LANES];
        for (float p : new float[] {0.1f, 0.5f, 0.9f}) {
            float keep = Dropout.keep(p);
            for (long seed = 0; seed < 3; seed++) {
                long key = Dropout.key(seed, 7, 11);
                for (int index = 0; index < 20_000; index += Dropout.LANES) {
                    Dropout.scales(key, index, p, keep).intoArray(lanes, 0);
                    for (int i = 0; i < Dropout.LANES; i++) {
                        assertEquals(Dropout.scale(key, index + i, p), lanes[i], "p " + p + ", element " + (index + i));
                    }
                }
            }
        }
    }

    @Test
    void keptFractionIsOneMinusP() {
        long key = Dropout.key(1234, 1, 3);
        int n = 200_000, kept = 0;
        for (int i = 0; i < n; i++) {
            float s = Dropout.scale(key, i, 0.1f);
            assertTrue(s == 0f || s == 1f / 0.9f, "multiplier " + s);
            if (s != 0f) kept++;
        }
        assertEquals(0.9, kept / (double) n, 0.003);
    }
}
