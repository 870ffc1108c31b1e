package org.qkvlens.projection;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Principal component analysis of the points shown, fitted jointly on all of them: centre the columns, form the
 * covariance {@code C = Xcᵀ Xc / n} (p, p), take its leading eigenvectors, and return the scores {@code Xc V}.
 * The covariance is summed here by a blocked, vectorised kernel (each entry in point order, tiles of C in parallel:
 * the same numbers at any thread count; {@link #referenceCovariance} is its plain-loop twin); the eigenvectors come
 * from {@link SymmetricEigen} (Householder and QL in plain Java: LAPACK through Smile took about a second to load).
 * Smile's own {@code PCA.fit} is not used: it takes ~1 s for 10,000 × 64 (a full SVD of the data) and throws on
 * zero-variance data.
 * <p>
 * Each axis gets a canonical sign (its largest loading positive) so a fit does not depend on the solver's sign choice;
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
    /** Rows centred and added to the covariance at a time: 256 × 256 doubles stay in a core's L2 cache. */
    private static final int BLOCK = 256;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private Pca() {
    }

    /** Scores (n, d) of the centred points on the top {@code d} principal axes, canonical signs. */
    static double[] scores(Vectors v, int d, Progress progress) {
        double[] x = v.x();
        int n = v.n(), p = v.p();
        double[] scores = new double[n * d];
        if (n == 0 || p == 0) return scores;
        double[] mean = means(x, n, p, progress);
        double[] cov = covariance(x, mean, n, p, progress);
        progress.stopIfCancelled();
        double[] axes = topAxes(cov, p, d); // (d, p), zero rows for missing axes
        progress.stopIfCancelled();
        IntStream.range(0, (n + BLOCK - 1) / BLOCK).parallel().forEach(b -> { // each score summed over f in order
            progress.stopIfCancelled();
            for (int i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) {
                for (int a = 0; a < d; a++) {
                    double s = 0;
                    for (int f = 0; f < p; f++) s += (x[i * p + f] - mean[f]) * axes[a * p + f];
                    scores[i * d + a] = s;
                }
            }
        });
        return scores;
    }

    /** Each feature's mean, summed in point order (x read row by row). */
    private static double[] means(double[] x, int n, int p, Progress progress) {
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) {
            if ((i & 4095) == 0) progress.stopIfCancelled();
            for (int f = 0; f < p; f++) mean[f] += x[i * p + f];
        }
        for (int f = 0; f < p; f++) mean[f] /= n;
        return mean;
    }

    /**
     * {@code C = Xcᵀ Xc / n}, (p, p) row-major, as {@link #referenceCovariance} but blocked and vectorised: a block of
     * {@link #BLOCK} rows is centred into a buffer (columns padded with zeros to a multiple of two vectors), then
     * every 4 × 2-vector tile of C's lower triangle adds that block's outer products in registers (tiles in
     * parallel, blocks in order). Each entry is summed in point order whatever the thread count, by fused
     * multiply-adds, so it differs from the reference only by rounding. On 100,000 × 256 it replaced a transpose and
     * one dot product per entry that took about 2 s.
     */
    static double[] covariance(double[] x, double[] mean, int n, int p, Progress progress) {
        int lanes = S.length(), width = 2 * lanes;
        int pp = (p + width - 1) / width * width;   // padded features: whole tiles, 4 divides pp
        double[] acc = new double[pp * pp];         // (pp, pp), lower triangle's tiles filled
        double[] block = new double[BLOCK * pp];    // (BLOCK, pp) centred rows, zero padding
        for (int i0 = 0; i0 < n; i0 += BLOCK) {
            progress.stopIfCancelled();
            int rows = Math.min(BLOCK, n - i0);
            for (int r = 0; r < rows; r++) {
                for (int f = 0; f < p; f++) block[r * pp + f] = x[(i0 + r) * p + f] - mean[f];
            }
            IntStream.range(0, pp / 4).parallel().forEach(t -> tileRow(block, rows, pp, 4 * t, acc));
        }
        double[] c = new double[p * p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                double v = acc[a * pp + b] / n;
                c[a * p + b] = v;
                c[b * p + a] = v;
            }
        }
        return c;
    }

    /** Adds the block's products to C's rows a0..a0+3, column tiles of two vectors up to the diagonal. */
    private static void tileRow(double[] block, int rows, int pp, int a0, double[] acc) {
        int lanes = S.length();
        for (int b0 = 0; b0 < a0 + 4; b0 += 2 * lanes) {
            int c0 = a0 * pp + b0, c1 = c0 + pp, c2 = c1 + pp, c3 = c2 + pp;
            DoubleVector s00 = DoubleVector.fromArray(S, acc, c0), s01 = DoubleVector.fromArray(S, acc, c0 + lanes);
            DoubleVector s10 = DoubleVector.fromArray(S, acc, c1), s11 = DoubleVector.fromArray(S, acc, c1 + lanes);
            DoubleVector s20 = DoubleVector.fromArray(S, acc, c2), s21 = DoubleVector.fromArray(S, acc, c2 + lanes);
            DoubleVector s30 = DoubleVector.fromArray(S, acc, c3), s31 = DoubleVector.fromArray(S, acc, c3 + lanes);
            for (int r = 0, at = 0; r < rows; r++, at += pp) {
                DoubleVector v0 = DoubleVector.fromArray(S, block, at + b0);
                DoubleVector v1 = DoubleVector.fromArray(S, block, at + b0 + lanes);
                DoubleVector x0 = DoubleVector.broadcast(S, block[at + a0]);
                DoubleVector x1 = DoubleVector.broadcast(S, block[at + a0 + 1]);
                DoubleVector x2 = DoubleVector.broadcast(S, block[at + a0 + 2]);
                DoubleVector x3 = DoubleVector.broadcast(S, block[at + a0 + 3]);
                s00 = v0.fma(x0, s00);
                s01 = v1.fma(x0, s01);
                s10 = v0.fma(x1, s10);
                s11 = v1.fma(x1, s11);
                s20 = v0.fma(x2, s20);
                s21 = v1.fma(x2, s21);
                s30 = v0.fma(x3, s30);
                s31 = v1.fma(x3, s31);
            }
            s00.intoArray(acc, c0);
            s01.intoArray(acc, c0 + lanes);
            s10.intoArray(acc, c1);
            s11.intoArray(acc, c1 + lanes);
            s20.intoArray(acc, c2);
            s21.intoArray(acc, c2 + lanes);
            s30.intoArray(acc, c3);
            s31.intoArray(acc, c3 + lanes);
        }
    }

    /** The plain-loop reference {@link #covariance} is held to: centre, then one sum over the points per entry. */
    static double[] referenceCovariance(double[] x, int n, int p) {
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < p; f++) mean[f] += x[i * p + f] / n;
        }
        double[] c = new double[p * p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += (x[i * p + a] - mean[a]) * (x[i * p + b] - mean[b]);
                c[a * p + b] = s / n;
            }
        }
        return c;
    }

    /**
     * The {@code d} leading unit eigenvectors of the covariance as rows (d, p), largest loading of each positive.
     * Rows past the number of features, or whose eigenvalue is (numerically) zero, stay zero.
     */
    private static double[] topAxes(double[] c, int p, int d) {
        SymmetricEigen eigen = new SymmetricEigen(c, p); // ascending eigenvalues, vectors in columns
        double[] axes = new double[d * p];
        double largest = p == 0 ? 0 : Math.max(eigen.values[p - 1], 0);
        for (int a = 0; a < Math.min(d, p); a++) {
            int col = p - 1 - a;
            if (!(eigen.values[col] > RELATIVE_EIGEN_FLOOR * largest) || largest == 0) continue;
            int biggest = 0;
            for (int f = 0; f < p; f++) {
                if (Math.abs(eigen.vectors[f][col]) > Math.abs(eigen.vectors[biggest][col])) biggest = f;
            }
            double sign = eigen.vectors[biggest][col] < 0 ? -1 : 1;
            for (int f = 0; f < p; f++) axes[a * p + f] = sign * eigen.vectors[f][col];
        }
        return axes;
    }
}
