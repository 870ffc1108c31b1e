package org.qkvlens.projection;

import java.util.Arrays;

/**
 * t-SNE's optimiser, shared by the exact {@link Tsne} and {@link BarnesHutTsne}: gradient descent with momentum
 * 0.5 → 0.8 and per-coordinate gains (Jacobs 1988; +0.2 on a sign change, ×0.8 otherwise, at least 0.01), with P
 * exaggerated ×12 for the first iterations of a fresh start, and the layout's mean held where it started. Settings
 * as in van der Maaten's bhtsne and scikit-learn. Leaves out: scikit-learn's early stop on a small gradient.
 * <pre>
 * n  points, d  output dimensions
 * y, grad, update, gains  (n, d)
 * </pre>
 */
final class Descent {
    static final double EXAGGERATION = 12;
    private static final double MOMENTUM = 0.5;
    private static final double FINAL_MOMENTUM = 0.8;
    private static final double MIN_GAIN = 0.01;

    /** Fills {@code grad} with the gradient at the current layout, P multiplied by {@code exaggeration}. */
    interface Gradient {
        void compute(double exaggeration, Progress progress);
    }

    private final int n, d;
    private final double learningRate;
    private final double[] y, grad;
    private final double[] update;  // (n, d) last step, for momentum
    private final double[] gains;   // (n, d)
    private final double[] centre;  // (d) the layout's mean, held there

    Descent(double[] y, double[] grad, int n, int d) {
        this.n = n;
        this.d = d;
        this.y = y;
        this.grad = grad;
        this.learningRate = learningRate(n);
        this.update = new double[n * d];
        this.gains = new double[n * d];
        Arrays.fill(gains, 1);
        this.centre = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) centre[k] += y[i * d + k] / n;
        }
    }

    /** max(n / 12 / 4, 50) (Belkina et al. 2019, scikit-learn's "auto"). */
    static double learningRate(int n) {
        return Math.max(n / EXAGGERATION / 4, 50);
    }

    /**
     * Runs {@code iterations} steps, exaggerating P and keeping momentum at 0.5 for the first
     * {@code exaggerationIterations} (a warm start passes 0). Reports progress in [{@code from}, {@code to}].
     */
    void run(Gradient gradient, int iterations, int exaggerationIterations, Progress progress, double from, double to) {
        int reportEvery = Math.max(1, iterations / 100);
        for (int it = 0; it < iterations; it++) {
            progress.stopIfCancelled();
            boolean early = it < exaggerationIterations;
            gradient.compute(early ? EXAGGERATION : 1, progress);
            step(early ? MOMENTUM : FINAL_MOMENTUM);
            if (it % reportEvery == 0) progress.report(from + (to - from) * (it + 1) / iterations);
        }
    }

    private void step(double momentum) {
        for (int e = 0; e < n * d; e++) {
            boolean sameSign = Math.signum(grad[e]) == Math.signum(update[e]);
            gains[e] = Math.max(MIN_GAIN, sameSign ? gains[e] * 0.8 : gains[e] + 0.2);
            update[e] = momentum * update[e] - learningRate * gains[e] * grad[e];
            y[e] += update[e];
        }
        for (int k = 0; k < d; k++) {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += y[i * d + k];
            double shift = mean / n - centre[k];
            for (int i = 0; i < n; i++) y[i * d + k] -= shift;
        }
    }
}
