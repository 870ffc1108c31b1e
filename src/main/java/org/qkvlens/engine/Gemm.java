package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one matrix multiply every layer uses: {@code C[m, n] (+)= A[m, k] · B[k, n]} over a range of C's rows, so
 * {@link Parallel} can split it. A is addressed by two strides, so the same kernel does {@code A·B} (row stride lda,
 * k stride 1) and {@code Aᵀ·B} (row stride 1, k stride lda) for weight gradients. B and C are row-major.
 * <p>
 * Every C element is summed the same way on every path: {@code s = C or 0; s = fma(A(i,kk), B(kk,j), s)} for kk in
 * order. So results do not depend on the row split, the path taken or the blocking, only on the inputs.
 * <ul>
 * <li>Packed path (the workhorse, GotoBLAS/BLIS's loop nest): for each block of {@value #NC} columns and
 * {@value #KC} k's, the B block is copied into a per-thread buffer as contiguous {@value #KC}×32 panels (zero-padded
 * past n), so a panel stays in L1 and the block in L2 whatever B's row stride; each 8-row slice of A is copied
 * k-major into a small buffer (which also makes {@code Aᵀ} contiguous); an 8×32 register-blocked micro-kernel of
 * broadcast-FMAs (16 accumulators: enough in flight for two FMA pipes) runs over the panels; tiles at the right or
 * bottom edge go through a scratch tile.</li>
 * <li>Direct path, for fewer than {@value #PACK_MIN_ROWS} rows where packing would cost more than it saves (and
 * for attention's per-head products, {@link #small}): 4-row blocks of two, then one vector reading A and B in
 * place, scalar FMAs for the last columns.</li>
 * </ul>
 * {@link GemmReference} is the plain-loop twin the tests hold this to. Leaves out Strassen-like reordering.
 */
public final class Gemm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    static final int MR = 8, NR = 2 * L;
    private static final int KC = 256, NC = 512;
    static final int PACK_MIN_ROWS = 16;
    /** Per-thread packing buffers, allocated once per kernel thread. */
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[KC * (NC + NR)]);
    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[KC * MR]);

    private Gemm() {
    }

    /**
     * Rows [r0, r1) of {@code C = A·B}, or {@code C += A·B} when {@code accumulate}.
     * A(i, kk) is {@code a[aOff + i·aRow + kk·aK]}; B is (k, n) at bOff with row stride ldb; C is (m, n) at cOff
     * with row stride ldc.
     */
    public static void matmul(float[] a, int aOff, int aRow, int aK, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, int k, int n, boolean accumulate, int r0, int r1) {
        if (r1 <= r0 || n <= 0) return;
        if (k == 0) {
            if (!accumulate) {
                for (int i = r0; i < r1; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        if (r1 - r0 < PACK_MIN_ROWS) {
            direct(a, aOff, aRow, aK, b, bOff, ldb, c, cOff, ldc, k, n, accumulate, r0, r1);
        } else {
            packed(a, aOff, aRow, aK, b, bOff, ldb, c, cOff, ldc, k, n, accumulate, r0, r1);
        }
    }

    /**
     * {@link #matmul} on the direct path whatever the row count: for the small per-head products of attention,
     * where packing would cost more than the product.
     */
    static void small(float[] a, int aOff, int aRow, int aK, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, int k, int n, boolean accumulate, int r0, int r1) {
        if (k == 0) {
            matmul(a, aOff, aRow, aK, b, bOff, ldb, c, cOff, ldc, k, n, accumulate, r0, r1);
            return;
        }
        direct(a, aOff, aRow, aK, b, bOff, ldb, c, cOff, ldc, k, n, accumulate, r0, r1);
    }

    // ------------------------------------------------------------------------------------------- packed path

    private static void packed(float[] a, int aOff, int aRow, int aK, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, int k, int n, boolean accumulate, int r0, int r1) {
        float[] bp = PACKED_B.get(), ap = PACKED_A.get();
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0);
                boolean load = accumulate || k0 > 0;
                packB(b, bOff + k0 * ldb + j0, ldb, kc, nc, bp);
                for (int i = r0; i < r1; i += MR) {
                    int rows = Math.min(MR, r1 - i);
                    packA(a, aOff + i * aRow + k0 * aK, aRow, aK, rows, kc, ap);
                    int ci = cOff + i * ldc + j0;
                    for (int j = 0, panel = 0; j < nc; j += NR, panel += kc * NR) {
                        int cols = Math.min(NR, nc - j);
                        if (rows == MR && cols == NR) {
                            // C's own values, or a zero tile read with row stride 0: no branch in the kernel.
                            micro(ap, bp, panel, kc, load ? c : ZERO, load ? ci + j : 0, load ? ldc : 0, c, ci + j, ldc);
                        } else {
                            edge(ap, bp, panel, kc, c, ci + j, ldc, rows, cols, load);
                        }
                    }
                }
            }
        }
    }

    /** A zero tile row: the initial accumulators of a tile that does not accumulate. */
    private static final float[] ZERO = new float[NR];
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    /** A tile at C's right or bottom edge: through a full MR × NR scratch tile, so the kernel stays branch-free. */
    private static void edge(float[] ap, float[] bp, int b0, int kc, float[] c, int c0, int ldc, int rows, int cols,
                             boolean load) {
        float[] tile = TILE.get();
        java.util.Arrays.fill(tile, 0f);
        if (load) {
            for (int r = 0; r < rows; r++) System.arraycopy(c, c0 + r * ldc, tile, r * NR, cols);
        }
        micro(ap, bp, b0, kc, tile, 0, NR, tile, 0, NR);
        for (int r = 0; r < rows; r++) System.arraycopy(tile, r * NR, c, c0 + r * ldc, cols);
    }

    /** B (kc, nc) → panels of NR columns, each kc × NR contiguous, columns past nc zero. */
    private static void packB(float[] b, int b0, int ldb, int kc, int nc, float[] bp) {
        int panel = 0, j = 0;
        for (; j + NR <= nc; j += NR, panel += kc * NR) {
            for (int kk = 0, src = b0 + j, dst = panel; kk < kc; kk++, src += ldb, dst += NR) {
                FloatVector.fromArray(F, b, src).intoArray(bp, dst);
                FloatVector.fromArray(F, b, src + L).intoArray(bp, dst + L);
            }
        }
        if (j < nc) {
            int cols = nc - j;
            for (int kk = 0, src = b0 + j, dst = panel; kk < kc; kk++, src += ldb, dst += NR) {
                java.util.Arrays.fill(bp, dst, dst + NR, 0f);
                System.arraycopy(b, src, bp, dst, cols);
            }
        }
    }

    /** Rows [0, rows) of A (kc columns) → k-major MR-wide slices, missing rows zero. */
    private static void packA(float[] a, int a0, int aRow, int aK, int rows, int kc, float[] ap) {
        if (rows < MR) java.util.Arrays.fill(ap, 0, kc * MR, 0f);
        for (int r = 0; r < rows; r++) {
            for (int kk = 0, src = a0 + r * aRow, dst = r; kk < kc; kk++, src += aK, dst += MR) ap[dst] = a[src];
        }
    }

    /**
     * One MR × NR tile: {@code dst = src + packed A slice · packed B panel}, src and dst with their own offsets and
     * row strides (src may be C itself, a zero row with stride 0, or a scratch tile). Straight-line, no branches:
     * a hot vector method that never meets an untaken branch is never sent back to the (very slow) interpreter.
     */
    private static void micro(float[] ap, float[] bp, int b0, int kc, float[] src, int s0, int sld,
                              float[] dst, int d0, int dld) {
        FloatVector s00 = FloatVector.fromArray(F, src, s0), s01 = FloatVector.fromArray(F, src, s0 + L);
        FloatVector s10 = FloatVector.fromArray(F, src, s0 + sld), s11 = FloatVector.fromArray(F, src, s0 + sld + L);
        FloatVector s20 = FloatVector.fromArray(F, src, s0 + 2 * sld), s21 = FloatVector.fromArray(F, src, s0 + 2 * sld + L);
        FloatVector s30 = FloatVector.fromArray(F, src, s0 + 3 * sld), s31 = FloatVector.fromArray(F, src, s0 + 3 * sld + L);
        FloatVector s40 = FloatVector.fromArray(F, src, s0 + 4 * sld), s41 = FloatVector.fromArray(F, src, s0 + 4 * sld + L);
        FloatVector s50 = FloatVector.fromArray(F, src, s0 + 5 * sld), s51 = FloatVector.fromArray(F, src, s0 + 5 * sld + L);
        FloatVector s60 = FloatVector.fromArray(F, src, s0 + 6 * sld), s61 = FloatVector.fromArray(F, src, s0 + 6 * sld + L);
        FloatVector s70 = FloatVector.fromArray(F, src, s0 + 7 * sld), s71 = FloatVector.fromArray(F, src, s0 + 7 * sld + L);
        for (int kk = 0, bo = b0, ao = 0; kk < kc; kk++, bo += NR, ao += MR) {
            FloatVector b0v = FloatVector.fromArray(F, bp, bo);
            FloatVector b1v = FloatVector.fromArray(F, bp, bo + L);
            FloatVector x = FloatVector.broadcast(F, ap[ao]);
            s00 = x.fma(b0v, s00); s01 = x.fma(b1v, s01);
            x = FloatVector.broadcast(F, ap[ao + 1]);
            s10 = x.fma(b0v, s10); s11 = x.fma(b1v, s11);
            x = FloatVector.broadcast(F, ap[ao + 2]);
            s20 = x.fma(b0v, s20); s21 = x.fma(b1v, s21);
            x = FloatVector.broadcast(F, ap[ao + 3]);
            s30 = x.fma(b0v, s30); s31 = x.fma(b1v, s31);
            x = FloatVector.broadcast(F, ap[ao + 4]);
            s40 = x.fma(b0v, s40); s41 = x.fma(b1v, s41);
            x = FloatVector.broadcast(F, ap[ao + 5]);
            s50 = x.fma(b0v, s50); s51 = x.fma(b1v, s51);
            x = FloatVector.broadcast(F, ap[ao + 6]);
            s60 = x.fma(b0v, s60); s61 = x.fma(b1v, s61);
            x = FloatVector.broadcast(F, ap[ao + 7]);
            s70 = x.fma(b0v, s70); s71 = x.fma(b1v, s71);
        }
        s00.intoArray(dst, d0); s01.intoArray(dst, d0 + L);
        s10.intoArray(dst, d0 + dld); s11.intoArray(dst, d0 + dld + L);
        s20.intoArray(dst, d0 + 2 * dld); s21.intoArray(dst, d0 + 2 * dld + L);
        s30.intoArray(dst, d0 + 3 * dld); s31.intoArray(dst, d0 + 3 * dld + L);
        s40.intoArray(dst, d0 + 4 * dld); s41.intoArray(dst, d0 + 4 * dld + L);
        s50.intoArray(dst, d0 + 5 * dld); s51.intoArray(dst, d0 + 5 * dld + L);
        s60.intoArray(dst, d0 + 6 * dld); s61.intoArray(dst, d0 + 6 * dld + L);
        s70.intoArray(dst, d0 + 7 * dld); s71.intoArray(dst, d0 + 7 * dld + L);
    }

    // ------------------------------------------------------------------------------------------- direct path

    private static void direct(float[] a, int aOff, int aRow, int aK, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, int k, int n, boolean accumulate, int r0, int r1) {
        for (int k0 = 0; k0 < k; k0 += KC) {
            int k1 = Math.min(k, k0 + KC);
            boolean load = accumulate || k0 > 0;
            int i = r0;
            for (; i + 4 <= r1; i += 4) {
                rows4(a, aOff + i * aRow, aRow, aK, b, bOff, ldb, c, cOff + i * ldc, ldc, k0, k1, n, load);
            }
            for (; i < r1; i++) {
                row1(a, aOff + i * aRow, aK, b, bOff, ldb, c, cOff + i * ldc, k0, k1, n, load, 0);
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
        for (; j + L <= n; j += L) {
            FloatVector s0, s1, s2, s3;
            if (load) {
                s0 = FloatVector.fromArray(F, c, c0 + j); s1 = FloatVector.fromArray(F, c, c1 + j);
                s2 = FloatVector.fromArray(F, c, c2 + j); s3 = FloatVector.fromArray(F, c, c3 + j);
            } else {
                s0 = s1 = s2 = s3 = FloatVector.zero(F);
            }
            for (int kk = k0; kk < k1; kk++) {
                int ak = kk * aK;
                FloatVector bv = FloatVector.fromArray(F, b, bOff + kk * ldb + j);
                s0 = FloatVector.broadcast(F, a[a0 + ak]).fma(bv, s0);
                s1 = FloatVector.broadcast(F, a[a1 + ak]).fma(bv, s1);
                s2 = FloatVector.broadcast(F, a[a2 + ak]).fma(bv, s2);
                s3 = FloatVector.broadcast(F, a[a3 + ak]).fma(bv, s3);
            }
            s0.intoArray(c, c0 + j); s1.intoArray(c, c1 + j);
            s2.intoArray(c, c2 + j); s3.intoArray(c, c3 + j);
        }
        if (j < n) {
            row1(a, a0, aK, b, bOff, ldb, c, c0, k0, k1, n, load, j);
            row1(a, a1, aK, b, bOff, ldb, c, c1, k0, k1, n, load, j);
            row1(a, a2, aK, b, bOff, ldb, c, c2, k0, k1, n, load, j);
            row1(a, a3, aK, b, bOff, ldb, c, c3, k0, k1, n, load, j);
        }
    }

    /**
     * Columns [j, n) of one C row: four vectors at a time (four independent FMA chains, so the row is not held to one
     * FMA's latency per k), then single vectors, then scalars with the same FMA rounding as the vector lanes.
     */
    private static void row1(float[] a, int a0, int aK, float[] b, int bOff, int ldb, float[] c, int c0,
                             int k0, int k1, int n, boolean load, int j) {
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector s0, s1, s2, s3;
            if (load) {
                s0 = FloatVector.fromArray(F, c, c0 + j); s1 = FloatVector.fromArray(F, c, c0 + j + L);
                s2 = FloatVector.fromArray(F, c, c0 + j + 2 * L); s3 = FloatVector.fromArray(F, c, c0 + j + 3 * L);
            } else {
                s0 = s1 = s2 = s3 = FloatVector.zero(F);
            }
            for (int kk = k0; kk < k1; kk++) {
                int bRow = bOff + kk * ldb + j;
                FloatVector x = FloatVector.broadcast(F, a[a0 + kk * aK]);
                s0 = x.fma(FloatVector.fromArray(F, b, bRow), s0);
                s1 = x.fma(FloatVector.fromArray(F, b, bRow + L), s1);
                s2 = x.fma(FloatVector.fromArray(F, b, bRow + 2 * L), s2);
                s3 = x.fma(FloatVector.fromArray(F, b, bRow + 3 * L), s3);
            }
            s0.intoArray(c, c0 + j); s1.intoArray(c, c0 + j + L);
            s2.intoArray(c, c0 + j + 2 * L); s3.intoArray(c, c0 + j + 3 * L);
        }
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
