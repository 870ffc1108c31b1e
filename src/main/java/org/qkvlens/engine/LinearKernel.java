package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Linear layer, {@code y = x·Wᵀ + b} as {@code torch.nn.Linear}, forward and backward over flat arrays:
 * x (N, in), y (N, out), W (out, in) in the parameter array, Wᵀ (in, out) cached at the same offset in a second
 * array so the forward is a plain row-major GEMM. Backward accumulates into the gradient array:
 * {@code dx (+)= dy·W}, {@code dW += dyᵀ·x}, {@code db += Σ dy}. Rows split across threads; every element is
 * summed in a fixed order, so results do not depend on the thread count. One instance per owner, reused: no allocation.
 */
final class LinearKernel implements Parallel.RangeTask {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int FORWARD = 0, BACKWARD_INPUT = 1, BACKWARD_WEIGHT = 2;

    private final Parallel parallel;
    private int mode;
    private float[] x, y, dy, dx, params, paramsT, grads;
    private Weights.Linear lin;
    private int rows, rowOffset;
    private boolean accumulate;

    LinearKernel(Parallel parallel) {
        this.parallel = parallel;
    }

    /** y (rows, out) = x (rows, in) · Wᵀ + b. */
    void forward(float[] x, float[] y, int rows, Weights.Linear lin, float[] params, float[] paramsT) {
        forward(x, y, 0, rows, lin, params, paramsT);
    }

    /** Rows [from, to) of y (·, out) = x (·, in) · Wᵀ + b; the other rows are left alone. */
    void forward(float[] x, float[] y, int from, int to, Weights.Linear lin, float[] params, float[] paramsT) {
        this.mode = FORWARD;
        this.x = x;
        this.y = y;
        this.rows = to - from;
        this.rowOffset = from;
        this.lin = lin;
        this.params = params;
        this.paramsT = paramsT;
        parallel.forRange(to - from, grain((long) lin.in() * lin.out()), this);
    }

    /**
     * From dy (rows, out): dW and db added into {@code grads}; dx (rows, in) written, or added when
     * {@code accumulateDx}; dx may be null when the input needs no gradient.
     */
    void backward(float[] dy, float[] x, float[] dx, boolean accumulateDx, int rows, Weights.Linear lin,
                  float[] params, float[] grads) {
        this.dy = dy;
        this.x = x;
        this.dx = dx;
        this.accumulate = accumulateDx;
        this.rows = rows;
        this.lin = lin;
        this.params = params;
        this.grads = grads;
        if (dx != null) {
            mode = BACKWARD_INPUT;
            parallel.forRange(rows, grain((long) lin.in() * lin.out()), this);
        }
        mode = BACKWARD_WEIGHT;
        parallel.forRange(lin.out(), grain((long) rows * lin.in()), this);
    }

    /** Rows per chunk: ≥ 16M multiply-adds (~0.1 ms), a multiple of GEMM's row block so chunks split into whole blocks. */
    private int grain(long workPerRow) {
        return parallel.grain(workPerRow, 16_000_000, Gemm.MR);
    }

    @Override
    public void run(int r0, int r1) {
        int in = lin.in(), out = lin.out();
        switch (mode) {
            case FORWARD -> {
                int i0 = r0 + rowOffset, i1 = r1 + rowOffset;
                for (int i = i0; i < i1; i++) System.arraycopy(params, lin.b(), y, i * out, out);
                Gemm.matmul(x, 0, in, 1, paramsT, lin.w(), out, y, 0, out, in, out, true, i0, i1);
            }
            case BACKWARD_INPUT -> Gemm.matmul(dy, 0, out, 1, params, lin.w(), in, dx, 0, in, out, in, accumulate, r0, r1);
            case BACKWARD_WEIGHT -> {
                // dW[j, :] += Σ_i dy[i, j] · x[i, :]: A = dyᵀ addressed with row stride 1 and k stride out.
                Gemm.matmul(dy, 0, 1, out, x, 0, in, grads, lin.w(), in, rows, in, true, r0, r1);
                for (int i = 0; i < rows; i++) addInto(dy, i * out + r0, grads, lin.b() + r0, r1 - r0);
            }
            default -> throw new IllegalStateException();
        }
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
