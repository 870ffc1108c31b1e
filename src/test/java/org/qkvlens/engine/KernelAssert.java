package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/**
 * Random test data and the one tolerance check the "fast kernel vs plain-loop reference" tests share. The fast
 * kernels sum in a different order (vector lanes, FMA) from their references, so they agree to float rounding, not
 * bit for bit: {@link #assertClose} allows {@code relTol × max|expected|} per element.
 */
final class KernelAssert {
    private KernelAssert() {
    }

    /** n floats uniform in [−bound, bound). */
    static float[] uniform(Random rng, int n, float bound) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (2f * rng.nextFloat() - 1f) * bound;
        return a;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /**
     * Fails unless every element of {@code actual} is within {@code relTol × max|expected|} of {@code expected}.
     * Also fails when {@code expected} is all zeros, so a comparison of two empty results cannot pass silently.
     */
    static void assertClose(String what, float[] expected, float[] actual, double relTol) {
        assertTrue(expected.length == actual.length, what + ": lengths " + expected.length + " vs " + actual.length);
        double max = 0;
        for (float e : expected) max = Math.max(max, Math.abs(e));
        assertTrue(max > 0, what + ": expected values are all zero, the test checks nothing");
        double allowed = relTol * max;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) actual[i] - expected[i]);
            if (!(diff <= allowed)) {
                fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]
                        + " (|diff| " + diff + " > " + relTol + " × max " + max + ")");
            }
        }
    }
}
