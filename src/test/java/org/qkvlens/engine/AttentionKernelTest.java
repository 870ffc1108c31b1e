package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.qkvlens.engine.KernelAssert.assertClose;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AttentionKernel} held to {@link AttentionReference}: forward (x1 and the attention weights) and backward
 * (dq, dk, dv), with padded keys, causal masking, dropout p = 0.3 under a fixed key, several heads, head dims 8, 16,
 * 32 and 20 (a vector tail), Tq ≠ Tk (cross attention), a key row stride larger than Tk (as the decoder passes
 * trg[:, :-1]) and Tk above the kernel's initial 128-float scratch. Tolerance: 1e-5 × the largest expected magnitude
 * per array.
 */
class AttentionKernelTest {
    private static final double REL_TOL = 1e-5;
    private static final int PAD = 1;
    private static final long DROP_KEY = Dropout.key(17, 3, 42);

    /** One attention call's shape; {@code keyStride ≥ tk}. */
    record Case(String name, int batch, int tq, int tk, int heads, int d, boolean causal, int keyStride, float p) {
        int c() {
            return heads * d;
        }
    }

    static final Case[] CASES = {
        new Case("decoder self, causal, D=8", 3, 7, 7, 2, 8, true, 8, 0.3f),
        new Case("encoder self, D=16", 2, 9, 9, 3, 16, false, 9, 0.3f),
        new Case("cross Tq<Tk, D=32", 2, 5, 11, 2, 32, false, 11, 0.3f),
        new Case("cross Tq>Tk, D=20", 3, 6, 4, 3, 20, false, 4, 0.3f),
        new Case("cross, D=20, no dropout", 2, 6, 5, 2, 20, false, 5, 0f),
        new Case("Tk=150 > scratch, causal", 1, 150, 150, 2, 8, true, 152, 0.3f),
    };

    /**
     * Key tokens (batch, keyStride): row b has its last b·⌈tk/4⌉ keys padded (never key 0, so no query row is fully
     * masked); the columns past tk hold pad ids the kernels must not read as keys.
     */
    static int[] keyTokens(Case cs, Random rng) {
        int[] ids = new int[cs.batch() * cs.keyStride()];
        Arrays.fill(ids, PAD);
        for (int b = 0; b < cs.batch(); b++) {
            int valid = Math.max(1, cs.tk() - b * ((cs.tk() + 3) / 4));
            for (int j = 0; j < valid; j++) ids[b * cs.keyStride() + j] = 2 + rng.nextInt(8);
        }
        return ids;
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 3})
    void forwardAndBackwardMatchTheReference(int threads) {
        Random rng = new Random(5);
        try (Parallel parallel = new Parallel(threads, true)) {
            AttentionKernel kernel = new AttentionKernel(parallel);
            for (Case cs : CASES) check(kernel, cs, rng, cs.name() + ", " + threads + " thread(s)");
        }
    }

    @Test
    void aRowWhoseKeysAreAllMaskedGetsUniformWeightsAndNoEnergyGradientLikePyTorch() {
        int b = 1, tq = 2, tk = 3, h = 1, c = 4;
        Random rng = new Random(9);
        float[] q = KernelAssert.uniform(rng, b * tq * c, 1f);
        float[] k = KernelAssert.uniform(rng, b * tk * c, 1f);
        float[] v = KernelAssert.uniform(rng, b * tk * c, 1f);
        float[] dx1 = KernelAssert.uniform(rng, b * tq * c, 1f);
        int[] ids = {PAD, PAD, PAD};
        float[] attRef = new float[b * h * tq * tk], x1Ref = new float[b * tq * c];
        AttentionReference.forward(q, k, v, attRef, x1Ref, b, tq, tk, h, c, ids, tk, PAD, false, 0, 0f);
        try (Parallel parallel = new Parallel(1)) {
            AttentionKernel kernel = new AttentionKernel(parallel);
            float[] att = new float[attRef.length], x1 = new float[x1Ref.length];
            kernel.shape(b, tq, tk, h, c, ids, tk, PAD, false, 0, 0f);
            kernel.forward(q, k, v, att, x1);
            for (float a : att) assertEquals(1f / 3, a, 1e-7f);
            assertClose("x1", x1Ref, x1, REL_TOL);
            float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
            kernel.backward(q, k, v, att, dx1, dq, dk, dv);
            for (float d : dq) assertEquals(0f, d);
            for (float d : dk) assertEquals(0f, d);
            float[] dqRef = new float[q.length], dkRef = new float[k.length], dvRef = new float[v.length];
            AttentionReference.backward(q, k, v, attRef, dx1, dqRef, dkRef, dvRef, b, tq, tk, h, c, ids, tk, PAD, false, 0, 0f);
            assertClose("dv", dvRef, dv, REL_TOL);
        }
    }

    private static void check(AttentionKernel kernel, Case cs, Random rng, String what) {
        int b = cs.batch(), tq = cs.tq(), tk = cs.tk(), h = cs.heads(), c = cs.c();
        float[] q = KernelAssert.uniform(rng, b * tq * c, 1f);
        float[] k = KernelAssert.uniform(rng, b * tk * c, 1f);
        float[] v = KernelAssert.uniform(rng, b * tk * c, 1f);
        float[] dx1 = KernelAssert.uniform(rng, b * tq * c, 1f);
        int[] ids = keyTokens(cs, rng);

        float[] attRef = new float[b * h * tq * tk], x1Ref = new float[b * tq * c];
        AttentionReference.forward(q, k, v, attRef, x1Ref, b, tq, tk, h, c, ids, cs.keyStride(), PAD, cs.causal(),
                DROP_KEY, cs.p());
        float[] att = new float[attRef.length], x1 = new float[x1Ref.length];
        Arrays.fill(att, Float.NaN);
        Arrays.fill(x1, Float.NaN);
        kernel.shape(b, tq, tk, h, c, ids, cs.keyStride(), PAD, cs.causal(), DROP_KEY, cs.p());
        kernel.forward(q, k, v, att, x1);
        assertClose(what + ": x1", x1Ref, x1, REL_TOL);
        assertClose(what + ": attention", attRef, att, REL_TOL);

        float[] dqRef = new float[q.length], dkRef = new float[k.length], dvRef = new float[v.length];
        AttentionReference.backward(q, k, v, attRef, dx1, dqRef, dkRef, dvRef, b, tq, tk, h, c, ids, cs.keyStride(), PAD,
                cs.causal(), DROP_KEY, cs.p());
        float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
        Arrays.fill(dq, Float.NaN);  // "overwritten": nothing left over may survive
        Arrays.fill(dk, Float.NaN);
        Arrays.fill(dv, Float.NaN);
        kernel.backward(q, k, v, att, dx1, dq, dk, dv);
        assertClose(what + ": dq", dqRef, dq, REL_TOL);
        assertClose(what + ": dk", dkRef, dk, REL_TOL);
        assertClose(what + ": dv", dvRef, dv, REL_TOL);
    }
}
