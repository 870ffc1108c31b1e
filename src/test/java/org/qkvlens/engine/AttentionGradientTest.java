package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qkvlens.engine.GradientAssert.assertClose;
import static org.qkvlens.engine.GradientAssert.numeric;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AttentionKernel}'s backward (masked softmax attention) against finite differences of a double-precision
 * re-implementation under the loss {@code Σ x1·R}: dq, dk, dv with padded keys, causal masking and dropout p = 0.3
 * on the weights, in decoder self-attention and in cross attention (Tq ≠ Tk). Gradients of padded keys must come out
 * zero. Tolerance: relative 1e-4 (float kernel vs double differences).
 */
class AttentionGradientTest {
    private static final double REL_TOL = 1e-4;
    private static final int PAD = 1;
    private static final long DROP_KEY = Dropout.key(3, 9, 77);

    private static final AttentionKernelTest.Case[] CASES = {
        new AttentionKernelTest.Case("decoder self, causal", 2, 5, 5, 2, 8, true, 6, 0.3f),
        new AttentionKernelTest.Case("cross", 2, 4, 7, 2, 6, false, 7, 0.3f),
        new AttentionKernelTest.Case("encoder self, 3 heads", 3, 4, 4, 3, 4, false, 4, 0.3f),
    };

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void backwardMatchesFiniteDifferences(int threads) {
        Random rng = new Random(21);
        try (Parallel parallel = new Parallel(threads, true)) {
            AttentionKernel kernel = new AttentionKernel(parallel);
            for (AttentionKernelTest.Case cs : CASES) check(kernel, cs, rng);
        }
    }

    private static void check(AttentionKernel kernel, AttentionKernelTest.Case cs, Random rng) {
        int b = cs.batch(), tq = cs.tq(), tk = cs.tk(), h = cs.heads(), c = cs.c();
        float[] q = KernelAssert.uniform(rng, b * tq * c, 1.5f);
        float[] k = KernelAssert.uniform(rng, b * tk * c, 1.5f);
        float[] v = KernelAssert.uniform(rng, b * tk * c, 1f);
        float[] r = KernelAssert.uniform(rng, b * tq * c, 1f);
        int[] ids = AttentionKernelTest.keyTokens(cs, rng);
        double[] qd = KernelAssert.toDouble(q), kd = KernelAssert.toDouble(k), vd = KernelAssert.toDouble(v);
        DoubleSupplier loss = () -> {
            double[] x1 = forward(qd, kd, vd, cs, ids);
            double s = 0;
            for (int i = 0; i < x1.length; i++) s += x1[i] * r[i];
            return s;
        };

        float[] att = new float[b * h * tq * tk], x1 = new float[b * tq * c];
        AttentionShape shape = cs.shape();
        AttentionMask mask = cs.mask(ids, DROP_KEY);
        kernel.forward(shape, mask, q, k, v, att, x1);
        double[] x1d = forward(qd, kd, vd, cs, ids);
        for (int i = 0; i < x1.length; i++) assertEquals(x1d[i], x1[i], 1e-5, cs.name() + ": x1[" + i + "]");

        float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
        kernel.backward(shape, mask, q, k, v, att, r, dq, dk, dv);
        assertClose(cs.name() + ": dq", dq, 0, dq.length, i -> numeric(qd, i, loss), REL_TOL);
        assertClose(cs.name() + ": dk", dk, 0, dk.length, i -> numeric(kd, i, loss), REL_TOL);
        assertClose(cs.name() + ": dv", dv, 0, dv.length, i -> numeric(vd, i, loss), REL_TOL);
        for (int bb = 0; bb < b; bb++) {
            for (int j = 0; j < tk; j++) {
                if (ids[bb * cs.keyStride() + j] != PAD) continue;
                for (int t = 0; t < c; t++) {
                    int i = (bb * tk + j) * c + t;
                    assertEquals(0f, dk[i], 0f, cs.name() + ": dk of padded key " + j);
                    assertEquals(0f, dv[i], 0f, cs.name() + ": dv of padded key " + j);
                }
            }
        }
    }

    /**
     * x1 (B, Tq, C) in double, straight from the tutorial: per head energy = q·kᵀ/√D, masked keys −1e10,
     * softmax, dropout on the weights (the engine's mask at index ((b·H + h)·Tq + i)·Tk + j), weights·v.
     */
    private static double[] forward(double[] q, double[] k, double[] v, AttentionKernelTest.Case cs, int[] ids) {
        int batch = cs.batch(), tq = cs.tq(), tk = cs.tk(), heads = cs.heads(), d = cs.d(), c = cs.c();
        double scale = Math.sqrt(d);
        double[] x1 = new double[batch * tq * c];
        double[] e = new double[tk];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < tq; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < tk; j++) {
                        double dot = 0;
                        for (int t = 0; t < d; t++) dot += q[(b * tq + i) * c + h * d + t] * k[(b * tk + j) * c + h * d + t];
                        boolean masked = ids[b * cs.keyStride() + j] == PAD || (cs.causal() && j > i);
                        e[j] = masked ? -1e10 : dot / scale;
                        max = Math.max(max, e[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < tk; j++) z += Math.exp(e[j] - max);
                    for (int j = 0; j < tk; j++) {
                        double a = Math.exp(e[j] - max) / z * Dropout.scale(DROP_KEY, ((b * heads + h) * tq + i) * tk + j, cs.p());
                        for (int t = 0; t < d; t++) x1[(b * tq + i) * c + h * d + t] += a * v[(b * tk + j) * c + h * d + t];
                    }
                }
            }
        }
        return x1;
    }
}
