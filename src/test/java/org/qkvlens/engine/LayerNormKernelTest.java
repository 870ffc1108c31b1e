package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qkvlens.engine.KernelAssert.assertClose;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LayerNormKernel} held to {@link LayerNormReference}: forward (y, mean, rstd) and backward (dx written or
 * added, dγ and dβ added to what the gradient array already holds), for widths around the vector length and a
 * batch big enough that 3 threads split both the rows and dγ/dβ's columns. Tolerance: 1e-5 × the largest
 * expected magnitude per array (vector lanes and FMA round differently from the plain loops).
 */
class LayerNormKernelTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final double REL_TOL = 1e-5;

    /** Problem: rows × c inputs, γ and β at odd offsets in a params array, a random upstream gradient. */
    private record Problem(int rows, int c, float[] x, float[] params, Weights.Norm norm, float[] dy, float[] grads0,
                           float[] dx0) {
        static Problem random(Random rng, int rows, int c) {
            float[] x = KernelAssert.uniform(rng, rows * c, 2f);
            for (int r = 0; r < rows; r++) {
                float shift = 3f * rng.nextFloat();  // rows with a non-zero mean
                for (int j = 0; j < c; j++) x[r * c + j] += shift;
            }
            Weights.Norm norm = new Weights.Norm(3, 3 + c + 2);
            float[] params = KernelAssert.uniform(rng, 3 + 2 * c + 4, 0.5f);
            for (int j = 0; j < c; j++) params[norm.gamma() + j] += 1f;
            return new Problem(rows, c, x, params, norm, KernelAssert.uniform(rng, rows * c, 1f),
                    KernelAssert.uniform(rng, params.length, 1f), KernelAssert.uniform(rng, rows * c, 1f));
        }
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 3})
    void forwardAndBackwardMatchTheReference(int threads) {
        Random rng = new Random(11);
        int[][] shapes = {{1, 7}, {5, L - 1}, {4, L}, {6, 2 * L + 3}, {300, 150}};
        try (Parallel parallel = new Parallel(threads, true)) {
            LayerNormKernel kernel = new LayerNormKernel(parallel);
            for (int[] s : shapes) {
                Problem pr = Problem.random(rng, s[0], s[1]);
                check(kernel, pr, "rows=" + s[0] + " c=" + s[1] + " threads=" + threads);
            }
        }
    }

    private static void check(LayerNormKernel kernel, Problem pr, String what) {
        int rows = pr.rows, c = pr.c;
        int gamma = pr.norm.gamma(), beta = pr.norm.beta();

        float[] yRef = new float[rows * c], meanRef = new float[rows], rstdRef = new float[rows];
        LayerNormReference.forward(pr.x, yRef, meanRef, rstdRef, rows, c, pr.norm, pr.params);
        float[] y = new float[rows * c], mean = new float[rows], rstd = new float[rows];
        kernel.forward(pr.x, y, mean, rstd, rows, c, pr.norm, pr.params);
        assertClose(what + " y", yRef, y, REL_TOL);
        assertClose(what + " mean", meanRef, mean, REL_TOL);
        assertClose(what + " rstd", rstdRef, rstd, REL_TOL);

        // Backward: the gradient array starts non-zero, so dγ and dβ must be added to it.
        float[] dxRef = new float[rows * c], gradsRef = pr.grads0.clone();
        LayerNormReference.backward(pr.dy, pr.x, meanRef, rstdRef, dxRef, rows, c, pr.norm, pr.params, gradsRef);
        float[] dx = new float[rows * c];
        java.util.Arrays.fill(dx, Float.NaN);  // written, not added: leftovers must not leak through
        float[] grads = pr.grads0.clone();
        kernel.backward(pr.dy, pr.x, mean, rstd, dx, false, rows, c, pr.norm, pr.params, grads);
        assertClose(what + " dx", dxRef, dx, REL_TOL);
        assertClose(what + " dγ", slice(gradsRef, gamma, c), slice(grads, gamma, c), REL_TOL);
        assertClose(what + " dβ", slice(gradsRef, beta, c), slice(grads, beta, c), REL_TOL);
        for (int i = 0; i < grads.length; i++) {
            boolean own = (i >= gamma && i < gamma + c) || (i >= beta && i < beta + c);
            if (!own) assertEquals(pr.grads0[i], grads[i], 0f, what + ": grads[" + i + "] is not γ or β but changed");
        }

        // accumulateDx: dx = dx0 + the same gradient.
        float[] dxAcc = pr.dx0.clone();
        kernel.backward(pr.dy, pr.x, mean, rstd, dxAcc, true, rows, c, pr.norm, pr.params, pr.grads0.clone());
        float[] expected = pr.dx0.clone();
        for (int i = 0; i < expected.length; i++) expected[i] += dxRef[i];
        assertClose(what + " dx accumulated", expected, dxAcc, REL_TOL);
    }

    private static float[] slice(float[] a, int from, int n) {
        return java.util.Arrays.copyOfRange(a, from, from + n);
    }
}
