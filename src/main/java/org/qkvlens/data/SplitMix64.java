package org.qkvlens.data;

/**
 * Steele, Lea and Flood's SplitMix64 generator (the constants of Vigna's splitmix64.c,
 * https://prng.di.unimi.it/splitmix64.c): tiny, fast, and easy to reproduce bit for bit in Python,
 * which is why shuffles and the synthetic corpus use it instead of {@link java.util.Random}.
 * Mutable and not thread-safe: one instance per stream. {@link #nextInt} keeps the top 31 bits and takes
 * the remainder, so it is very slightly biased for large n; that is part of the reproducible definition.
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextU64() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A number in [0, n), n ≥ 1. */
    public int nextInt(int n) {
        return (int) Long.remainderUnsigned(nextU64() >>> 33, n);
    }

    /** A number in [0, 1) from the top 24 bits. */
    public float nextFloat() {
        return (nextU64() >>> 40) * 0x1.0p-24f;
    }

    /** Fisher–Yates, from the end: for i = n−1 down to 1, swap a[i] with a[nextInt(i + 1)]. */
    public static void shuffle(int[] a, SplitMix64 rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
