package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.IntToDoubleFunction;

/** Central finite differences in double, and the comparison of an engine gradient (float) against them. */
final class GradientAssert {
    static final double H = 1e-6;

    private GradientAssert() {
    }

    /** d f / d x[i] by central differences, restoring x[i]. */
    static double numeric(double[] x, int i, java.util.function.DoubleSupplier f) {
        double old = x[i];
        x[i] = old + H;
        double up = f.getAsDouble();
        x[i] = old - H;
        double down = f.getAsDouble();
        x[i] = old;
        return (up - down) / (2 * H);
    }

    /**
     * Fails unless the analytic gradient agrees with the numeric one over [from, to): relative error of the whole
     * block at most {@code relTol}, each element within relTol × (block max) + 1e-7.
     */
    static void assertClose(String what, float[] analytic, int from, int to, IntToDoubleFunction numeric, double relTol) {
        double[] num = new double[to - from];
        double maxAbs = 0, diff2 = 0, ref2 = 0;
        for (int i = from; i < to; i++) {
            num[i - from] = numeric.applyAsDouble(i);
            maxAbs = Math.max(maxAbs, Math.abs(num[i - from]));
        }
        for (int i = from; i < to; i++) {
            double d = analytic[i] - num[i - from];
            diff2 += d * d;
            ref2 += num[i - from] * num[i - from];
        }
        double rel = Math.sqrt(diff2) / Math.max(Math.sqrt(ref2), 1e-12);
        if (maxAbs > 1e-9 && !(rel <= relTol)) {  // !(≤) so that NaN fails
            fail(what + ": relative error " + rel + " > " + relTol + " (|numeric| max " + maxAbs + ")");
        }
        for (int i = from; i < to; i++) {
            if (!(Math.abs(analytic[i] - num[i - from]) <= relTol * maxAbs + 1e-7)) {
                fail(what + "[" + (i - from) + "]: analytic " + analytic[i] + " vs numeric " + num[i - from]
                        + " (block max " + maxAbs + ")");
            }
        }
    }
}
