package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qkvlens.engine.GradientAssert.assertClose;
import static org.qkvlens.engine.GradientAssert.numeric;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LayerNormKernel}'s backward against finite differences of a plain double LayerNorm (ε = 1e-5, biased
 * variance, as {@code torch.nn.LayerNorm}) under the loss {@code Σ y·R}: dx (written, then accumulated), dγ and
 * dβ. Tolerance: relative 1e-4 (the kernel works in float; double differences with h = 1e-6 are good to ~1e-9).
 */
class LayerNormGradientTest {
    private static final double REL_TOL = 1e-4;

    @ParameterizedTest(name = "rows={0} c={1} threads={2}")
    @CsvSource({"4, 7, 1", "6, 40, 3", "3, 19, 2"})
    void backwardMatchesFiniteDifferences(int rows, int c, int threads) {
        Random rng = new Random(rows * 100L + c);
        Weights.Norm norm = new Weights.Norm(1, 1 + c + 2);
        float[] params = KernelAssert.uniform(rng, norm.beta() + c + 1, 0.5f);
        for (int j = 0; j < c; j++) params[norm.gamma() + j] += 1f;
        float[] x = KernelAssert.uniform(rng, rows * c, 2f);
        for (int i = 0; i < x.length; i++) x[i] += 0.5f * (i / c);  // a different mean per row
        float[] r = KernelAssert.uniform(rng, rows * c, 1f);
        double[] xd = KernelAssert.toDouble(x), pd = KernelAssert.toDouble(params);
        DoubleSupplier loss = () -> loss(xd, pd, r, rows, c, norm);

        try (Parallel parallel = new Parallel(threads, true)) {
            LayerNormKernel kernel = new LayerNormKernel(parallel);
            float[] y = new float[rows * c], mean = new float[rows], rstd = new float[rows];
            kernel.forward(x, y, mean, rstd, rows, c, norm, params);
            double[] yd = forward(xd, pd, rows, c, norm);
            for (int i = 0; i < y.length; i++) assertEquals(yd[i], y[i], 1e-5 * (1 + Math.abs(yd[i])), "y[" + i + "]");

            float[] dx = new float[rows * c];
            Arrays.fill(dx, Float.NaN);
            float[] grads = new float[params.length];
            kernel.backward(r, x, mean, rstd, dx, false, rows, c, norm, params, grads);
            assertClose("dx", dx, 0, dx.length, i -> numeric(xd, i, loss), REL_TOL);
            assertClose("dγ", grads, norm.gamma(), norm.gamma() + c, i -> numeric(pd, i, loss), REL_TOL);
            assertClose("dβ", grads, norm.beta(), norm.beta() + c, i -> numeric(pd, i, loss), REL_TOL);

            float[] dx0 = KernelAssert.uniform(rng, rows * c, 1f);
            float[] dxAcc = dx0.clone();
            kernel.backward(r, x, mean, rstd, dxAcc, true, rows, c, norm, params, grads);
            assertClose("dx accumulated", dxAcc, 0, dxAcc.length, i -> dx0[i] + numeric(xd, i, loss), REL_TOL);
            assertClose("dγ added twice", grads, norm.gamma(), norm.gamma() + c, i -> 2 * numeric(pd, i, loss), REL_TOL);
        }
    }

    private static double[] forward(double[] x, double[] p, int rows, int c, Weights.Norm norm) {
        double[] y = new double[rows * c];
        for (int r = 0; r < rows; r++) {
            double mean = 0, var = 0;
            for (int j = 0; j < c; j++) mean += x[r * c + j];
            mean /= c;
            for (int j = 0; j < c; j++) var += (x[r * c + j] - mean) * (x[r * c + j] - mean);
            var /= c;
            double rstd = 1 / Math.sqrt(var + 1e-5);
            for (int j = 0; j < c; j++) {
                y[r * c + j] = (x[r * c + j] - mean) * rstd * p[norm.gamma() + j] + p[norm.beta() + j];
            }
        }
        return y;
    }

    private static double loss(double[] x, double[] p, float[] r, int rows, int c, Weights.Norm norm) {
        double[] y = forward(x, p, rows, c, norm);
        double s = 0;
        for (int i = 0; i < y.length; i++) s += y[i] * r[i];
        return s;
    }
}
