package org.qkvlens.engine;

/**
 * The plain triple loop that {@link Gemm} must agree with: {@code C[m, n] (+)= A[m, k] · B[k, n]}, with A addressed
 * by a row stride and a k stride exactly as in {@link Gemm#matmul}. Readable, slow, the definition.
 */
public final class GemmReference {
    private GemmReference() {
    }

    public static void matmul(float[] a, int aOff, int aRow, int aK, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, int m, int k, int n, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int kk = 0; kk < k; kk++) {
                    sum += a[aOff + i * aRow + kk * aK] * b[bOff + kk * ldb + j];
                }
                c[cOff + i * ldc + j] = sum;
            }
        }
    }
}
