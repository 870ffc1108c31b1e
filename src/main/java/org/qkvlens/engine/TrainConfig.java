package org.qkvlens.engine;

/**
 * How the model is trained, the tutorial's values by default: Adam (lr 5e-4, β 0.9/0.999, ε 1e-8) and global
 * gradient-norm clipping at 1.0. Leaves out the model shape ({@link ModelConfig}) and the data.
 *
 * @param batchSize   sentence pairs per step
 * @param epochs      passes over the training pairs
 * @param learningRate Adam's step size
 * @param beta1       Adam's first-moment decay
 * @param beta2       Adam's second-moment decay
 * @param eps         Adam's denominator guard
 * @param clip        maximum global L2 norm of the gradient (≤ 0: no clipping)
 * @param seed        seeds initialisation, dropout and batch order
 * @param threads     worker threads for the kernels (≥ 1)
 * @param maxDecode   greedy decoding stops after this many tokens
 */
public record TrainConfig(int batchSize, int epochs, float learningRate, float beta1, float beta2, float eps,
                          float clip, long seed, int threads, int maxDecode) {

    public TrainConfig {
        if (batchSize <= 0) throw new IllegalArgumentException("batch must be a positive integer, got " + batchSize);
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be a positive integer, got " + epochs);
        if (!(learningRate > 0f)) throw new IllegalArgumentException("lr must be positive, got " + learningRate);
        if (!(beta1 >= 0f && beta1 < 1f)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0f && beta2 < 1f)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(eps > 0f)) throw new IllegalArgumentException("eps must be positive, got " + eps);
        if (threads <= 0) throw new IllegalArgumentException("threads must be a positive integer, got " + threads);
        if (maxDecode <= 0) throw new IllegalArgumentException("max-decode must be a positive integer, got " + maxDecode);
    }

    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
