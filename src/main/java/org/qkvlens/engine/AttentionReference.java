package org.qkvlens.engine;

/**
 * Plain-loop multi-head attention core, the definition {@link AttentionKernel} is held to by tests:
 * energy, −1e10 masking, softmax, dropout on the weights, weights·V; and the backward to dq, dk, dv.
 * Same layouts and the same per-call {@link AttentionShape} and {@link AttentionMask} as the kernel:
 * q, x1 (B, Tq, C); k, v (B, Tk, C); attention (B, H, Tq, Tk).
 */
public final class AttentionReference {
    private AttentionReference() {
    }

    /** x1 (B, Tq, C) and attention (B, H, Tq, Tk) from q (B, Tq, C), k, v (B, Tk, C). */
    public static void forward(AttentionShape shape, AttentionMask mask, float[] q, float[] k, float[] v, float[] att,
                               float[] x1) {
        int batch = shape.batch(), tq = shape.tq(), tk = shape.tk(), heads = shape.heads(), c = shape.c();
        int d = shape.headDim();
        float scale = (float) Math.sqrt(d);
        float[] energy = new float[tk];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < tq; i++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < tk; j++) {
                        boolean masked = mask.hides(b, i, j);
                        float e = 0f;
                        for (int t = 0; t < d; t++) e += q[(b * tq + i) * c + h * d + t] * k[(b * tk + j) * c + h * d + t];
                        energy[j] = masked ? -1e10f : e / scale;
                        max = Math.max(max, energy[j]);
                    }
                    float sum = 0f;
                    for (int j = 0; j < tk; j++) {
                        energy[j] = (float) Math.exp(energy[j] - max);
                        sum += energy[j];
                    }
                    int row = ((b * heads + h) * tq + i) * tk;
                    for (int j = 0; j < tk; j++) att[row + j] = energy[j] / sum;
                    for (int t = 0; t < d; t++) {
                        float acc = 0f;
                        for (int j = 0; j < tk; j++) {
                            acc += att[row + j] * Dropout.scale(mask.dropKey(), row + j, mask.p()) * v[(b * tk + j) * c + h * d + t];
                        }
                        x1[(b * tq + i) * c + h * d + t] = acc;
                    }
                }
            }
        }
    }

    /** dq (B, Tq, C), dk, dv (B, Tk, C), overwritten, from dx1 (B, Tq, C) and the forward's q, k, v, attention. */
    public static void backward(AttentionShape shape, AttentionMask mask, float[] q, float[] k, float[] v, float[] att,
                                float[] dx1, float[] dq, float[] dk, float[] dv) {
        int batch = shape.batch(), tq = shape.tq(), tk = shape.tk(), heads = shape.heads(), c = shape.c();
        int d = shape.headDim();
        float scale = (float) Math.sqrt(d);
        java.util.Arrays.fill(dq, 0, batch * tq * c, 0f);
        java.util.Arrays.fill(dk, 0, batch * tk * c, 0f);
        java.util.Arrays.fill(dv, 0, batch * tk * c, 0f);
        float[] dAtt = new float[tk];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < tq; i++) {
                    int row = ((b * heads + h) * tq + i) * tk;
                    for (int j = 0; j < tk; j++) {
                        float m = Dropout.scale(mask.dropKey(), row + j, mask.p());
                        float g = 0f;
                        for (int t = 0; t < d; t++) {
                            g += dx1[(b * tq + i) * c + h * d + t] * v[(b * tk + j) * c + h * d + t];
                            dv[(b * tk + j) * c + h * d + t] += att[row + j] * m * dx1[(b * tq + i) * c + h * d + t];
                        }
                        dAtt[j] = g * m;
                    }
                    float s = 0f;
                    for (int j = 0; j < tk; j++) s += att[row + j] * dAtt[j];
                    for (int j = 0; j < tk; j++) {
                        boolean masked = mask.hides(b, i, j);
                        float de = masked ? 0f : att[row + j] * (dAtt[j] - s) / scale;
                        for (int t = 0; t < d; t++) {
                            dq[(b * tq + i) * c + h * d + t] += de * k[(b * tk + j) * c + h * d + t];
                            dk[(b * tk + j) * c + h * d + t] += de * q[(b * tq + i) * c + h * d + t];
                        }
                    }
                }
            }
        }
    }
}
