package org.qkvlens.engine;

import org.qkvlens.data.SplitMix64;

/**
 * The tutorial's initialisation: {@code model.apply(initialize_weights)} puts Xavier-uniform
 * (bound √(6 / (fan_in + fan_out)), fan_in = size(1), fan_out = size(0)) on every weight with ≥ 2 dims, embeddings
 * included; biases keep PyTorch's Linear default U(−1/√fan_in, 1/√fan_in); LayerNorm keeps γ = 1, β = 0.
 * See https://github.com/bentrevett/pytorch-seq2seq (notebook 6) and torch.nn.init.xavier_uniform_.
 * Draws from SplitMix64 in parameter order, so values differ from PyTorch's generator; the distributions match.
 */
final class Initializer {
    private Initializer() {
    }

    static void initialize(Weights weights, float[] params, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        for (Weights.Tensor t : weights.tensors()) {
            int off = t.offset(), n = t.size();
            int[] shape = t.shape();
            boolean layerNorm = t.name().contains("layer_norm");
            if (shape.length >= 2) {
                float bound = (float) Math.sqrt(6.0 / (shape[1] + shape[0]));
                uniform(params, off, n, bound, rng);
            } else if (layerNorm) {
                java.util.Arrays.fill(params, off, off + n, t.name().endsWith(".weight") ? 1f : 0f);
            } else {
                Weights.Tensor w = weights.tensor(t.name().replaceFirst("\\.bias$", ".weight"));
                uniform(params, off, n, (float) (1.0 / Math.sqrt(w.shape()[1])), rng);
            }
        }
    }

    private static void uniform(float[] a, int off, int n, float bound, SplitMix64 rng) {
        for (int i = 0; i < n; i++) a[off + i] = (2f * rng.nextFloat() - 1f) * bound;
    }
}
