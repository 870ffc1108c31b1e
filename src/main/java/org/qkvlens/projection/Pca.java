package org.qkvlens.projection;

import java.util.stream.IntStream;
import smile.math.blas.UPLO;
import smile.math.matrix.Matrix;

/**
 * Principal component analysis of the points shown, fitted jointly on all of them: centre the columns, form the
 * covariance {@code C = Xcᵀ Xc / n} (p, p), take its leading eigenvectors, and return the scores {@code Xc V}.
 * The covariance is summed here (each entry in a fixed order, rows of C in parallel: the same numbers at any thread
 * count); the eigenvectors come from Smile's {@link Matrix#eigen} (LAPACK {@code dsyevd} on the symmetric matrix).
 * Smile's own {@code PCA.fit} is not used: it takes ~1 s for 10,000 × 64 (a full SVD of the data) and throws on
 * zero-variance data.
 * <p>
 * Each axis gets a canonical sign (its largest loading positive) so a fit does not depend on LAPACK's sign choice;
 * the caller (a projection continuing an earlier layout) then flips axes to agree with it. Axes with no variance
 * (constant data, fewer points than axes, more axes than features) score exactly 0, never NaN.
 * <p>
 * Leaves out: whitening, correlation (scaled) PCA, axis re-ordering when two eigenvalues cross between fits.
 * Reference: Jolliffe, Principal Component Analysis (2002), ch. 1–3.
 * <pre>
 * n  points, p  features, d  output axes (2 or 3)
 * x       (n, p)  row-major, the points' vectors
 * scores  (n, d)  row-major
 * </pre>
 */
final class Pca {
    /** Eigenvalues at or below this fraction of the largest count as zero variance. */
    private static final double RELATIVE_EIGEN_FLOOR = 1e-12;
    private static final int TRANSPOSE_BLOCK = 64;

    private Pca() {
    }

    /** Scores (n, d) of the centred points on the top {@code d} principal axes, canonical signs. */
    static double[] scores(Vectors v, int d, Progress progress) {
        double[] x = v.x();
        int n = v.n(), p = v.p();
        double[] scores = new double[n * d];
        if (n == 0 || p == 0) return scores;
        double[] xt = centredColumns(x, n, p, progress);
        double[] cov = covariance(xt, n, p, progress);
        progress.stopIfCancelled();
        double[] axes = topAxes(cov, p, d); // (d, p), zero rows for missing axes
        progress.stopIfCancelled();
        for (int f = 0; f < p; f++) { // each score summed over f in order; xt read row by row
            for (int a = 0; a < d; a++) {
                double w = axes[a * p + f];
                for (int i = 0; i < n; i++) scores[i * d + a] += xt[f * n + i] * w;
            }
        }
        return scores;
    }

    /**
     * The centred data, transposed (p, n): each feature's column contiguous, for the covariance dot products. The
     * means are summed row by row (each feature's sum still in point order) and the copy goes in blocks of rows, so
     * x is read sequentially: reading it column by column took most of a 100,000 × 256 fit.
     */
    private static double[] centredColumns(double[] x, int n, int p, Progress progress) {
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) {
            if ((i & 4095) == 0) progress.stopIfCancelled();
            for (int f = 0; f < p; f++) mean[f] += x[i * p + f];
        }
        for (int f = 0; f < p; f++) mean[f] /= n;
        double[] xt = new double[p * n];
        for (int i0 = 0; i0 < n; i0 += TRANSPOSE_BLOCK) {
            if ((i0 & 4095) == 0) progress.stopIfCancelled();
            int i1 = Math.min(n, i0 + TRANSPOSE_BLOCK);
            for (int f = 0; f < p; f++) {
                double m = mean[f];
                for (int i = i0; i < i1; i++) xt[f * n + i] = x[i * p + f] - m;
            }
        }
        return xt;
    }

    /** {@code C[a][b] = Σ_i xt[a][i]·xt[b][i] / n}, (p, p) row-major; rows of C in parallel. */
    private static double[] covariance(double[] xt, int n, int p, Progress progress) {
        double[] c = new double[p * p];
        IntStream.range(0, p).parallel().forEach(a -> {
            progress.stopIfCancelled();
            for (int b = 0; b <= a; b++) {
                double v = dot(xt, a * n, b * n, n) / n;
                c[a * p + b] = v;
                c[b * p + a] = v;
            }
        });
        return c;
    }

    /** Dot product of two length-n slices with four partial sums (a fixed order, so the same bits every time). */
    private static double dot(double[] v, int from1, int from2, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += v[from1 + i] * v[from2 + i];
            s1 += v[from1 + i + 1] * v[from2 + i + 1];
            s2 += v[from1 + i + 2] * v[from2 + i + 2];
            s3 += v[from1 + i + 3] * v[from2 + i + 3];
        }
        for (; i < n; i++) s0 += v[from1 + i] * v[from2 + i];
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The {@code d} leading unit eigenvectors of the covariance as rows (d, p), largest loading of each positive.
     * Rows past the number of features, or whose eigenvalue is (numerically) zero, stay zero.
     */
    private static double[] topAxes(double[] c, int p, int d) {
        Matrix cov = new Matrix(p, p);
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) cov.set(a, b, c[a * p + b]);
        }
        cov.uplo(UPLO.LOWER); // symmetric: LAPACK's dsyevd
        Matrix.EVD eigen = cov.eigen(false, true, true).sort(); // descending eigenvalues, vectors in columns
        double[] axes = new double[d * p];
        double largest = Math.max(eigen.wr[0], 0);
        for (int a = 0; a < Math.min(d, p); a++) {
            if (!(eigen.wr[a] > RELATIVE_EIGEN_FLOOR * largest) || largest == 0) continue;
            int biggest = 0;
            for (int f = 0; f < p; f++) {
                if (Math.abs(eigen.Vr.get(f, a)) > Math.abs(eigen.Vr.get(biggest, a))) biggest = f;
            }
            double sign = eigen.Vr.get(biggest, a) < 0 ? -1 : 1;
            for (int f = 0; f < p; f++) axes[a * p + f] = sign * eigen.Vr.get(f, a);
        }
        return axes;
    }
}
