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
 * {@link LinearKernel} against finite differences of a plain double {@code y = x·Wᵀ + b} under the loss
 * {@code Σ y·R} for a fixed random R, so dy = R: dx, dW, db, the accumulate mode of dx, dW/db adding to what the
 * gradient array holds, and a null dx. W and b sit at non-zero offsets of a larger parameter array.
 * Tolerance: relative 1e-4 (float kernel vs double differences; the loss is linear, so FD is exact to ~1e-10).
 */
class LinearGradientTest {
    private static final double REL_TOL = 1e-4;

    @ParameterizedTest(name = "rows={0} in={1} out={2} threads={3}")
    @CsvSource({"5, 7, 6, 1", "9, 20, 35, 3", "13, 33, 17, 2"})
    void backwardMatchesFiniteDifferences(int rows, int in, int out, int threads) {
        Random rng = new Random(rows * 31L + in);
        Weights.Linear lin = new Weights.Linear(2, 2 + out * in + 3, in, out);
        float[] params = KernelAssert.uniform(rng, lin.b() + out + 2, 1f);
        float[] paramsT = transposed(params, lin);
        float[] x = KernelAssert.uniform(rng, rows * in, 1f);
        float[] r = KernelAssert.uniform(rng, rows * out, 1f);
        double[] xd = KernelAssert.toDouble(x), pd = KernelAssert.toDouble(params);
        DoubleSupplier loss = () -> loss(xd, pd, r, rows, lin);

        try (Parallel parallel = new Parallel(threads, true)) {
            LinearKernel kernel = new LinearKernel(parallel);
            float[] y = new float[rows * out];
            kernel.forward(x, y, rows, lin, params, paramsT);
            double[] yd = forward(xd, pd, rows, lin);
            for (int i = 0; i < y.length; i++) {
                assertEquals(yd[i], y[i], 1e-5 * (1 + Math.abs(yd[i])), "y[" + i + "]");
            }

            float[] dx = new float[rows * in];
            Arrays.fill(dx, Float.NaN);  // written, not added
            float[] grads = new float[params.length];
            kernel.backward(r, x, dx, false, rows, lin, params, grads);
            assertClose("dx", dx, 0, dx.length, i -> numeric(xd, i, loss), REL_TOL);
            assertClose("dW", grads, lin.w(), lin.w() + out * in, i -> numeric(pd, i, loss), REL_TOL);
            assertClose("db", grads, lin.b(), lin.b() + out, i -> numeric(pd, i, loss), REL_TOL);
            assertClose("grads outside W and b", grads, 0, lin.w(), i -> 0, REL_TOL);
            assertClose("grads outside W and b", grads, lin.w() + out * in, lin.b(), i -> 0, REL_TOL);

            // Accumulate: dx = dx0 + dL/dx, and a second backward doubles dW and db.
            float[] dx0 = KernelAssert.uniform(rng, rows * in, 1f);
            float[] dxAcc = dx0.clone();
            kernel.backward(r, x, dxAcc, true, rows, lin, params, grads);
            assertClose("dx accumulated", dxAcc, 0, dxAcc.length, i -> dx0[i] + numeric(xd, i, loss), REL_TOL);
            assertClose("dW added twice", grads, lin.w(), lin.w() + out * in, i -> 2 * numeric(pd, i, loss), REL_TOL);
            assertClose("db added twice", grads, lin.b(), lin.b() + out, i -> 2 * numeric(pd, i, loss), REL_TOL);

            // No dx wanted (the first layer's input): weights still get their gradient.
            float[] gradsOnly = new float[params.length];
            kernel.backward(r, x, null, false, rows, lin, params, gradsOnly);
            assertClose("dW without dx", gradsOnly, lin.w(), lin.w() + out * in, i -> numeric(pd, i, loss), REL_TOL);
        }
    }

    /** Wᵀ (in, out) at W's offset, as Seq2Seq caches it. */
    private static float[] transposed(float[] params, Weights.Linear lin) {
        float[] t = params.clone();
        for (int o = 0; o < lin.out(); o++) {
            for (int i = 0; i < lin.in(); i++) t[lin.w() + i * lin.out() + o] = params[lin.w() + o * lin.in() + i];
        }
        return t;
    }

    private static double[] forward(double[] x, double[] p, int rows, Weights.Linear lin) {
        int in = lin.in(), out = lin.out();
        double[] y = new double[rows * out];
        for (int n = 0; n < rows; n++) {
            for (int o = 0; o < out; o++) {
                double s = p[lin.b() + o];
                for (int i = 0; i < in; i++) s += p[lin.w() + o * in + i] * x[n * in + i];
                y[n * out + o] = s;
            }
        }
        return y;
    }

    private static double loss(double[] x, double[] p, float[] r, int rows, Weights.Linear lin) {
        double[] y = forward(x, p, rows, lin);
        double s = 0;
        for (int i = 0; i < y.length; i++) s += y[i] * r[i];
        return s;
    }
}
