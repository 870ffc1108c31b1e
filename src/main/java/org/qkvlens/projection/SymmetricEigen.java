package org.qkvlens.projection;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix in plain Java: Householder reduction to tridiagonal form
 * ({@code tred2}) and the implicit QL method ({@code tql2}), from EISPACK by way of JAMA's
 * {@code EigenvalueDecomposition} (public domain; Wilkinson and Reinsch, Handbook for Automatic Computation, vol. II,
 * 1971). For PCA's covariance (p × p, p a few hundred: tens of milliseconds), so a projection needs no native
 * LAPACK, whose loading took about a second of the first PCA in a JVM. Deterministic: plain loops in a fixed order.
 * <p>
 * Leaves out: non-symmetric matrices, eigenvalues only (the vectors are always accumulated), blocking for large p.
 * <pre>
 * p  size
 * values   (p)     ascending
 * vectors  (p)(p)  vectors[k][i] is entry k of the eigenvector of values[i]
 * </pre>
 */
final class SymmetricEigen {
    /** QL iterations per eigenvalue before giving up (EISPACK's limit is 30; we never saw more than a handful). */
    private static final int MAX_ITERATIONS = 60;

    final double[] values;
    final double[][] vectors;

    /** Decomposes the symmetric (p, p) row-major {@code a}; only its lower triangle is read. */
    SymmetricEigen(double[] a, int p) {
        values = new double[p];
        vectors = new double[p][p];
        double[] e = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                vectors[i][j] = a[i * p + j];
                vectors[j][i] = a[i * p + j];
            }
        }
        if (p == 0) return;
        tred2(vectors, values, e, p);
        tql2(vectors, values, e, p);
    }

    /** Householder tridiagonalisation: V becomes the orthogonal transform, d the diagonal, e the subdiagonal. */
    private static void tred2(double[][] v, double[] d, double[] e, int n) {
        for (int j = 0; j < n; j++) d[j] = v[n - 1][j];
        for (int i = n - 1; i > 0; i--) {
            double scale = 0, h = 0; // scale to avoid under- and overflow
            for (int k = 0; k < i; k++) scale += Math.abs(d[k]);
            if (scale == 0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = v[i - 1][j];
                    v[i][j] = 0;
                    v[j][i] = 0;
                }
            } else {
                for (int k = 0; k < i; k++) { // the Householder vector
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1], g = Math.sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++) { // the similarity transform on the remaining columns
                    f = d[j];
                    v[j][i] = f;
                    g = e[j] + v[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += v[k][j] * d[k];
                        e[k] += v[k][j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) v[k][j] -= f * e[k] + g * d[k];
                    d[j] = v[i - 1][j];
                    v[i][j] = 0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++) { // accumulate the transformations
            v[n - 1][i] = v[i][i];
            v[i][i] = 1;
            double h = d[i + 1];
            if (h != 0) {
                for (int k = 0; k <= i; k++) d[k] = v[k][i + 1] / h;
                for (int j = 0; j <= i; j++) {
                    double g = 0;
                    for (int k = 0; k <= i; k++) g += v[k][i + 1] * v[k][j];
                    for (int k = 0; k <= i; k++) v[k][j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; k++) v[k][i + 1] = 0;
        }
        for (int j = 0; j < n; j++) {
            d[j] = v[n - 1][j];
            v[n - 1][j] = 0;
        }
        v[n - 1][n - 1] = 1;
        e[0] = 0;
    }

    /** Implicit QL on the tridiagonal (d, e), rotations accumulated into V; then eigenpairs sorted ascending. */
    private static void tql2(double[][] v, double[] d, double[] e, int n) {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0, tst1 = 0, eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l; // find a small subdiagonal element
            while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
            if (m > l) {
                for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
                    double g = d[l]; // the implicit shift
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1], h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m]; // the implicit QL transformation
                    double c = 1, c2 = c, c3 = c, el1 = e[l + 1], s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        for (int k = 0; k < n; k++) {
                            h = v[k][i + 1];
                            v[k][i + 1] = s * v[k][i] + c * h;
                            v[k][i] = c * v[k][i] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                    if (Math.abs(e[l]) <= eps * tst1) break;
                }
            }
            d[l] += f;
            e[l] = 0;
        }
        for (int i = 0; i < n - 1; i++) { // selection sort, ascending, vectors along
            int k = i;
            for (int j = i + 1; j < n; j++) if (d[j] < d[k]) k = j;
            if (k == i) continue;
            double t = d[k];
            d[k] = d[i];
            d[i] = t;
            for (int j = 0; j < n; j++) {
                t = v[j][i];
                v[j][i] = v[j][k];
                v[j][k] = t;
            }
        }
    }
}
