package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * LayerNorm over the last dimension as {@code torch.nn.LayerNorm(C)} (ε = 1e-5, biased variance):
 * {@code y = (x − mean)·rstd·γ + β}, storing mean and rstd per row for the backward. Backward (llm.c's form):
 * {@code dx = (dŷ − mean(dŷ) − x̂·mean(dŷ·x̂))·rstd} with {@code dŷ = dy·γ}, written or added into dx; dγ and dβ
 * added into the gradient array. Forward and dx split by rows, dγ/dβ by columns, each element summed in a fixed
 * order. Each call is pure: shapes and arrays come with every forward and backward, nothing is kept between calls.
 * Vector API; {@link LayerNormReference} is the plain-loop twin.
 */
final class LayerNormKernel {
    static final float EPS = 1e-5f;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private final Parallel parallel;

    LayerNormKernel(Parallel parallel) {
        this.parallel = parallel;
    }

    /** y (rows, C) = LayerNorm(x (rows, C)); mean and rstd (rows) kept for the backward. */
    void forward(float[] x, float[] y, float[] mean, float[] rstd, int rows, int c, Weights.Norm norm, float[] params) {
        parallel.forRange(rows, grain(c), (r0, r1) -> {
            for (int r = r0; r < r1; r++) forwardRow(x, y, mean, rstd, c, norm, params, r);
        });
    }

    /**
     * dx (rows, C) from dy (rows, C), written (or added when accumulateDx); dγ, dβ added into grads. x, mean and
     * rstd are the forward's.
     */
    void backward(float[] dy, float[] x, float[] mean, float[] rstd, float[] dx, boolean accumulateDx, int rows, int c,
                  Weights.Norm norm, float[] params, float[] grads) {
        parallel.forRange(rows, grain(c), (r0, r1) -> {
            for (int r = r0; r < r1; r++) backwardRow(dy, x, mean, rstd, dx, accumulateDx, c, norm, params, r);
        });
        parallel.forRange(c, parallel.grain(rows, 262_144, L),
                (j0, j1) -> backwardParams(dy, x, mean, rstd, rows, c, norm, grads, j0, j1));
    }

    /** Rows per chunk: ≥ 256k elements. */
    private int grain(int c) {
        return parallel.grain(c, 262_144, 1);
    }

    /** Row r of the forward. */
    private static void forwardRow(float[] x, float[] y, float[] mean, float[] rstd, int c, Weights.Norm norm,
                                   float[] params, int r) {
        int off = r * c;
        int j = 0;
        FloatVector acc = FloatVector.zero(F);
        for (; j + L <= c; j += L) acc = acc.add(FloatVector.fromArray(F, x, off + j));
        float sum = Lanes.sum(acc);
        for (; j < c; j++) sum += x[off + j];
        float m = sum / c;
        FloatVector mv = FloatVector.broadcast(F, m);
        acc = FloatVector.zero(F);
        j = 0;
        for (; j + L <= c; j += L) {
            FloatVector d = FloatVector.fromArray(F, x, off + j).sub(mv);
            acc = d.fma(d, acc);
        }
        float var = Lanes.sum(acc);
        for (; j < c; j++) {
            float d = x[off + j] - m;
            var += d * d;
        }
        var /= c;
        float s = (float) (1.0 / Math.sqrt(var + EPS));
        mean[r] = m;
        rstd[r] = s;
        int g = norm.gamma(), b = norm.beta();
        FloatVector sv = FloatVector.broadcast(F, s);
        j = 0;
        for (; j + L <= c; j += L) {
            FloatVector xh = FloatVector.fromArray(F, x, off + j).sub(mv).mul(sv);
            xh.fma(FloatVector.fromArray(F, params, g + j), FloatVector.fromArray(F, params, b + j)).intoArray(y, off + j);
        }
        for (; j < c; j++) y[off + j] = Math.fma((x[off + j] - m) * s, params[g + j], params[b + j]);
    }

    /** Row r of dx. */
    private static void backwardRow(float[] dy, float[] x, float[] mean, float[] rstd, float[] dx, boolean accumulate,
                                    int c, Weights.Norm norm, float[] params, int r) {
        int off = r * c;
        float m = mean[r], s = rstd[r];
        int g = norm.gamma();
        FloatVector mv = FloatVector.broadcast(F, m), sv = FloatVector.broadcast(F, s);
        FloatVector accA = FloatVector.zero(F), accB = FloatVector.zero(F);
        int j = 0;
        for (; j + L <= c; j += L) {
            FloatVector dn = FloatVector.fromArray(F, dy, off + j).mul(FloatVector.fromArray(F, params, g + j));
            FloatVector xh = FloatVector.fromArray(F, x, off + j).sub(mv).mul(sv);
            accA = accA.add(dn);
            accB = dn.fma(xh, accB);
        }
        float sumA = Lanes.sum(accA), sumB = Lanes.sum(accB);
        for (; j < c; j++) {
            float dn = dy[off + j] * params[g + j];
            sumA += dn;
            sumB += dn * ((x[off + j] - m) * s);
        }
        float meanA = sumA / c, meanB = sumB / c;
        FloatVector ma = FloatVector.broadcast(F, meanA), mb = FloatVector.broadcast(F, meanB);
        j = 0;
        for (; j + L <= c; j += L) {
            FloatVector dn = FloatVector.fromArray(F, dy, off + j).mul(FloatVector.fromArray(F, params, g + j));
            FloatVector xh = FloatVector.fromArray(F, x, off + j).sub(mv).mul(sv);
            FloatVector d = dn.sub(ma).sub(xh.mul(mb)).mul(sv);
            if (accumulate) d = d.add(FloatVector.fromArray(F, dx, off + j));
            d.intoArray(dx, off + j);
        }
        for (; j < c; j++) {
            float dn = dy[off + j] * params[g + j];
            float xh = (x[off + j] - m) * s;
            float d = (dn - meanA - xh * meanB) * s;
            dx[off + j] = accumulate ? dx[off + j] + d : d;
        }
    }

    /** dγ[j] += Σ_r dy·x̂, dβ[j] += Σ_r dy for columns [j0, j1), rows in order. */
    private static void backwardParams(float[] dy, float[] x, float[] mean, float[] rstd, int rows, int c,
                                       Weights.Norm norm, float[] grads, int j0, int j1) {
        int g = norm.gamma(), b = norm.beta();
        for (int r = 0; r < rows; r++) {
            int off = r * c;
            float m = mean[r], s = rstd[r];
            for (int j = j0; j < j1; j++) {
                float d = dy[off + j];
                grads[g + j] += d * ((x[off + j] - m) * s);
                grads[b + j] += d;
            }
        }
    }
}
