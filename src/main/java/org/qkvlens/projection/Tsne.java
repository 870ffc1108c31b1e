package org.qkvlens.projection;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Exact t-SNE (van der Maaten and Hinton, "Visualizing Data using t-SNE", JMLR 2008,
 * https://jmlr.org/papers/v9/vandermaaten08a.html), written out so it can start from a given layout: Smile's
 * {@code TSNE} always starts at random.
 * <ol>
 * <li>Input similarities: for each point a Gaussian over the squared distances to every other point, its precision
 * found by binary search so the distribution's perplexity is the target; then {@code p_ij = (p_j|i + p_i|j) / 2n}.
 * <li>Output similarities: Student-t, {@code w_ij = 1 / (1 + |y_i − y_j|²)}, {@code q_ij = w_ij / Z}.
 * <li>Gradient of KL(P‖Q): {@code 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j)}, by gradient descent with momentum
 * 0.5 → 0.8 and per-coordinate gains (Jacobs 1988), with early exaggeration 12 for the first 250 iterations of a
 * fresh start. Those settings, the binary search and the gains follow van der Maaten's bhtsne
 * (https://github.com/lvdmaaten/bhtsne, its exact-gradient path); the learning rate is max(n / 12 / 4, 50)
 * (Belkina et al. 2019, scikit-learn's "auto").
 * </ol>
 * Exact means O(n²) time per iteration and an n × n matrix P ({@link Rows}): that is why {@link #MAX_POINTS} exists. The gradient
 * is one pass over all pairs, rows in parallel, each row's sums in a fixed order, so results do not depend on the
 * thread count. Q is never stored: a row's attraction, its repulsion and its part of Z come out of the same loop,
 * a Vector API kernel ({@link #vectorRow2}, {@link #vectorRow3}) held by the tests to its plain-loop reference
 * ({@link #forcesRow}). Lane count follows the CPU, so the last bits of a layout may differ
 * between machines; on one machine they do not.
 * <p>
 * Leaves out: Barnes–Hut and FFT approximations, the sparse k-nearest-neighbour P of bhtsne, PCA to 50 dimensions
 * before the distances, degrees of freedom other than 1.
 * <pre>
 * n  points, p  features, d  output dimensions (2 or 3)
 * </pre>
 */
final class Tsne {
    /** P is n × n doubles: 5,000 points take 200 MB. Beyond this, use PCA or UMAP. */
    static final int MAX_POINTS = 5000;
    static final int FRESH_ITERATIONS = 1000;
    static final int WARM_ITERATIONS = 300;
    static final int EXAGGERATION_ITERATIONS = 250;
    static final double EXAGGERATION = Descent.EXAGGERATION;
    private static final int PERPLEXITY_STEPS = 200;
    private static final double PERPLEXITY_TOLERANCE = 1e-5;

    final int n;
    final int d;
    final Rows p;                      // (n, n) joint input similarities, symmetric, zero diagonal, sum 1
    final double[] y;                  // (n, d) the layout, updated in place
    final double[] grad;               // (n, d) gradient of KL at y (with the current exaggeration)
    private final double[] yt;         // (d, n) y transposed: each coordinate contiguous, for the vector kernel
    private final double[] attraction; // (n, d) Σ_j p_ij w_ij (y_i − y_j)
    private final double[] repulsion;  // (n, d) Σ_j w_ij² (y_i − y_j)
    private final double[] rowZ;       // (n)    Σ_{j≠i} w_ij
    private final Descent descent;
    private double pLogP = Double.NaN; // Σ p log p, the constant part of KL, computed on the first cost()

    /**
     * Calibrates P for the points {@code x} and takes {@code init} (n, d) as the starting layout.
     * P reuses the blocks of {@code workspace} (the last run's {@link #p}, or null) that are big enough.
     */
    Tsne(Vectors x, int d, double perplexity, double[] init, Rows workspace, Progress progress) {
        int n = x.n();
        if (n > MAX_POINTS) {
            throw new IllegalArgumentException("t-SNE here is exact (O(n²) memory and time): " + n
                    + " points is over the limit of " + MAX_POINTS + "; use PCA or UMAP, or show fewer epochs");
        }
        this.n = n;
        this.d = d;
        this.p = new Rows(n, workspace, progress);
        jointProbabilities(x, perplexity, p, progress);
        this.y = init.clone();
        this.yt = new double[d * n];
        this.grad = new double[n * d];
        this.attraction = new double[n * d];
        this.repulsion = new double[n * d];
        this.rowZ = new double[n];
        this.descent = new Descent(y, grad, n, d);
    }

    /** The perplexity for n points when the caller does not choose: min(30, (n − 1) / 3), at least 1. */
    static double defaultPerplexity(int n) {
        return Math.max(1, Math.min(30, (n - 1) / 3.0));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Input similarities

    /**
     * Storage for an (n, n) matrix: whole rows packed into blocks of at most 4 MB. One n² array would be allocated
     * in one uninterruptible step (hundreds of ms for 2,000 points on a busy machine) and must be replaced whenever
     * n grows; n row arrays would be copied by every young collection while they live (pauses of 100+ ms measured).
     * Blocks this large sit in G1's humongous regions, are allocated one at a time between cancellation checks,
     * and are reused by the next run when big enough.
     */
    static final class Rows {
        static final int BLOCK = 1 << 19; // doubles
        final int n;
        final int rowsPerBlock;
        final double[][] blocks;

        Rows(int n, Rows reuse, Progress progress) {
            this.n = n;
            this.rowsPerBlock = Math.max(1, Math.min(n, BLOCK / Math.max(1, n)));
            int count = (n + rowsPerBlock - 1) / rowsPerBlock;
            this.blocks = new double[count][];
            for (int b = 0; b < count; b++) {
                int need = Math.min(rowsPerBlock, n - b * rowsPerBlock) * n;
                double[] had = reuse != null && b < reuse.blocks.length ? reuse.blocks[b] : null;
                if (had != null && had.length >= need) {
                    blocks[b] = had;
                } else {
                    progress.stopIfCancelled();
                    blocks[b] = new double[count == 1 ? need : rowsPerBlock * n];
                }
            }
        }

        /** The block holding row i; the row starts at {@link #offset}(i). */
        double[] block(int i) {
            return blocks[i / rowsPerBlock];
        }

        int offset(int i) {
            return (i % rowsPerBlock) * n;
        }

        double get(int i, int j) {
            return block(i)[offset(i) + j];
        }

        long capacity() {
            long c = 0;
            for (double[] b : blocks) c += b.length;
            return c;
        }
    }

    /** Fills P: per-row Gaussians calibrated to the perplexity, then symmetrised and normalised. */
    static void jointProbabilities(Vectors x, double perplexity, Rows p, Progress progress) {
        int n = x.n();
        double targetEntropy = Math.log(perplexity);
        IntStream.range(0, n).parallel().forEach(i -> {
            progress.stopIfCancelled();
            double[] block = p.block(i);
            int row = p.offset(i);
            for (int j = 0; j < n; j++) block[row + j] = x.squaredDistance(i, j);
            conditionalRow(block, row, i, n, targetEntropy);
        });
        IntStream.range(0, n).parallel().forEach(i -> { // row i owns the pairs (i, j > i)
            progress.stopIfCancelled();
            double[] bi = p.block(i);
            int ri = p.offset(i);
            for (int j = i + 1; j < n; j++) {
                double[] bj = p.block(j);
                int at = p.offset(j) + i;
                double v = (bi[ri + j] + bj[at]) / (2.0 * n);
                bi[ri + j] = v;
                bj[at] = v;
            }
        });
    }

    /**
     * Turns point i's squared distances to every point, {@code p[row, row + n)}, into {@code p_j|i}: the Gaussian
     * whose precision β makes the row's entropy log(perplexity). bhtsne's search (double or halve β until the target
     * is bracketed, then bisect), with Newton steps taken when they stay inside the bracket (about 4× fewer passes).
     * Distances are taken relative to the nearest neighbour's so the largest term is 1 and the sum never underflows
     * (identical points, huge distances).
     */
    static void conditionalRow(double[] p, int row, int i, int n, double targetEntropy) {
        if (n == 1) {
            p[row] = 0;
            return;
        }
        double nearest = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) if (j != i) nearest = Math.min(nearest, p[row + j]);
        double mean = 0;
        for (int j = 0; j < n; j++) {
            p[row + j] = j == i ? 0 : p[row + j] - nearest;
            mean += p[row + j] / (n - 1);
        }
        // bhtsne starts at β = 1 on data scaled into [-1, 1]; we leave the data alone and start at 1 / mean distance.
        double beta = mean > 0 ? 1 / mean : 1, lo = 0, hi = Double.POSITIVE_INFINITY;
        for (int step = 0; step < PERPLEXITY_STEPS; step++) {
            double sum = 0, m1 = 0, m2 = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                double dj = p[row + j], e = Math.exp(-beta * dj);
                sum += e;
                m1 += dj * e;
                m2 += dj * dj * e;
            }
            m1 /= sum;
            m2 /= sum;
            double entropy = Math.log(sum) + beta * m1;
            double diff = entropy - targetEntropy;
            if (Math.abs(diff) < PERPLEXITY_TOLERANCE) break;
            if (diff > 0) lo = beta; // too flat: sharpen
            else hi = beta;
            // Newton on H(β), dH/dβ = −β·Var(d); bhtsne's doubling/bisection whenever Newton leaves the bracket.
            double newton = beta + diff / (beta * (m2 - m1 * m1));
            if (newton > lo && newton < hi && Double.isFinite(newton)) beta = newton;
            else if (diff > 0) beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            else beta = (beta + lo) / 2;
            // More neighbours at the nearest distance than the perplexity: H never reaches the target and β grows
            // without bound; at infinity exp(−β·0) would be NaN. The largest double already gives the limit.
            if (!(beta <= Double.MAX_VALUE)) beta = Double.MAX_VALUE;
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            if (j == i) continue;
            double e = Math.exp(-beta * p[row + j]);
            p[row + j] = e;
            sum += e;
        }
        for (int j = 0; j < n; j++) p[row + j] /= sum;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Gradient and cost

    /**
     * Fills {@link #grad} with the gradient of KL(P‖Q) at {@link #y}, P multiplied by {@code exaggeration}: rows in
     * parallel with the Vector API kernels, or one by one with the plain-loop reference kernels.
     */
    void gradient(double exaggeration, boolean reference, Progress progress) {
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) yt[k * n + i] = y[i * d + k];
        }
        if (reference) {
            for (int i = 0; i < n; i++) forcesRow(i);
        } else if (d == 2) {
            IntStream.range(0, n).parallel().forEach(i -> {
                progress.stopIfCancelled();
                vectorRow2(i);
            });
        } else {
            IntStream.range(0, n).parallel().forEach(i -> {
                progress.stopIfCancelled();
                vectorRow3(i);
            });
        }
        double z = 0;
        for (int i = 0; i < n; i++) z += rowZ[i];
        if (z <= 0) z = Double.MIN_NORMAL; // n == 1
        for (int e = 0; e < n * d; e++) grad[e] = 4 * (exaggeration * attraction[e] - repulsion[e] / z);
    }

    /**
     * Row i's attraction, repulsion and Z share, in plain loops for any dimension: the reference for
     * {@link #vectorRow2} and {@link #vectorRow3}. The j == i term adds w = 1 to Z and nothing else.
     */
    private void forcesRow(int i) {
        double[] pb = p.block(i), a = new double[d], r = new double[d], diff = new double[d];
        int row = p.offset(i);
        double z = 0;
        for (int j = 0; j < n; j++) {
            double dist = 1;
            for (int k = 0; k < d; k++) {
                diff[k] = y[d * i + k] - y[d * j + k];
                dist += diff[k] * diff[k];
            }
            double w = 1 / dist;
            double pw = pb[row + j] * w, ww = w * w;
            z += w;
            for (int k = 0; k < d; k++) {
                a[k] += pw * diff[k];
                r[k] += ww * diff[k];
            }
        }
        rowZ[i] = z - 1;
        System.arraycopy(a, 0, attraction, d * i, d);
        System.arraycopy(r, 0, repulsion, d * i, d);
    }

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();

    /**
     * {@link #forcesRow} in 2D with the Vector API: lanes of j at once, per-lane partial sums added in lane order at the
     * end (not {@code reduceLanes}, whose order may change once the JIT compiles it), then the scalar tail.
     */
    private void vectorRow2(int i) {
        double[] pb = p.block(i);
        int row = p.offset(i), bound = D.loopBound(n);
        double yi0 = yt[i], yi1 = yt[n + i];
        DoubleVector one = DoubleVector.broadcast(D, 1), vi0 = DoubleVector.broadcast(D, yi0), vi1 = DoubleVector.broadcast(D, yi1);
        DoubleVector z = DoubleVector.zero(D), a0 = z, a1 = z, r0 = z, r1 = z;
        for (int j = 0; j < bound; j += L) {
            DoubleVector d0 = vi0.sub(DoubleVector.fromArray(D, yt, j));
            DoubleVector d1 = vi1.sub(DoubleVector.fromArray(D, yt, n + j));
            DoubleVector w = one.div(d1.fma(d1, d0.fma(d0, one)));
            DoubleVector pw = DoubleVector.fromArray(D, pb, row + j).mul(w), ww = w.mul(w);
            z = z.add(w);
            a0 = pw.fma(d0, a0);
            a1 = pw.fma(d1, a1);
            r0 = ww.fma(d0, r0);
            r1 = ww.fma(d1, r1);
        }
        double zs = sum(z), as0 = sum(a0), as1 = sum(a1), rs0 = sum(r0), rs1 = sum(r1);
        for (int j = bound; j < n; j++) {
            double d0 = yi0 - yt[j], d1 = yi1 - yt[n + j];
            double w = 1 / (1 + d0 * d0 + d1 * d1);
            double pw = pb[row + j] * w, ww = w * w;
            zs += w;
            as0 += pw * d0;
            as1 += pw * d1;
            rs0 += ww * d0;
            rs1 += ww * d1;
        }
        rowZ[i] = zs - 1;
        attraction[2 * i] = as0;
        attraction[2 * i + 1] = as1;
        repulsion[2 * i] = rs0;
        repulsion[2 * i + 1] = rs1;
    }

    /** {@link #forcesRow} in 3D with the Vector API, as {@link #vectorRow2}. */
    private void vectorRow3(int i) {
        double[] pb = p.block(i);
        int row = p.offset(i), bound = D.loopBound(n);
        double yi0 = yt[i], yi1 = yt[n + i], yi2 = yt[2 * n + i];
        DoubleVector one = DoubleVector.broadcast(D, 1);
        DoubleVector vi0 = DoubleVector.broadcast(D, yi0), vi1 = DoubleVector.broadcast(D, yi1), vi2 = DoubleVector.broadcast(D, yi2);
        DoubleVector z = DoubleVector.zero(D), a0 = z, a1 = z, a2 = z, r0 = z, r1 = z, r2 = z;
        for (int j = 0; j < bound; j += L) {
            DoubleVector d0 = vi0.sub(DoubleVector.fromArray(D, yt, j));
            DoubleVector d1 = vi1.sub(DoubleVector.fromArray(D, yt, n + j));
            DoubleVector d2 = vi2.sub(DoubleVector.fromArray(D, yt, 2 * n + j));
            DoubleVector w = one.div(d2.fma(d2, d1.fma(d1, d0.fma(d0, one))));
            DoubleVector pw = DoubleVector.fromArray(D, pb, row + j).mul(w), ww = w.mul(w);
            z = z.add(w);
            a0 = pw.fma(d0, a0);
            a1 = pw.fma(d1, a1);
            a2 = pw.fma(d2, a2);
            r0 = ww.fma(d0, r0);
            r1 = ww.fma(d1, r1);
            r2 = ww.fma(d2, r2);
        }
        double zs = sum(z), as0 = sum(a0), as1 = sum(a1), as2 = sum(a2), rs0 = sum(r0), rs1 = sum(r1), rs2 = sum(r2);
        for (int j = bound; j < n; j++) {
            double d0 = yi0 - yt[j], d1 = yi1 - yt[n + j], d2 = yi2 - yt[2 * n + j];
            double w = 1 / (1 + d0 * d0 + d1 * d1 + d2 * d2);
            double pw = pb[row + j] * w, ww = w * w;
            zs += w;
            as0 += pw * d0;
            as1 += pw * d1;
            as2 += pw * d2;
            rs0 += ww * d0;
            rs1 += ww * d1;
            rs2 += ww * d2;
        }
        rowZ[i] = zs - 1;
        attraction[3 * i] = as0;
        attraction[3 * i + 1] = as1;
        attraction[3 * i + 2] = as2;
        repulsion[3 * i] = rs0;
        repulsion[3 * i + 1] = rs1;
        repulsion[3 * i + 2] = rs2;
    }

    /** The lanes of v added in lane order. */
    private static double sum(DoubleVector v) {
        double s = 0;
        for (int k = 0; k < L; k++) s += v.lane(k);
        return s;
    }

    /** KL(P‖Q) at the current layout, without exaggeration: Σ p log p − Σ p log w + log Z. One O(n²) pass. */
    double cost() {
        double[] rowPLogW = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double z = 0, plw = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                double r2 = 0;
                for (int k = 0; k < d; k++) {
                    double diff = y[i * d + k] - y[j * d + k];
                    r2 += diff * diff;
                }
                double w = 1 / (1 + r2);
                z += w;
                double pij = p.get(i, j);
                if (pij > 0) plw += pij * Math.log(w);
            }
            rowZ[i] = z;
            rowPLogW[i] = plw;
        });
        double z = 0, plw = 0;
        for (int i = 0; i < n; i++) {
            z += rowZ[i];
            plw += rowPLogW[i];
        }
        if (Double.isNaN(pLogP)) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = p.get(i, j);
                    if (v > 0) s += v * Math.log(v);
                }
            }
            pLogP = s;
        }
        return n < 2 ? 0 : pLogP - plw + Math.log(z);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Optimisation

    /** Runs {@code iterations} steps of {@link Descent} (the first {@code exaggerationIterations} exaggerated). */
    void optimise(int iterations, int exaggerationIterations, Progress progress, double from, double to) {
        descent.run((exaggeration, pr) -> gradient(exaggeration, false, pr), iterations, exaggerationIterations, progress, from, to);
    }
}
