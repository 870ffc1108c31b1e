package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The core of multi-head attention between fc_q/fc_k/fc_v and fc_o, as the tutorial computes it:
 * {@code energy = Q·Kᵀ / √D}, masked keys set to −1e10 (a pad key, or a later position when causal),
 * {@code attention = softmax(energy)}, {@code x1 = dropout(attention)·V}, heads side by side in x1's columns.
 * Masked weights come out exactly 0, as −1e10 does in float softmax, so masked keys are skipped (a row whose
 * keys are all masked gets uniform weights, as PyTorch's softmax of equal −1e10 energies does).
 * Layout: q, x1 (B, Tq, C); k, v (B, Tk, C); attention (B, H, Tq, Tk) holds the softmax before dropout.
 * Work splits by (batch, head): each writes only its own rows and columns, sums in a fixed order.
 * {@link AttentionReference} is the plain-loop twin. Leaves out fc_q/k/v/o (see {@link LinearKernel}).
 */
final class AttentionKernel implements Parallel.RangeTask {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private final Parallel parallel;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[128]);
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
        parallel.forRange(batch * heads, 1, this);
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
        parallel.forRange(batch * heads, 1, this);
    }

    @Override
    public void run(int bh0, int bh1) {
        for (int bh = bh0; bh < bh1; bh++) {
            if (backward) backwardHead(bh / heads, bh % heads);
            else forwardHead(bh / heads, bh % heads);
        }
    }

    private boolean keyMasked(int b, int i, int j) {
        return (causal && j > i) || keyTokens[b * keyStride + j] == keyPad;
    }

    private void forwardHead(int b, int h) {
        float scale = (float) Math.sqrt(d);
        int hd = h * d;
        for (int i = 0; i < tq; i++) {
            int qi = (b * tq + i) * c + hd;
            int row = ((b * heads + h) * tq + i) * tk;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < tk; j++) {
                if (keyMasked(b, i, j)) continue;
                float e = dot(q, qi, k, (b * tk + j) * c + hd, d) / scale;
                att[row + j] = e;
                if (e > max) max = e;
            }
            float sum = 0f;
            if (max == Float.NEGATIVE_INFINITY) {
                // Every key masked: all energies are −1e10, so PyTorch's softmax is uniform over all keys.
                java.util.Arrays.fill(att, row, row + tk, 1f);
                sum = tk;
            } else {
                for (int j = 0; j < tk; j++) {
                    if (keyMasked(b, i, j)) {
                        att[row + j] = 0f;
                    } else {
                        float e = (float) Math.exp(att[row + j] - max);
                        att[row + j] = e;
                        sum += e;
                    }
                }
            }
            int xi = (b * tq + i) * c + hd;
            java.util.Arrays.fill(x1, xi, xi + d, 0f);
            for (int j = 0; j < tk; j++) {
                float a = att[row + j] / sum;
                att[row + j] = a;
                if (a == 0f) continue;
                float ad = a * Dropout.scale(dropKey, row + j, p);
                if (ad != 0f) axpy(ad, v, (b * tk + j) * c + hd, x1, xi, d);
            }
        }
    }

    private void backwardHead(int b, int h) {
        float scale = (float) Math.sqrt(d);
        int hd = h * d;
        for (int i = 0; i < tq; i++) java.util.Arrays.fill(dq, (b * tq + i) * c + hd, (b * tq + i) * c + hd + d, 0f);
        for (int j = 0; j < tk; j++) {
            java.util.Arrays.fill(dk, (b * tk + j) * c + hd, (b * tk + j) * c + hd + d, 0f);
            java.util.Arrays.fill(dv, (b * tk + j) * c + hd, (b * tk + j) * c + hd + d, 0f);
        }
        float[] g = scratch.get();
        if (g.length < tk) {
            g = new float[Math.max(tk, 2 * g.length)];
            scratch.set(g);
        }
        for (int i = 0; i < tq; i++) {
            int xi = (b * tq + i) * c + hd;
            int row = ((b * heads + h) * tq + i) * tk;
            float s = 0f;
            for (int j = 0; j < tk; j++) {
                float a = att[row + j];
                if (a == 0f) {
                    g[j] = 0f;
                    continue;
                }
                int vj = (b * tk + j) * c + hd;
                float m = Dropout.scale(dropKey, row + j, p);
                g[j] = m == 0f ? 0f : dot(dx1, xi, v, vj, d) * m;  // dL/d attention, through the dropout mask
                if (m != 0f) axpy(a * m, dx1, xi, dv, vj, d);
                s += a * g[j];
            }
            for (int j = 0; j < tk; j++) {
                float a = att[row + j];
                if (a == 0f || keyMasked(b, i, j)) continue;  // masked energies are constants: no gradient
                float de = a * (g[j] - s) / scale;  // softmax backward, then the 1/√D
                if (de == 0f) continue;
                int kj = (b * tk + j) * c + hd;
                axpy(de, k, kj, dq, xi, d);
                axpy(de, q, xi, dk, kj, d);
            }
        }
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        float sum = 0f;
        if (n >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (; i + L <= n; i += L) acc = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), acc);
            sum = Lanes.sum(acc);
        }
        for (; i < n; i++) sum = Math.fma(a[ao + i], b[bo + i], sum);
        return sum;
    }

    /** y += alpha · x over n elements. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (n >= L) {
            FloatVector av = FloatVector.broadcast(F, alpha);
            for (; i + L <= n; i += L) {
                av.fma(FloatVector.fromArray(F, x, xo + i), FloatVector.fromArray(F, y, yo + i)).intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
    }
}
