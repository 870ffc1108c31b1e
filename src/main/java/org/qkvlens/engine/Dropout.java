package org.qkvlens.engine;

/**
 * Inverted dropout with masks that are a pure function of (seed, step, site, element): nothing is stored between
 * forward and backward, any thread can compute any element, and a run is reproducible at any thread count.
 * A kept element is scaled by 1/(1−p) as in {@code torch.nn.Dropout}. In eval mode callers pass p = 0.
 * Leaves out PyTorch's own random stream: masks differ from PyTorch's, only their distribution matches.
 */
public final class Dropout {
    private Dropout() {
    }

    /** The key of one dropout site in one training step. */
    public static long key(long seed, long step, int site) {
        return mix(mix(seed + 0x9E3779B97F4A7C15L * (step + 1)) ^ (0xD1B54A32D192ED03L * (site + 1)));
    }

    /** The multiplier of element {@code index}: 0 (dropped) or 1/(1−p) (kept); 1 when p is 0. */
    public static float scale(long key, int index, float p) {
        if (p == 0f) return 1f;
        long z = mix(key + 0x9E3779B97F4A7C15L * (index + 1L));
        float u = (z >>> 40) * 0x1.0p-24f;
        return u < p ? 0f : 1f / (1f - p);
    }

    /** {@code out[i] = in[i] · scale(i)} for i in [0, n). */
    public static void forward(float[] in, float[] out, int n, long key, float p) {
        if (p == 0f) {
            if (in != out) System.arraycopy(in, 0, out, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) out[i] = in[i] * scale(key, i, p);
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
