package org.qkvlens.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.qkvlens.data.SplitMix64;
import smile.math.blas.UPLO;
import smile.math.matrix.Matrix;

/** The plain-Java symmetric eigensolver against LAPACK (through Smile) and against its own definition, A v = λ v. */
class SymmetricEigenTest {

    @Test
    void matchesLapackOnRandomSymmetricMatrices() {
        SplitMix64 rng = new SplitMix64(5);
        for (int p : new int[] {1, 2, 3, 17, 64, 200}) {
            double[] a = covarianceLike(p, rng);
            SymmetricEigen ours = new SymmetricEigen(a, p);
            Matrix m = new Matrix(p, p);
            for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) m.set(i, j, a[i * p + j]);
            m.uplo(UPLO.LOWER);
            Matrix.EVD lapack = m.eigen(false, true, true).sort(); // descending
            double scale = Math.abs(lapack.wr[0]);
            for (int r = 0; r < p; r++) {
                int col = p - 1 - r; // ours ascending
                assertEquals(lapack.wr[r], ours.values[col], 1e-12 * scale, "p=" + p + " eigenvalue " + r);
            }
            // The leading vectors (well separated for these matrices) agree up to sign.
            for (int r = 0; r < Math.min(3, p); r++) {
                int col = p - 1 - r;
                double dot = 0;
                for (int k = 0; k < p; k++) dot += lapack.Vr.get(k, r) * ours.vectors[k][col];
                assertEquals(1, Math.abs(dot), 1e-9, "p=" + p + " vector " + r);
            }
        }
    }

    @Test
    void eigenpairsSatisfyTheirDefinitionAndAreOrthonormal() {
        SplitMix64 rng = new SplitMix64(9);
        int p = 90;
        double[] a = covarianceLike(p, rng);
        a[3 * p + 3] = a[4 * p + 4]; // two equal diagonal entries
        SymmetricEigen eigen = new SymmetricEigen(a, p);
        double scale = Math.abs(eigen.values[p - 1]);
        for (int c = 0; c < p; c++) {
            for (int i = 0; i < p; i++) {
                double av = 0;
                for (int k = 0; k < p; k++) av += a[Math.max(i, k) * p + Math.min(i, k)] * eigen.vectors[k][c];
                assertEquals(eigen.values[c] * eigen.vectors[i][c], av, 1e-11 * scale, "A v = λ v, pair " + c);
            }
            for (int c2 = 0; c2 <= c; c2++) {
                double dot = 0;
                for (int k = 0; k < p; k++) dot += eigen.vectors[k][c] * eigen.vectors[k][c2];
                assertEquals(c == c2 ? 1 : 0, dot, 1e-12, "orthonormal " + c + ", " + c2);
            }
            if (c > 0) assertEquals(true, eigen.values[c - 1] <= eigen.values[c], "ascending");
        }
    }

    @Test
    void zeroAndDiagonalMatrices() {
        SymmetricEigen zero = new SymmetricEigen(new double[9], 3);
        for (double v : zero.values) assertEquals(0, v, 0);
        SymmetricEigen diag = new SymmetricEigen(new double[] {2, 0, 0, 0, 5, 0, 0, 0, 1}, 3);
        assertEquals(1, diag.values[0], 0);
        assertEquals(2, diag.values[1], 0);
        assertEquals(5, diag.values[2], 0);
        assertEquals(1, Math.abs(diag.vectors[1][2]), 0, "5's vector is the second axis");
    }

    /** Bᵀ B / m for a random (m, p) B with columns of different scales: symmetric, positive semi-definite. */
    private static double[] covarianceLike(int p, SplitMix64 rng) {
        int m = 2 * p + 5;
        double[] b = new double[m * p];
        for (int e = 0; e < b.length; e++) b[e] = ((rng.nextU64() >>> 11) * 0x1.0p-53 - 0.5) * (1 + 3.0 * (e % p) / p);
        double[] a = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int r = 0; r < m; r++) s += b[r * p + i] * b[r * p + j];
                a[i * p + j] = s / m;
            }
        }
        return a;
    }
}
