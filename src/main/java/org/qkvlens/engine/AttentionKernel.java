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
 * {@link AttentionReference} is the plain-loop twin. Leaves out fc_q/k/v/o (see {@link LinearKernel}).
 */
final class AttentionKernel implements Parallel.RangeTask {
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
    private boolean backward;
    private float[] q, k, v, att, x1, dx1, dq, dk, dv;
    private int[] keyTokens;
    private int batch, keyStride, keyPad, tq, tk, heads, d, c;
    private boolean causal;
    private long dropKey;
    private float p;

    AttentionKernel(Parallel parallel) {
        this.parallel = parallel;
    }

    /** Shapes and masking of one attention call; {@code keyTokens[b·keyStride + j]} tells whether key j is padding. */
    void shape(int batch, int tq, int tk, int heads, int c, int[] keyTokens, int keyStride, int keyPad, boolean causal,
               long dropKey, float p) {
        this.tq = tq;
        this.tk = tk;
        this.heads = heads;
        this.c = c;
        this.d = c / heads;
        this.keyTokens = keyTokens;
        this.keyStride = keyStride;
        this.keyPad = keyPad;
        this.causal = causal;
        this.dropKey = dropKey;
        this.p = p;
        this.batch = batch;
    }

    void forward(float[] q, float[] k, float[] v, float[] att, float[] x1) {
        this.backward = false;
        this.q = q;
        this.k = k;
        this.v = v;
        this.att = att;
        this.x1 = x1;
        parallel.forRange(batch * heads, grain(), this);
    }

    /** dq, dk, dv (their head slices overwritten) from dx1, using the forward's q, k, v and attention. */
    void backward(float[] q, float[] k, float[] v, float[] att, float[] dx1, float[] dq, float[] dk, float[] dv) {
        this.backward = true;
        this.q = q;
        this.k = k;
        this.v = v;
        this.att = att;
        this.dx1 = dx1;
        this.dq = dq;
        this.dk = dk;
        this.dv = dv;
        parallel.forRange(batch * heads, grain(), this);
    }

    /** (batch, head) pairs per chunk: ≥ 4M multiply-adds, so small calls stay on one thread. */
    private int grain() {
        return parallel.grain(2L * tq * tk * d, 4_000_000, 1);
    }

    @Override
    public void run(int bh0, int bh1) {
        Scratch s = SCRATCH.get();
        s.fit(d, tq, padded(tk));
        for (int bh = bh0; bh < bh1; bh++) {
            if (backward) backwardHead(s, bh / heads, bh % heads);
            else forwardHead(s, bh / heads, bh % heads);
        }
    }

    private static int padded(int n) {
        return (n + L - 1) / L * L;
    }

    /** s.bias: 0 for key j of row b that is not padding, −∞ for padding and for the lanes past Tk. */
    private void keyBias(Scratch s, int b, int tkp) {
        for (int j = 0; j < tkp; j++) {
            s.bias[j] = j < tk && keyTokens[b * keyStride + j] != keyPad ? 0f : Float.NEGATIVE_INFINITY;
        }
    }

    /** s.kt (D, Tkp) = the head-h slice of x (B, Tk, C) for batch b, transposed, zero past Tk. */
    private void transposeHead(float[] x, Scratch s, int b, int hd, int tkp) {
        float[] kt = s.kt;
        for (int j = 0; j < tk; j++) {
            int src = (b * tk + j) * c + hd;
            for (int t = 0; t < d; t++) kt[t * tkp + j] = x[src + t];
        }
        for (int t = 0; t < d; t++) java.util.Arrays.fill(kt, t * tkp + tk, t * tkp + tkp, 0f);
    }

    private void forwardHead(Scratch s, int b, int h) {
        FloatVector scale = FloatVector.broadcast(F, (float) Math.sqrt(d));
        int hd = h * d, tkp = padded(tk);
        float[] e = s.de, w = s.w, m = s.m;
        transposeHead(k, s, b, hd, tkp);
        keyBias(s, b, tkp);
        // E (Tq, Tkp) = Q_h · K_hᵀ
        Gemm.small(q, (b * tq) * c + hd, c, 1, s.kt, 0, tkp, e, 0, tkp, d, tkp, false, 0, tq);
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
            multipliers(row, m, tkp);
            for (int j = 0; j < tkp; j += L) {
                FloatVector.fromArray(F, e, ri + j).mul(FloatVector.fromArray(F, m, j)).intoArray(w, ri + j);
            }
        }
        // x1_h (Tq, D) = dropout(attention) · V_h
        Gemm.small(w, 0, tkp, 1, v, (b * tk) * c + hd, c, x1, (b * tq) * c + hd, c, tk, d, false, 0, tq);
    }

    private void backwardHead(Scratch s, int b, int h) {
        FloatVector scale = FloatVector.broadcast(F, (float) Math.sqrt(d));
        int hd = h * d, tkp = padded(tk);
        float[] g = s.g, w = s.w, de = s.de, m = s.m;
        transposeHead(v, s, b, hd, tkp);
        keyBias(s, b, tkp);
        // G (Tq, Tkp) = dX1_h · V_hᵀ: dL/d(dropped attention)
        Gemm.small(dx1, (b * tq) * c + hd, c, 1, s.kt, 0, tkp, g, 0, tkp, d, tkp, false, 0, tq);
        for (int i = 0; i < tq; i++) {
            int row = ((b * heads + h) * tq + i) * tk, ri = i * tkp;
            // a = attention row (zero past Tk), m = its dropout multipliers
            System.arraycopy(att, row, de, ri, tk);
            java.util.Arrays.fill(de, ri + tk, ri + tkp, 0f);
            multipliers(row, m, tkp);
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
    private void multipliers(int row, float[] m, int tkp) {
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
