package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The core of multi-head attention between fc_q/fc_k/fc_v and fc_o, as the tutorial computes it:
 * {@code energy = Q·Kᵀ / √D}, masked keys set to −1e10 (a pad key, or a later position when causal),
 * {@code attention = softmax(energy)}, {@code x1 = dropout(attention)·V}, heads side by side in x1's columns.
 * Masked weights come out exactly 0, as −1e10 does in float softmax (a row whose keys are all masked gets uniform
 * weights, as PyTorch's softmax of equal −1e10 energies does).
 * Layout: q, x1 (B, Tq, C); k, v (B, Tk, C); attention (B, H, Tq, Tk) holds the softmax before dropout.
 * <p>
 * Work splits by (batch, head); each is a few small matrix products through {@link Gemm#small} (register-blocked
 * broadcast-FMA, every element summed in a fixed order): K_h (V_h in the backward) is first transposed into
 * per-thread scratch padded to whole vectors of keys, so {@code E = Q_h·K_hᵀ} is a plain product; the softmax runs
 * on whole vectors with masks as −∞ lanes, {@link VectorMath#exp} and fixed-order lane sums; dropout multipliers come
 * from {@link Dropout#scales}. Backward: {@code G = dX1_h·V_hᵀ}, the softmax backward per row, then
 * {@code dQ_h = dE·K_h}, {@code dK_h = dEᵀ·Q_h}, {@code dV_h = Pᵀ·dX1_h} (transposed A by strides). Nothing depends
 * on the split.
 * <p>
 * Each call is pure: the shape ({@link AttentionShape}) and the masks ({@link AttentionMask}) come with every
 * forward and backward, and nothing one call sets is read by another (the per-thread scratch is overwritten before
 * it is read). {@link AttentionReference} is the plain-loop twin. Leaves out fc_q/k/v/o (see {@link LinearKernel}).
 */
final class AttentionKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /** Per-thread scratch, grown on demand and kept: a transposed K or V head, and rows of weights. */
    private static final class Scratch {
        float[] kt = new float[0];     // (D, Tkp) K_h or V_h transposed
        float[] bias = new float[0];   // (Tkp) 0 for a valid key, −∞ for a masked one or padding
        float[] w = new float[0];      // (Tq, Tkp) dropped weights P = a·m
        float[] de = new float[0];     // (Tq, Tkp) energies, then weights (forward); dEnergy (backward)
        float[] g = new float[0];      // (Tq, Tkp) dL/d attention
        float[] m = new float[0];      // (Tkp) dropout multipliers of one row
        final float[] lanes = new float[L]; // one vector's lanes, summed in scalar code (see Lanes.sumStored)

        void fit(int d, int tq, int tkp) {
            if (kt.length < d * tkp) kt = new float[d * tkp];
            if (bias.length < tkp) bias = new float[tkp];
            if (m.length < tkp) m = new float[tkp];
            if (w.length < tq * tkp) w = new float[tq * tkp];
            if (de.length < tq * tkp) de = new float[tq * tkp];
            if (g.length < tq * tkp) g = new float[tq * tkp];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final Parallel parallel;

    AttentionKernel(Parallel parallel) {
        this.parallel = parallel;
    }

    /** x1 (B, Tq, C) and attention (B, H, Tq, Tk) from q (B, Tq, C), k, v (B, Tk, C). */
    void forward(AttentionShape shape, AttentionMask mask, float[] q, float[] k, float[] v, float[] att, float[] x1) {
        parallel.forRange(shape.batch() * shape.heads(), grain(shape), (bh0, bh1) -> {
            Scratch s = scratch(shape);
            for (int bh = bh0; bh < bh1; bh++) {
                forwardHead(shape, mask, q, k, v, att, x1, s, bh / shape.heads(), bh % shape.heads());
            }
        });
    }

    /**
     * {@link #forward} for one query per batch row (a greedy decoding step, {@code shape.tq() == 1}) against keys kept
     * transposed by the caller: head h of row b at {@code kt[((b·H + h)·D + dd)·ldk + j]} for key j, zero from Tk to
     * {@link #paddedKeys}(Tk) ({@link #transposeKeys}, {@link #putKeyColumn}), and values of row b from
     * {@code v[(b·vRows + j)·C]}. So a step transposes one new key instead of all of them, and reads the values where
     * they are. The same numbers as {@link #forward} on the compact keys and values.
     */
    void forwardStep(AttentionShape shape, AttentionMask mask, float[] q, float[] kt, int ldk, float[] v, int vRows,
                     float[] att, float[] x1) {
        if (shape.tq() != 1 || paddedKeys(shape.tk()) > ldk) {
            throw new IllegalArgumentException("a step takes one query and " + ldk + " key columns, got " + shape);
        }
        parallel.forRange(shape.batch() * shape.heads(), grain(shape), (bh0, bh1) -> {
            Scratch s = scratch(shape);
            int d = shape.headDim();
            for (int bh = bh0; bh < bh1; bh++) {
                int b = bh / shape.heads(), hd = bh % shape.heads() * d;
                forwardHead(shape, mask, q, kt, bh * d * ldk, ldk, v, b * vRows * shape.c() + hd, att, x1, s, b,
                        bh % shape.heads());
            }
        });
    }

    /** Keys padded to whole vectors: the columns a transposed key head needs for Tk keys. */
    static int paddedKeys(int tk) {
        return padded(tk);
    }

    /** kt (B·H, D, ldk) = k (B, Tk, C) transposed per head, for {@link #forwardStep}; zero past Tk. */
    static void transposeKeys(float[] k, int batch, int tk, int heads, int c, float[] kt, int ldk) {
        int d = c / heads;
        for (int bh = 0; bh < batch * heads; bh++) transposeHead(k, tk, c, d, bh / heads, bh % heads * d, kt, bh * d * ldk, ldk);
    }

    /** Column j of kt (B·H, D, ldk) = the key rows (B, C) of one new position, for {@link #forwardStep}. */
    static void putKeyColumn(float[] rows, int batch, int heads, int c, float[] kt, int ldk, int j) {
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < c; i++) kt[(b * c + i) * ldk + j] = rows[b * c + i];
        }
    }

    /**
     * dq (B, Tq, C), dk, dv (B, Tk, C) (their head slices overwritten) from dx1 (B, Tq, C), using the forward's
     * q, k, v and attention, under the same shape and mask.
     */
    void backward(AttentionShape shape, AttentionMask mask, float[] q, float[] k, float[] v, float[] att, float[] dx1,
                  float[] dq, float[] dk, float[] dv) {
        parallel.forRange(shape.batch() * shape.heads(), grain(shape), (bh0, bh1) -> {
            Scratch s = scratch(shape);
            for (int bh = bh0; bh < bh1; bh++) {
                backwardHead(shape, mask, q, k, v, att, dx1, dq, dk, dv, s, bh / shape.heads(), bh % shape.heads());
            }
        });
    }

    /** (batch, head) pairs per chunk: ≥ 4M multiply-adds, so small calls stay on one thread. */
    private int grain(AttentionShape shape) {
        return parallel.grain(2L * shape.tq() * shape.tk() * shape.headDim(), 4_000_000, 1);
    }

    /** This thread's scratch, large enough for one head of {@code shape}. */
    private static Scratch scratch(AttentionShape shape) {
        Scratch s = SCRATCH.get();
        s.fit(shape.headDim(), shape.tq(), padded(shape.tk()));
        return s;
    }

    private static int padded(int n) {
        return (n + L - 1) / L * L;
    }

    /** s.bias: 0 for key j of row b that is not padding, −∞ for padding and for the lanes past Tk. */
    private static void keyBias(AttentionMask mask, int tk, Scratch s, int b, int tkp) {
        int[] keyTokens = mask.keyTokens();
        int keyStride = mask.keyStride(), keyPad = mask.keyPad();
        for (int j = 0; j < tkp; j++) {
            s.bias[j] = j < tk && keyTokens[b * keyStride + j] != keyPad ? 0f : Float.NEGATIVE_INFINITY;
        }
    }

    /** kt (D, ldk) at kOff = the head slice at column hd of x (B, Tk, C) for batch b, transposed, zero past Tk. */
    private static void transposeHead(float[] x, int tk, int c, int d, int b, int hd, float[] kt, int kOff, int ldk) {
        for (int j = 0; j < tk; j++) {
            int src = (b * tk + j) * c + hd;
            for (int t = 0; t < d; t++) kt[kOff + t * ldk + j] = x[src + t];
        }
        for (int t = 0; t < d; t++) java.util.Arrays.fill(kt, kOff + t * ldk + tk, kOff + t * ldk + ldk, 0f);
    }

    private static void forwardHead(AttentionShape shape, AttentionMask mask, float[] q, float[] k, float[] v,
                                    float[] att, float[] x1, Scratch s, int b, int h) {
        int tk = shape.tk(), c = shape.c(), d = shape.headDim(), hd = h * d, tkp = padded(tk);
        transposeHead(k, tk, c, d, b, hd, s.kt, 0, tkp);
        forwardHead(shape, mask, q, s.kt, 0, tkp, v, (b * tk) * c + hd, att, x1, s, b, h);
    }

    /** One (batch row, head): K_h already transposed at kt[kOff] with row stride ldk, V_h's first key at vOff. */
    private static void forwardHead(AttentionShape shape, AttentionMask mask, float[] q, float[] kt, int kOff, int ldk,
                                    float[] v, int vOff, float[] att, float[] x1, Scratch s, int b, int h) {
        int tq = shape.tq(), tk = shape.tk(), heads = shape.heads(), c = shape.c(), d = shape.headDim();
        boolean causal = mask.causal();
        FloatVector scale = FloatVector.broadcast(F, (float) Math.sqrt(d));
        int hd = h * d, tkp = padded(tk);
        float[] e = s.de, w = s.w, m = s.m;
        keyBias(mask, tk, s, b, tkp);
        // E (Tq, Tkp) = Q_h · K_hᵀ
        Gemm.small(q, (b * tq) * c + hd, c, 1, kt, kOff, ldk, e, 0, tkp, d, tkp, false, 0, tq);
        for (int i = 0; i < tq; i++) {
            int row = ((b * heads + h) * tq + i) * tk, ri = i * tkp;
            FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < tkp; j += L) {
                FloatVector x = FloatVector.fromArray(F, e, ri + j).div(scale).add(FloatVector.fromArray(F, s.bias, j));
                x.intoArray(e, ri + j);
                max = max.max(x);
            }
            if (causal && i + 1 < tkp) {
                java.util.Arrays.fill(e, ri + i + 1, ri + tkp, Float.NEGATIVE_INFINITY);
                max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
                for (int j = 0; j < tkp; j += L) max = max.max(FloatVector.fromArray(F, e, ri + j));
            }
            float mx = Lanes.max(max);
            if (mx == Float.NEGATIVE_INFINITY) {
                // Every key masked: all energies are −1e10, so PyTorch's softmax is uniform over all keys.
                java.util.Arrays.fill(e, ri, ri + tk, 1f / tk);
            } else {
                softmax(e, ri, tkp, mx, s.lanes);
            }
            System.arraycopy(e, ri, att, row, tk);
            multipliers(mask, tk, row, m, tkp);
            for (int j = 0; j < tkp; j += L) {
                FloatVector.fromArray(F, e, ri + j).mul(FloatVector.fromArray(F, m, j)).intoArray(w, ri + j);
            }
        }
        // x1_h (Tq, D) = dropout(attention) · V_h
        Gemm.small(w, 0, tkp, 1, v, vOff, c, x1, (b * tq) * c + hd, c, tk, d, false, 0, tq);
    }

    private static void backwardHead(AttentionShape shape, AttentionMask mask, float[] q, float[] k, float[] v,
                                     float[] att, float[] dx1, float[] dq, float[] dk, float[] dv, Scratch s, int b,
                                     int h) {
        int tq = shape.tq(), tk = shape.tk(), heads = shape.heads(), c = shape.c(), d = shape.headDim();
        boolean causal = mask.causal();
        FloatVector scale = FloatVector.broadcast(F, (float) Math.sqrt(d));
        int hd = h * d, tkp = padded(tk);
        float[] g = s.g, w = s.w, de = s.de, m = s.m;
        transposeHead(v, tk, c, d, b, hd, s.kt, 0, tkp);
        keyBias(mask, tk, s, b, tkp);
        // G (Tq, Tkp) = dX1_h · V_hᵀ: dL/d(dropped attention)
        Gemm.small(dx1, (b * tq) * c + hd, c, 1, s.kt, 0, tkp, g, 0, tkp, d, tkp, false, 0, tq);
        for (int i = 0; i < tq; i++) {
            int row = ((b * heads + h) * tq + i) * tk, ri = i * tkp;
            // a = attention row (zero past Tk), m = its dropout multipliers
            System.arraycopy(att, row, de, ri, tk);
            java.util.Arrays.fill(de, ri + tk, ri + tkp, 0f);
            multipliers(mask, tk, row, m, tkp);
            FloatVector sum = FloatVector.zero(F);
            for (int j = 0; j < tkp; j += L) {
                FloatVector a = FloatVector.fromArray(F, de, ri + j), mj = FloatVector.fromArray(F, m, j);
                FloatVector gm = FloatVector.fromArray(F, g, ri + j).mul(mj);  // dL/d attention, through the mask
                gm.intoArray(g, ri + j);
                a.mul(mj).intoArray(w, ri + j);                                  // P = attention · mask: what V saw
                sum = a.fma(gm, sum);
            }
            sum.intoArray(s.lanes, 0);
            FloatVector sv = FloatVector.broadcast(F, Lanes.sumStored(s.lanes));
            for (int j = 0; j < tkp; j += L) {
                // softmax backward, then the 1/√D; masked energies are constants: no gradient
                FloatVector a = FloatVector.fromArray(F, de, ri + j);
                FloatVector dej = a.mul(FloatVector.fromArray(F, g, ri + j).sub(sv)).div(scale);
                dej.blend(0f, FloatVector.fromArray(F, s.bias, j).lt(0f)).intoArray(de, ri + j);
            }
            if (causal && i + 1 < tkp) java.util.Arrays.fill(de, ri + i + 1, ri + tkp, 0f);
        }
        int qh = (b * tq) * c + hd, kh = (b * tk) * c + hd;
        // dQ_h = dE · K_h;  dK_h = dEᵀ · Q_h;  dV_h = Pᵀ · dX1_h
        Gemm.small(de, 0, tkp, 1, k, kh, c, dq, qh, c, tk, d, false, 0, tq);
        Gemm.small(de, 0, 1, tkp, q, qh, c, dk, kh, c, tq, d, false, 0, tk);
        Gemm.small(w, 0, 1, tkp, dx1, qh, c, dv, kh, c, tq, d, false, 0, tk);
    }

    /** m[0, tkp) = dropout multipliers of attention elements row + j for j < Tk, 0 past Tk. */
    private static void multipliers(AttentionMask mask, int tk, int row, float[] m, int tkp) {
        long dropKey = mask.dropKey();
        float p = mask.p();
        if (p == 0f) {
            java.util.Arrays.fill(m, 0, tk, 1f);
        } else {
            float keep = Dropout.keep(p);
            int j = 0;
            for (; j + Dropout.LANES <= tk; j += Dropout.LANES) Dropout.scales(dropKey, row + j, p, keep).intoArray(m, j);
            for (; j < tk; j++) m[j] = Dropout.scale(dropKey, row + j, p);
        }
        java.util.Arrays.fill(m, tk, tkp, 0f);
    }

    /** e[eo, eo + tkp) ← its softmax, −∞ lanes giving exactly 0. */
    private static void softmax(float[] e, int eo, int tkp, float max, float[] lanes) {
        FloatVector mv = FloatVector.broadcast(F, max), sum = FloatVector.zero(F);
        for (int j = eo; j < eo + tkp; j += L) {
            FloatVector x = VectorMath.exp(FloatVector.fromArray(F, e, j).sub(mv));
            x.intoArray(e, j);
            sum = sum.add(x);
        }
        sum.intoArray(lanes, 0);
        FloatVector sv = FloatVector.broadcast(F, Lanes.sumStored(lanes));
        for (int j = eo; j < eo + tkp; j += L) FloatVector.fromArray(F, e, j).div(sv).intoArray(e, j);
    }

}
