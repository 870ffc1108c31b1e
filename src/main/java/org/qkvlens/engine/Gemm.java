package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one matrix multiply every layer uses: {@code C[m, n] (+)= A[m, k] · B[k, n]} over a range of C's rows, so
 * {@link Parallel} can split it. A is addressed by two strides, so the same kernel does {@code A·B} (row stride lda,
 * k stride 1) and {@code Aᵀ·B} (row stride 1, k stride lda) for weight gradients. B and C are row-major.
 * Vector API broadcast-FMA, register-blocked 4 rows × 2 vectors, K blocked so a B panel stays in L2.
 * Each C element is summed in k order by FMA whatever the row range, so results do not depend on the split.
 * {@link GemmReference} is the plain-loop twin the tests hold this to. Leaves out packing (issue: engine speed).
 */
public final class Gemm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int KC = 256;

    private Gemm() {
    }

    /**
     * Rows [r0, r1) of {@code C = A·B}, or {@code C += A·B} when {@code accumulate}.
     * A(i, kk) is {@code a[aOff + i·aRow + kk·aK]}; B is (k, n) at bOff with row stride ldb; C is (m, n) at cOff
     * with row stride ldc.
     */
    public static void matmul(float[] a, int aOff, int aRow, int aK, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, int k, int n, boolean accumulate, int r0, int r1) {
        if (k == 0) {
            if (!accumulate) {
                for (int i = r0; i < r1; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        for (int k0 = 0; k0 < k; k0 += KC) {
            int k1 = Math.min(k, k0 + KC);
            boolean load = accumulate || k0 > 0;
            int i = r0;
            for (; i + 4 <= r1; i += 4) {
                rows4(a, aOff + i * aRow, aRow, aK, b, bOff, ldb, c, cOff + i * ldc, ldc, k0, k1, n, load);
            }
            for (; i < r1; i++) {
                row1(a, aOff + i * aRow, aK, b, bOff, ldb, c, cOff + i * ldc, k0, k1, n, load);
            }
        }
    }

    private static void rows4(float[] a, int a0, int aRow, int aK, float[] b, int bOff, int ldb,
                              float[] c, int c0, int ldc, int k0, int k1, int n, boolean load) {
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            FloatVector s00, s01, s10, s11, s20, s21, s30, s31;
            if (load) {
                s00 = FloatVector.fromArray(F, c, c0 + j); s01 = FloatVector.fromArray(F, c, c0 + j + L);
                s10 = FloatVector.fromArray(F, c, c1 + j); s11 = FloatVector.fromArray(F, c, c1 + j + L);
                s20 = FloatVector.fromArray(F, c, c2 + j); s21 = FloatVector.fromArray(F, c, c2 + j + L);
                s30 = FloatVector.fromArray(F, c, c3 + j); s31 = FloatVector.fromArray(F, c, c3 + j + L);
            } else {
                s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = FloatVector.zero(F);
            }
            for (int kk = k0; kk < k1; kk++) {
                int bRow = bOff + kk * ldb + j;
                int ak = kk * aK;
                FloatVector b0 = FloatVector.fromArray(F, b, bRow);
                FloatVector b1 = FloatVector.fromArray(F, b, bRow + L);
                FloatVector x = FloatVector.broadcast(F, a[a0 + ak]);
                s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
                x = FloatVector.broadcast(F, a[a1 + ak]);
                s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
                x = FloatVector.broadcast(F, a[a2 + ak]);
                s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
                x = FloatVector.broadcast(F, a[a3 + ak]);
                s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
            }
            s00.intoArray(c, c0 + j); s01.intoArray(c, c0 + j + L);
            s10.intoArray(c, c1 + j); s11.intoArray(c, c1 + j + L);
            s20.intoArray(c, c2 + j); s21.intoArray(c, c2 + j + L);
            s30.intoArray(c, c3 + j); s31.intoArray(c, c3 + j + L);
        }
        if (j < n) {
            row1(a, a0, aK, b, bOff, ldb, c, c0, k0, k1, n, load, j);
            row1(a, a1, aK, b, bOff, ldb, c, c1, k0, k1, n, load, j);
            row1(a, a2, aK, b, bOff, ldb, c, c2, k0, k1, n, load, j);
            row1(a, a3, aK, b, bOff, ldb, c, c3, k0, k1, n, load, j);
        }
    }

    private static void row1(float[] a, int a0, int aK, float[] b, int bOff, int ldb, float[] c, int c0,
                             int k0, int k1, int n, boolean load) {
        row1(a, a0, aK, b, bOff, ldb, c, c0, k0, k1, n, load, 0);
    }

    /** Columns [j, n) of one C row: whole vectors, then scalars with the same FMA rounding as the vector lanes. */
    private static void row1(float[] a, int a0, int aK, float[] b, int bOff, int ldb, float[] c, int c0,
                             int k0, int k1, int n, boolean load, int j) {
        for (; j + L <= n; j += L) {
            FloatVector s = load ? FloatVector.fromArray(F, c, c0 + j) : FloatVector.zero(F);
            for (int kk = k0; kk < k1; kk++) {
                s = FloatVector.broadcast(F, a[a0 + kk * aK]).fma(FloatVector.fromArray(F, b, bOff + kk * ldb + j), s);
            }
            s.intoArray(c, c0 + j);
        }
        for (; j < n; j++) {
            float s = load ? c[c0 + j] : 0f;
            for (int kk = k0; kk < k1; kk++) s = Math.fma(a[a0 + kk * aK], b[bOff + kk * ldb + j], s);
            c[c0 + j] = s;
        }
    }
}
