package org.qkvlens.engine;

/**
 * Linear layer, {@code y = x·Wᵀ + b} as {@code torch.nn.Linear}, forward and backward over flat arrays:
 * x (N, in), y (N, out), W (out, in) in the parameter array, Wᵀ (in, out) cached at the same offset in a second
 * array so the forward is a plain row-major GEMM. Backward accumulates into the gradient array:
 * {@code dx (+)= dy·W}, {@code dW += dyᵀ·x}, {@code db += Σ dy}. Rows split across threads; every element is
 * summed in a fixed order, so results do not depend on the thread count. One instance per owner, reused: no allocation.
 */
final class LinearKernel implements Parallel.RangeTask {
    private static final int FORWARD = 0, BACKWARD_INPUT = 1, BACKWARD_WEIGHT = 2;

    private final Parallel parallel;
    private int mode;
    private float[] x, y, dy, dx, params, paramsT, grads;
    private Weights.Linear lin;
    private int rows;
    private boolean accumulate;

    LinearKernel(Parallel parallel) {
        this.parallel = parallel;
    }

    /** y (rows, out) = x (rows, in) · Wᵀ + b. */
    void forward(float[] x, float[] y, int rows, Weights.Linear lin, float[] params, float[] paramsT) {
        this.mode = FORWARD;
        this.x = x;
        this.y = y;
        this.rows = rows;
        this.lin = lin;
        this.params = params;
        this.paramsT = paramsT;
        parallel.forRange(rows, grain(lin.in() * lin.out()), this);
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
            parallel.forRange(rows, grain(lin.in() * lin.out()), this);
        }
        mode = BACKWARD_WEIGHT;
        parallel.forRange(lin.out(), grain(rows * lin.in()), this);
    }

    /** Rows per chunk: a multiple of 4 with at least ~64k multiply-adds, so tiny layers stay on one thread. */
    private static int grain(int workPerRow) {
        int g = (int) Math.min(1 << 20, Math.max(4, 65_536L / Math.max(1, workPerRow)));
        return (g + 3) & ~3;
    }

    @Override
    public void run(int r0, int r1) {
        int in = lin.in(), out = lin.out();
        switch (mode) {
            case FORWARD -> {
                for (int i = r0; i < r1; i++) System.arraycopy(params, lin.b(), y, i * out, out);
                Gemm.matmul(x, 0, in, 1, paramsT, lin.w(), out, y, 0, out, in, out, true, r0, r1);
            }
            case BACKWARD_INPUT -> Gemm.matmul(dy, 0, out, 1, params, lin.w(), in, dx, 0, in, out, in, accumulate, r0, r1);
            case BACKWARD_WEIGHT -> {
                // dW[j, :] += Σ_i dy[i, j] · x[i, :]: A = dyᵀ addressed with row stride 1 and k stride out.
                Gemm.matmul(dy, 0, 1, out, x, 0, in, grads, lin.w(), in, rows, in, true, r0, r1);
                int b = lin.b();
                for (int i = 0; i < rows; i++) {
                    int row = i * out;
                    for (int j = r0; j < r1; j++) grads[b + j] += dy[row + j];
                }
            }
            default -> throw new IllegalStateException();
        }
    }
}
