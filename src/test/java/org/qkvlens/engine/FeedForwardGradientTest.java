package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qkvlens.engine.GradientAssert.assertClose;
import static org.qkvlens.engine.GradientAssert.numeric;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The position-wise feed-forward with its residual, {@code r = x + dropout(fc_2(dropout(relu(fc_1(x)))))}
 * ({@link Seq2Seq#feedForward} / {@link Seq2Seq#feedForwardBackward}), against finite differences of a plain double
 * version under the loss {@code Σ r·R}, so dR = R: the whole gradient of x (residual path included) and of fc_1 and
 * fc_2's weights and biases, through a tiny model with dropout on. Tolerance: relative 1e-4.
 */
class FeedForwardGradientTest {
    private static final ModelConfig TINY = new ModelConfig(11, 13, 8, 1, 1, 2, 2, 12, 10, 0.25f, 12, 1, 1);
    private static final double REL_TOL = 1e-4;
    private static final int ROWS = 7;

    @Test
    void backwardMatchesFiniteDifferences() {
        long hKey = Dropout.key(5, 1, Seq2Seq.encSite(0) + Seq2Seq.FF_H);
        long fKey = Dropout.key(5, 1, Seq2Seq.encSite(0) + Seq2Seq.FF_F);
        float p = TINY.dropout();
        int c = TINY.hidDim(), pf = TINY.encPfDim();
        try (Seq2Seq model = new Seq2Seq(TINY, 2)) {
            model.initialize(8);
            Weights.FeedForward w = model.weights.encoder[0].ff();
            Random rng = new Random(6);
            float[] x = KernelAssert.uniform(rng, ROWS * c, 1.5f);
            float[] r = KernelAssert.uniform(rng, ROWS * c, 1f);
            double[] xd = KernelAssert.toDouble(x), pd = KernelAssert.toDouble(model.params);
            DoubleSupplier loss = () -> {
                double[] res = residual(xd, pd, w, c, pf, hKey, fKey, p);
                double s = 0;
                for (int i = 0; i < res.length; i++) s += res[i] * r[i];
                return s;
            };

            Activations.FeedForward ff = new Activations.FeedForward(ROWS, pf, c);
            Activations.Grads g = new Activations.Grads(ROWS, ROWS, c, pf);
            model.feedForward(x, ff, w, ROWS, hKey, p);
            double[] res = residual(xd, pd, w, c, pf, hKey, fKey, p);
            for (int i = 0; i < x.length; i++) {
                assertEquals(res[i], x[i] + ff.f[i] * Dropout.scale(fKey, i, p), 1e-5, "r[" + i + "]");
            }

            float[] dx = new float[ROWS * c];
            Arrays.fill(dx, Float.NaN);  // feedForwardBackward writes the whole gradient of x
            model.zeroGrad();
            model.feedForwardBackward(r, dx, x, ff, w, ROWS, g, hKey, fKey, p);
            assertClose("dx", dx, 0, dx.length, i -> numeric(xd, i, loss), REL_TOL);
            for (Weights.Linear lin : new Weights.Linear[] {w.fc1(), w.fc2()}) {
                String name = lin == w.fc1() ? "fc_1" : "fc_2";
                int wEnd = lin.w() + lin.in() * lin.out();
                assertClose(name + ".weight", model.grads, lin.w(), wEnd, i -> numeric(pd, i, loss), REL_TOL);
                assertClose(name + ".bias", model.grads, lin.b(), lin.b() + lin.out(), i -> numeric(pd, i, loss), REL_TOL);
            }
        }
    }

    /** r = x + fc_2(relu(fc_1(x)) · hMask) · fMask, row by row in double. */
    private static double[] residual(double[] x, double[] p, Weights.FeedForward w, int c, int pf, long hKey, long fKey,
                                     float drop) {
        double[] r = new double[ROWS * c];
        double[] h = new double[pf];
        for (int n = 0; n < ROWS; n++) {
            for (int o = 0; o < pf; o++) {
                double s = p[w.fc1().b() + o];
                for (int i = 0; i < c; i++) s += p[w.fc1().w() + o * c + i] * x[n * c + i];
                h[o] = Math.max(0, s) * Dropout.scale(hKey, n * pf + o, drop);
            }
            for (int o = 0; o < c; o++) {
                double s = p[w.fc2().b() + o];
                for (int i = 0; i < pf; i++) s += p[w.fc2().w() + o * pf + i] * h[i];
                r[n * c + o] = x[n * c + o] + s * Dropout.scale(fKey, n * c + o, drop);
            }
        }
        return r;
    }
}
