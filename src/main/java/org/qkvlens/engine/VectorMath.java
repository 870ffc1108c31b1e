package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp} for vectors of floats, built from additions, multiplications, FMAs and integer bit operations only, so
 * the interpreter and compiled code give the same bits (the Vector API's own {@code EXP} may call a different
 * library in each, which would break reproducibility). {@link #exp(float)} is the scalar twin: the same steps, the
 * same bits, for loop tails. Cephes' {@code expf}: {@code x = n·ln2 + r} with ln2 in two parts (Cody–Waite),
 * a degree-5 polynomial for {@code e^r − 1 − r}, then {@code ·2ⁿ} through the exponent bits; relative error about
 * one float ulp. Arguments below −87.3 (where 2ⁿ would leave the normal range) give 0; above 88, e^88.
 * Source: Stephen L. Moshier, Cephes Math Library, expf.c.
 */
final class VectorMath {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    /** 1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer (to nearest, ties to even). */
    private static final float ROUND = 12582912f;
    static final float MIN_ARG = -87.3f, MAX_ARG = 88f;

    private VectorMath() {
    }

    /** e^x per lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(MIN_ARG).min(MAX_ARG);
        FloatVector n = xc.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = xc.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector z = r.mul(r);
        FloatVector y = r.fma(FloatVector.broadcast(F, P0), FloatVector.broadcast(F, P1));
        y = y.fma(r, FloatVector.broadcast(F, P2));
        y = y.fma(r, FloatVector.broadcast(F, P3));
        y = y.fma(r, FloatVector.broadcast(F, P4));
        y = y.fma(r, FloatVector.broadcast(F, P5));
        y = y.fma(z, r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector pow2 = bits.reinterpretAsFloats();
        return y.mul(pow2).blend(0f, x.compare(VectorOperators.LT, MIN_ARG));
    }

    /** e^x, the same steps as {@link #exp(FloatVector)} on one lane. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, MIN_ARG), MAX_ARG);
        float n = (xc * LOG2E + ROUND) - ROUND;
        float r = (xc - n * LN2_HI) - n * LN2_LO;
        float z = r * r;
        float y = Math.fma(r, P0, P1);
        y = Math.fma(y, r, P2);
        y = Math.fma(y, r, P3);
        y = Math.fma(y, r, P4);
        y = Math.fma(y, r, P5);
        y = Math.fma(y, z, r) + 1f;
        float pow2 = Float.intBitsToFloat(((int) n + 127) << 23);
        return x < MIN_ARG ? 0f : y * pow2;
    }

    static {
        if (I.length() != F.length()) throw new ExceptionInInitializerError("int and float species differ in length");
    }
}
