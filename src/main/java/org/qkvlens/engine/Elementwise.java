package org.qkvlens.engine;

/**
 * The cheap per-element steps between the big kernels: residual sums with dropout, ReLU with dropout, and their
 * backward. Memory-bound, single pass, on the calling thread. Dropout masks come from {@link Dropout}.
 */
final class Elementwise {
    private Elementwise() {
    }

    /** out = x + dropout(f). */
    static void residual(float[] x, float[] f, float[] out, int n, long key, float p) {
        if (p == 0f) {
            for (int i = 0; i < n; i++) out[i] = x[i] + f[i];
        } else {
            for (int i = 0; i < n; i++) out[i] = x[i] + f[i] * Dropout.scale(key, i, p);
        }
    }

    /** h = relu(h) in place; hd = dropout(h). */
    static void reluDropout(float[] h, float[] hd, int n, long key, float p) {
        for (int i = 0; i < n; i++) {
            float r = Math.max(h[i], 0f);
            h[i] = r;
            hd[i] = p == 0f ? r : r * Dropout.scale(key, i, p);
        }
    }

    /** dIn = dOut · mask (the backward of dropout, written). */
    static void dropoutBackward(float[] dOut, float[] dIn, int n, long key, float p) {
        if (p == 0f) {
            System.arraycopy(dOut, 0, dIn, 0, n);
        } else {
            for (int i = 0; i < n; i++) dIn[i] = dOut[i] * Dropout.scale(key, i, p);
        }
    }

    /** d = d · mask · [h > 0] in place: from dL/d(dropout(relu)) to dL/d(pre-activation). */
    static void reluDropoutBackward(float[] d, float[] h, int n, long key, float p) {
        for (int i = 0; i < n; i++) {
            d[i] = h[i] > 0f ? (p == 0f ? d[i] : d[i] * Dropout.scale(key, i, p)) : 0f;
        }
    }
}
