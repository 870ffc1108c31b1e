package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm} held to {@link GemmReference}, and its determinism contract: a C element does not depend on how the
 * rows are split, nor on the path (direct below {@link Gemm#PACK_MIN_ROWS} rows, packed from there: the split tests
 * mix both). Shapes straddle the vector length L (whole vectors, the 2L register block, scalar and masked tails), the
 * 4-row block, the K block of 256 and the N block of 512; A is used row-major ({@code aRow = lda, aK = 1}) and transposed
 * ({@code aRow = 1, aK = lda}); offsets are non-zero and leading dimensions exceed the logical widths.
 */
class GemmTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    /**
     * Gemm sums with FMA, the reference with a rounded multiply then add, so they differ by float rounding. Per element
     * we allow {@code 1e-5 · (Σ_k |A(i,k)·B(k,j)| + |C₀(i,j)|)}: a relative error of 1e-5 against the size of the
     * terms summed (a bound on rounding error does not scale with the possibly cancelled result).
     */
    private static final double REL_TOL = 1e-5;

    private static final int[] MS = {1, 3, 4, 5, 13, Gemm.PACK_MIN_ROWS, Gemm.PACK_MIN_ROWS + 5};
    private static final int[] KS = {0, 1, 7, 33, 256, 257, 600};
    private static final int[] NS = {1, L - 1, L, L + 1, 2 * L - 1, 2 * L, 2 * L + 1, 3 * L + 5, 531};

    /** One problem laid out in padded arrays: A (m, k) by two strides, B (k, n) and C (m, n) row-major. */
    private record Problem(int m, int k, int n, boolean transposedA, float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {

        static Problem random(Random rng, int m, int k, int n, boolean transposedA) {
            int aOff = 3, bOff = 5, cOff = 7;
            int lda = (transposedA ? m : k) + 2;
            int ldb = n + 3, ldc = n + 5;
            float[] a = KernelAssert.uniform(rng, aOff + (transposedA ? k : m) * lda + 1, 1f);
            float[] b = KernelAssert.uniform(rng, bOff + k * ldb + 1, 1f);
            float[] c = KernelAssert.uniform(rng, cOff + m * ldc + 4, 1f);
            return new Problem(m, k, n, transposedA, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }

        int aRow() {
            return transposedA ? 1 : lda;
        }

        int aK() {
            return transposedA ? lda : 1;
        }

        float aAt(int i, int kk) {
            return a[aOff + i * aRow() + kk * aK()];
        }

        /** Rows [r0, r1) by the fast kernel into {@code out}. */
        void fast(float[] out, boolean accumulate, int r0, int r1) {
            Gemm.matmul(a, aOff, aRow(), aK(), b, bOff, ldb, out, cOff, ldc, k, n, accumulate, r0, r1);
        }

        void reference(float[] out, boolean accumulate) {
            GemmReference.matmul(a, aOff, aRow(), aK(), b, bOff, ldb, out, cOff, ldc, m, k, n, accumulate);
        }

        boolean inWindow(int index) {
            int rel = index - cOff;
            return rel >= 0 && rel / ldc < m && rel % ldc < n;
        }

        @Override
        public String toString() {
            return "m=" + m + " k=" + k + " n=" + n + (transposedA ? " Aᵀ" : " A");
        }
    }

    @Test
    void matchesTheReferenceOverManyShapesBothLayoutsWithAndWithoutAccumulate() {
        Random rng = new Random(1);
        for (int m : MS) {
            for (int k : KS) {
                for (int n : NS) {
                    for (boolean transposedA : new boolean[] {false, true}) {
                        Problem pr = Problem.random(rng, m, k, n, transposedA);
                        for (boolean accumulate : new boolean[] {false, true}) {
                            float[] fast = pr.c.clone();
                            float[] ref = pr.c.clone();
                            pr.fast(fast, accumulate, 0, m);
                            pr.reference(ref, accumulate);
                            assertAgree(pr, accumulate, ref, fast);
                        }
                    }
                }
            }
        }
    }

    @Test
    void resultIsBitIdenticalWhateverTheRowSplit() {
        Random rng = new Random(2);
        int[][] shapes = {{13, 300, 2 * L + 3}, {37, 600, 3 * L + 5}, {11, 257, L - 1}, {45, 270, 600}, {40, 20, 2 * L},
                {13, 64, 4 * L + 3}, {13, 64, 8 * L}};
        for (int[] s : shapes) {
            for (boolean transposedA : new boolean[] {false, true}) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    Problem pr = Problem.random(rng, s[0], s[1], s[2], transposedA);
                    int m = pr.m;
                    float[] whole = pr.c.clone();
                    pr.fast(whole, accumulate, 0, m);

                    float[] twoParts = pr.c.clone();
                    pr.fast(twoParts, accumulate, 0, 5);
                    pr.fast(twoParts, accumulate, 5, m);
                    assertArrayEquals(whole, twoParts, pr + " [0,5)+[5,m)");

                    float[] rowByRow = pr.c.clone();
                    for (int i = m - 1; i >= 0; i--) pr.fast(rowByRow, accumulate, i, i + 1);
                    assertArrayEquals(whole, rowByRow, pr + " one row at a time");

                    float[] odd = pr.c.clone();
                    pr.fast(odd, accumulate, 0, 3);
                    pr.fast(odd, accumulate, 3, 10);
                    pr.fast(odd, accumulate, 10, m);
                    assertArrayEquals(whole, odd, pr + " [0,3)+[3,10)+[10,m)");

                    try (Parallel parallel = new Parallel(3)) {
                        for (int grain : new int[] {1, 2, 4, 7}) {
                            float[] split = pr.c.clone();
                            parallel.forRange(m, grain, (r0, r1) -> pr.fast(split, accumulate, r0, r1));
                            assertArrayEquals(whole, split, pr + " 3 threads, grain " + grain);
                        }
                    }
                }
            }
        }
    }

    @Test
    void anEmptyRowRangeWritesNothing() {
        Problem pr = Problem.random(new Random(3), 6, 20, L + 1, false);
        float[] c = pr.c.clone();
        pr.fast(c, false, 4, 4);
        assertArrayEquals(pr.c, c);
    }

    /** In-window elements within tolerance of the reference; everything outside the (m, n) window untouched. */
    private static void assertAgree(Problem pr, boolean accumulate, float[] ref, float[] fast) {
        for (int idx = 0; idx < fast.length; idx++) {
            if (!pr.inWindow(idx)) {
                assertEquals(pr.c[idx], fast[idx], 0f, pr + ": element " + idx + " outside C's window was written");
                continue;
            }
            int i = (idx - pr.cOff) / pr.ldc, j = (idx - pr.cOff) % pr.ldc;
            double scale = accumulate ? Math.abs(pr.c[idx]) : 0;
            for (int kk = 0; kk < pr.k; kk++) scale += Math.abs((double) pr.aAt(i, kk) * pr.b[pr.bOff + kk * pr.ldb + j]);
            double diff = Math.abs((double) fast[idx] - ref[idx]);
            if (!(diff <= REL_TOL * scale)) {
                fail(pr + (accumulate ? " accumulate" : "") + ": C(" + i + ", " + j + ") fast " + fast[idx]
                        + " vs reference " + ref[idx] + " (scale " + scale + ")");
            }
        }
    }
}
