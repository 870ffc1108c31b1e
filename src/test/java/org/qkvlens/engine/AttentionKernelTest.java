package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * per array. Also: calls of different shapes interleaved on one kernel give exactly what each gives alone.
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

        AttentionShape shape() {
            return new AttentionShape(batch, tq, tk, heads, c());
        }

        /** Padding from {@code ids} (see {@link #keyTokens}), causal as the case says, dropout p from dropKey. */
        AttentionMask mask(int[] ids, long dropKey) {
            return new AttentionMask(ids, keyStride, PAD, causal, dropKey, p);
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
        AttentionShape shape = new AttentionShape(b, tq, tk, h, c);
        AttentionMask mask = new AttentionMask(ids, tk, PAD, false, 0, 0f);
        AttentionReference.forward(shape, mask, q, k, v, attRef, x1Ref);
        try (Parallel parallel = new Parallel(1)) {
            AttentionKernel kernel = new AttentionKernel(parallel);
            float[] att = new float[attRef.length], x1 = new float[x1Ref.length];
            kernel.forward(shape, mask, q, k, v, att, x1);
            for (float a : att) assertEquals(1f / 3, a, 1e-7f);
            assertClose("x1", x1Ref, x1, REL_TOL);
            float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
            kernel.backward(shape, mask, q, k, v, att, dx1, dq, dk, dv);
            for (float d : dq) assertEquals(0f, d);
            for (float d : dk) assertEquals(0f, d);
            float[] dqRef = new float[q.length], dkRef = new float[k.length], dvRef = new float[v.length];
            AttentionReference.backward(shape, mask, q, k, v, attRef, dx1, dqRef, dkRef, dvRef);
            assertClose("dv", dvRef, dv, REL_TOL);
        }
    }

    /**
     * Calls carry their own shape and mask: two problems of different shapes, masks and dropout run interleaved on
     * one kernel (forward A, forward B, backward A, backward B) give bit for bit what each gives run alone on a fresh
     * kernel. A kernel that kept the last call's shape would run backward A with B's.
     */
    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 3})
    void interleavedCallsOfDifferentShapesMatchSeparateRuns(int threads) {
        Random rng = new Random(13);
        Problem a = Problem.random(CASES[0], rng), b = Problem.random(CASES[2], rng);
        try (Parallel parallel = new Parallel(threads, true)) {
            AttentionKernel shared = new AttentionKernel(parallel);
            Result ra = new Result(a), rb = new Result(b);
            shared.forward(a.shape, a.mask, a.q, a.k, a.v, ra.att, ra.x1);
            shared.forward(b.shape, b.mask, b.q, b.k, b.v, rb.att, rb.x1);
            shared.backward(a.shape, a.mask, a.q, a.k, a.v, ra.att, a.dx1, ra.dq, ra.dk, ra.dv);
            shared.backward(b.shape, b.mask, b.q, b.k, b.v, rb.att, b.dx1, rb.dq, rb.dk, rb.dv);
            for (Problem pr : new Problem[] {a, b}) {
                Result alone = new Result(pr), interleaved = pr == a ? ra : rb;
                AttentionKernel fresh = new AttentionKernel(parallel);
                fresh.forward(pr.shape, pr.mask, pr.q, pr.k, pr.v, alone.att, alone.x1);
                fresh.backward(pr.shape, pr.mask, pr.q, pr.k, pr.v, alone.att, pr.dx1, alone.dq, alone.dk, alone.dv);
                String what = pr.name + ", " + threads + " thread(s): ";
                assertArrayEquals(alone.x1, interleaved.x1, what + "x1");
                assertArrayEquals(alone.att, interleaved.att, what + "attention");
                assertArrayEquals(alone.dq, interleaved.dq, what + "dq");
                assertArrayEquals(alone.dk, interleaved.dk, what + "dk");
                assertArrayEquals(alone.dv, interleaved.dv, what + "dv");
            }
        }
    }

    /** Random inputs of one case: q, k, v, dx1 and key tokens with padding. */
    private record Problem(String name, AttentionShape shape, AttentionMask mask, float[] q, float[] k, float[] v,
                           float[] dx1) {
        static Problem random(Case cs, Random rng) {
            int n = cs.batch() * cs.c();
            return new Problem(cs.name(), cs.shape(), cs.mask(keyTokens(cs, rng), DROP_KEY),
                    KernelAssert.uniform(rng, n * cs.tq(), 1f), KernelAssert.uniform(rng, n * cs.tk(), 1f),
                    KernelAssert.uniform(rng, n * cs.tk(), 1f), KernelAssert.uniform(rng, n * cs.tq(), 1f));
        }
    }

    /** Output arrays sized for one problem. */
    private record Result(float[] att, float[] x1, float[] dq, float[] dk, float[] dv) {
        Result(Problem pr) {
            this(new float[pr.shape.batch() * pr.shape.heads() * pr.shape.tq() * pr.shape.tk()], new float[pr.q.length],
                    new float[pr.q.length], new float[pr.k.length], new float[pr.v.length]);
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
        AttentionShape shape = cs.shape();
        AttentionMask mask = cs.mask(ids, DROP_KEY);
        AttentionReference.forward(shape, mask, q, k, v, attRef, x1Ref);
        float[] att = new float[attRef.length], x1 = new float[x1Ref.length];
        Arrays.fill(att, Float.NaN);
        Arrays.fill(x1, Float.NaN);
        kernel.forward(shape, mask, q, k, v, att, x1);
        assertClose(what + ": x1", x1Ref, x1, REL_TOL);
        assertClose(what + ": attention", attRef, att, REL_TOL);

        float[] dqRef = new float[q.length], dkRef = new float[k.length], dvRef = new float[v.length];
        AttentionReference.backward(shape, mask, q, k, v, attRef, dx1, dqRef, dkRef, dvRef);
        float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
        Arrays.fill(dq, Float.NaN);  // "overwritten": nothing left over may survive
        Arrays.fill(dk, Float.NaN);
        Arrays.fill(dv, Float.NaN);
        kernel.backward(shape, mask, q, k, v, att, dx1, dq, dk, dv);
        assertClose(what + ": dq", dqRef, dq, REL_TOL);
        assertClose(what + ": dk", dkRef, dk, REL_TOL);
        assertClose(what + ": dv", dvRef, dv, REL_TOL);
    }
}
