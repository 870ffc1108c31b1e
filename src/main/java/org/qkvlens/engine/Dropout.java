package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inverted dropout with masks that are a pure function of (seed, step, site, element): nothing is stored between
 * forward and backward, any thread can compute any element, and a run is reproducible at any thread count.
 * A kept element is scaled by 1/(1−p) as in {@code torch.nn.Dropout}. In eval mode callers pass p = 0.
 * {@link #scales} computes the same multipliers a whole float vector at a time with 64-bit lanes, bit for bit.
 * Leaves out PyTorch's own random stream: masks differ from PyTorch's, only their distribution matches.
 */
public final class Dropout {
    /**
     * The engine's one float species. Every kernel uses the same one: a second float shape anywhere (as a 256-bit
     * species for 8 dropout lanes once was) splits the Vector API's shared type profiles, and C2 then boxes vectors
     * in unrelated kernels, which allocates on every operation.
     */
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    /** Longs of the same bit size: half as many lanes, so one float vector of multipliers takes two long vectors. */
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, VectorShape.forBitSize(FS.vectorBitSize()));
    private static final int HALF = LS.length();
    static final int LANES = FS.length();
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** GOLDEN · lane for each long lane: element index + lane hashes key + GOLDEN · (index + 1) + GOLDEN · lane. */
    private static final LongVector LANE_STEPS = LongVector.fromArray(LS, laneSteps(), 0);

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

    /**
     * {@link #scale}(key, index + i, p) for i in [0, {@link #LANES}) as lanes of {@link #FS}, computed exactly as the
     * scalar version: the same 64-bit mix per lane, the same float compare. Only for p > 0.
     */
    static FloatVector scales(long key, int index, float p, float keep) {
        // Lanes [0, HALF) from the first long vector, [HALF, LANES) from the second, placed by convertShape's part.
        FloatVector lo = (FloatVector) uniformBits(key, index).convertShape(VectorOperators.L2F, FS, 0);
        FloatVector hi = (FloatVector) uniformBits(key, index + HALF).convertShape(VectorOperators.L2F, FS, -1);
        FloatVector u = lo.add(hi).mul(0x1.0p-24f);  // the other part's lanes are 0: the add only merges
        return FloatVector.broadcast(FS, keep).blend(0f, u.lt(p));
    }

    /** The top 24 bits of {@code mix(key + GOLDEN · (index + i + 1))} for the long lanes i, as {@link #scale} takes them. */
    private static LongVector uniformBits(long key, int index) {
        LongVector z = LANE_STEPS.add(key + GOLDEN * (index + 1L));
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
        return z.lanewise(VectorOperators.LSHR, 40);
    }

    /** The multiplier of a kept element, 1/(1−p), as {@link #scale} computes it. */
    static float keep(float p) {
        return 1f / (1f - p);
    }

    private static long[] laneSteps() {
        long[] s = new long[HALF];
        for (int i = 0; i < HALF; i++) s[i] = GOLDEN * i;
        return s;
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
