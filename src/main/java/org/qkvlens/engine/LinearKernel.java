package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Linear layer, {@code y = x·Wᵀ + b} as {@code torch.nn.Linear}, forward and backward over flat arrays:
 * x (N, in), y (N, out), W (out, in) in the parameter array, Wᵀ (in, out) cached at the same offset in a second
 * array so the forward is a plain row-major GEMM. Backward accumulates into the gradient array:
 * {@code dx (+)= dy·W}, {@code dW += dyᵀ·x}, {@code db += Σ dy}. Rows split across threads; every element is
 * summed in a fixed order, so results do not depend on the thread count. Each call is pure: shapes (rows, and in/out
 * in {@link Weights.Linear}) come with it and nothing is kept between calls.
 */
final class LinearKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private final Parallel parallel;

    LinearKernel(Parallel parallel) {
        this.parallel = parallel;
    }

    /** y (rows, out) = x (rows, in) · Wᵀ + b. */
    void forward(float[] x, float[] y, int rows, Weights.Linear lin, float[] params, float[] paramsT) {
        forward(x, y, 0, rows, lin, params, paramsT);
    }

    /** Rows [from, to) of y (·, out) = x (·, in) · Wᵀ + b; the other rows are left alone. */
    void forward(float[] x, float[] y, int from, int to, Weights.Linear lin, float[] params, float[] paramsT) {
        int in = lin.in(), out = lin.out();
        parallel.forRange(to - from, grain((long) in * out), (r0, r1) -> {
            int i0 = r0 + from, i1 = r1 + from;
            for (int i = i0; i < i1; i++) System.arraycopy(params, lin.b(), y, i * out, out);
            Gemm.matmul(x, 0, in, 1, paramsT, lin.w(), out, y, 0, out, in, out, true, i0, i1);
        });
    }

    /**
     * From dy (rows, out): dW and db added into {@code grads}; dx (rows, in) written, or added when
     * {@code accumulateDx}; dx may be null when the input needs no gradient. x (rows, in) is the forward's input.
     */
    void backward(float[] dy, float[] x, float[] dx, boolean accumulateDx, int rows, Weights.Linear lin,
                  float[] params, float[] grads) {
        int in = lin.in(), out = lin.out();
        if (dx != null) {
            parallel.forRange(rows, grain((long) in * out),
                    (r0, r1) -> Gemm.matmul(dy, 0, out, 1, params, lin.w(), in, dx, 0, in, out, in, accumulateDx, r0, r1));
        }
        parallel.forRange(out, grain((long) rows * in), (j0, j1) -> {
            // dW[j, :] += Σ_i dy[i, j] · x[i, :]: A = dyᵀ addressed with row stride 1 and k stride out.
            Gemm.matmul(dy, 0, 1, out, x, 0, in, grads, lin.w(), in, rows, in, true, j0, j1);
            for (int i = 0; i < rows; i++) addInto(dy, i * out + j0, grads, lin.b() + j0, j1 - j0);
        });
    }

    /** Rows per chunk: ≥ 16M multiply-adds (~0.1 ms), a multiple of GEMM's row block so chunks split into whole blocks. */
    private int grain(long workPerRow) {
        return parallel.grain(workPerRow, 16_000_000, Gemm.MR);
    }

    /** y[yo, yo + n) += x[xo, xo + n). */
    private static void addInto(float[] x, int xo, float[] y, int yo, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector.fromArray(F, y, yo + j).add(FloatVector.fromArray(F, x, xo + j)).intoArray(y, yo + j);
        }
        for (; j < n; j++) y[yo + j] += x[xo + j];
    }
}
