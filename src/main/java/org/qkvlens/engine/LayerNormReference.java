package org.qkvlens.engine;

/**
 * Plain-loop LayerNorm, the definition {@link LayerNormKernel} is held to by tests: forward and backward over
 * rows of C with γ, β and their gradients at the norm's offsets, taking the kernel's arguments (less accumulateDx:
 * the reference always writes dx).
 */
public final class LayerNormReference {
    private LayerNormReference() {
    }

    /** y (rows, C) = LayerNorm(x (rows, C)); mean and rstd (rows). */
    public static void forward(float[] x, float[] y, float[] mean, float[] rstd, int rows, int c, Weights.Norm norm,
                               float[] params) {
        int gamma = norm.gamma(), beta = norm.beta();
        for (int r = 0; r < rows; r++) {
            float m = 0f;
            for (int j = 0; j < c; j++) m += x[r * c + j];
            m /= c;
            float var = 0f;
            for (int j = 0; j < c; j++) {
                float d = x[r * c + j] - m;
                var += d * d;
            }
            var /= c;
            float s = (float) (1.0 / Math.sqrt(var + LayerNormKernel.EPS));
            mean[r] = m;
            rstd[r] = s;
            for (int j = 0; j < c; j++) y[r * c + j] = (x[r * c + j] - m) * s * params[gamma + j] + params[beta + j];
        }
    }

    /** dx (rows, C) written from dy (rows, C); dγ, dβ added into grads. */
    public static void backward(float[] dy, float[] x, float[] mean, float[] rstd, float[] dx, int rows, int c,
                                Weights.Norm norm, float[] params, float[] grads) {
        int gamma = norm.gamma(), beta = norm.beta();
        for (int r = 0; r < rows; r++) {
            float sumA = 0f, sumB = 0f;
            for (int j = 0; j < c; j++) {
                float dn = dy[r * c + j] * params[gamma + j];
                float xh = (x[r * c + j] - mean[r]) * rstd[r];
                sumA += dn;
                sumB += dn * xh;
                grads[gamma + j] += dy[r * c + j] * xh;
                grads[beta + j] += dy[r * c + j];
            }
            for (int j = 0; j < c; j++) {
                float dn = dy[r * c + j] * params[gamma + j];
                float xh = (x[r * c + j] - mean[r]) * rstd[r];
                dx[r * c + j] = (dn - sumA / c - xh * (sumB / c)) * rstd[r];
            }
        }
    }
}
