package org.qkvlens.projection;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Barnes–Hut t-SNE (van der Maaten, "Accelerating t-SNE using Tree-Based Algorithms", JMLR 2014,
 * https://jmlr.org/papers/v15/vandermaaten14a.html; as in bhtsne and scikit-learn's {@code _barnes_hut_tsne}):
 * the same cost and optimiser ({@link Descent}) as the exact {@link Tsne}, with two approximations that make an
 * iteration O(n log n) instead of O(n²).
 * <ol>
 * <li>Sparse P: each point's Gaussian is calibrated to the perplexity over its k = min(n − 1, 3·perplexity) nearest
 * neighbours only ({@link Knn#exact}: a blocked matrix product, as NN-descent is slower at k = 90), then symmetrised,
 * {@code p_ij = (p_j|i + p_i|j) / 2n}, and stored as compressed rows. The attractive forces are a sum over these rows.
 * <li>Repulsion by a space-partitioning tree over the layout (quadtree in 2D, octree in 3D), rebuilt each iteration:
 * a cell whose half-width over its distance to y_i is below θ = 0.5 (bhtsne's criterion; scikit-learn's full width is
 * twice as strict and, on 5,000 points, twice as slow) acts as one point of its mass at its centre of mass.
 * θ = 0 opens every cell, which gives the exact repulsion (the tests hold it to {@link Tsne}'s gradient).
 * </ol>
 * Rows run in parallel, each row's sums in a fixed order, the tree built sequentially: the same layout at any
 * thread count. Leaves out: FFT-interpolated repulsion (FIt-SNE), degrees of freedom other than 1, the
 * scikit-learn early stop on a small gradient.
 * <pre>
 * n  points, d  output dimensions (2 or 3), k  neighbours per point
 * rowStart (n + 1), col, val (nnz)  P as compressed sparse rows, symmetric, sum 1
 * y, grad  (n, d)
 * </pre>
 */
final class BarnesHutTsne {
    static final double THETA = 0.5;
    /** A warm start's iterations: fewer than the exact t-SNE's 300, as a new epoch moves few points far. */
    static final int WARM_ITERATIONS = 150;
    private static final int MAX_DEPTH = 40;

    final int n, d;
    final double theta;
    final int[] rowStart, col;   // P's rows
    final double[] val;
    final double[] y;            // (n, d) the layout, updated in place
    final double[] grad;         // (n, d)
    private final double[] attraction, repulsion, rowZ;
    private final Descent descent;

    /** Calibrates sparse P for the points and takes {@code init} (n, d) as the starting layout. */
    BarnesHutTsne(Vectors x, int d, double perplexity, double theta, double[] init, long seed, Progress progress) {
        this.n = x.n();
        this.d = d;
        this.theta = theta;
        int k = (int) Math.min(n - 1, Math.floor(3 * perplexity));
        Knn.Graph knn = Knn.of(x, k, seed, progress);
        progress.stopIfCancelled();
        double[][] sparse = jointProbabilities(knn, n, k, perplexity);
        this.rowStart = toInts(sparse[0]);
        this.col = toInts(sparse[1]);
        this.val = sparse[2];
        this.y = init.clone();
        this.grad = new double[n * d];
        this.attraction = new double[n * d];
        this.repulsion = new double[n * d];
        this.rowZ = new double[n];
        this.descent = new Descent(y, grad, n, d);
    }

    void optimise(int iterations, int exaggerationIterations, Progress progress, double from, double to) {
        descent.run(this::gradient, iterations, exaggerationIterations, progress, from, to);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Sparse input similarities

    /**
     * {rowStart, col, val} of the symmetric P: per-row conditional Gaussians over the k neighbours (the exact
     * t-SNE's calibration, {@link Tsne#conditionalRow}, on a row of k + 1 with the point itself last), then
     * {@code (P + Pᵀ) / 2n}, each row's columns ascending.
     */
    static double[][] jointProbabilities(Knn.Graph knn, int n, int k, double perplexity) {
        double[] cond = new double[n * k];
        double target = Math.log(perplexity);
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] row = new double[k + 1];
            for (int c = 0; c < k; c++) row[c] = knn.distance()[i * k + c] * knn.distance()[i * k + c];
            Tsne.conditionalRow(row, 0, k, k + 1, target);
            System.arraycopy(row, 0, cond, i * k, k);
        });
        // Both directions of every edge, grouped by row, then each row sorted by column and duplicates summed.
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                count[i]++;
                count[knn.index()[i * k + c]]++;
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + count[i];
        int[] fill = Arrays.copyOf(start, n);
        long[] packed = new long[start[n]]; // column in the high bits, the edge id (to find its value) below
        double[] edgeVal = new double[start[n]];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                int j = knn.index()[i * k + c];
                double v = cond[i * k + c];
                int a = fill[i]++;
                packed[a] = ((long) j << 32) | a;
                edgeVal[a] = v;
                int b = fill[j]++;
                packed[b] = ((long) i << 32) | b;
                edgeVal[b] = v;
            }
        }
        double[] rowStart = new double[n + 1];
        double[] cols = new double[start[n]], vals = new double[start[n]];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            Arrays.sort(packed, start[i], start[i + 1]);
            rowStart[i] = nnz;
            for (int e = start[i]; e < start[i + 1]; e++) {
                int j = (int) (packed[e] >>> 32);
                double v = edgeVal[(int) packed[e]] / (2.0 * n);
                if (nnz > rowStart[i] && cols[nnz - 1] == j) vals[nnz - 1] += v;
                else {
                    cols[nnz] = j;
                    vals[nnz++] = v;
                }
            }
        }
        rowStart[n] = nnz;
        return new double[][] {rowStart, Arrays.copyOf(cols, nnz), Arrays.copyOf(vals, nnz)};
    }

    private static int[] toInts(double[] v) {
        int[] out = new int[v.length];
        for (int e = 0; e < v.length; e++) out[e] = (int) v[e];
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Gradient

    /** Fills {@link #grad}: {@code 4 (exaggeration · attraction − repulsion / Z)}. */
    void gradient(double exaggeration, Progress progress) {
        Tree tree = new Tree(y, n, d);
        IntStream.range(0, n).parallel().forEach(i -> {
            if ((i & 255) == 0) progress.stopIfCancelled();
            attractionRow(i);
            rowZ[i] = tree.repulsion(i, y, theta, repulsion);
        });
        double z = 0;
        for (int i = 0; i < n; i++) z += rowZ[i];
        if (z <= 0) z = Double.MIN_NORMAL;
        for (int e = 0; e < n * d; e++) grad[e] = 4 * (exaggeration * attraction[e] - repulsion[e] / z);
    }

    /** Σ_j p_ij w_ij (y_i − y_j) over row i of P. */
    private void attractionRow(int i) {
        for (int c = 0; c < d; c++) attraction[i * d + c] = 0;
        for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
            int j = col[e];
            double dist = 1;
            for (int c = 0; c < d; c++) {
                double diff = y[i * d + c] - y[j * d + c];
                dist += diff * diff;
            }
            double pw = val[e] / dist;
            for (int c = 0; c < d; c++) attraction[i * d + c] += pw * (y[i * d + c] - y[j * d + c]);
        }
    }

    /** KL(P‖Q) at the current layout with Z summed exactly over all pairs: O(n²), for tests and small n. */
    double cost() {
        double z = 0, plw = 0, plp = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i) z += 1 / (1 + dist2(i, j));
            }
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                if (val[e] <= 0) continue;
                plp += val[e] * Math.log(val[e]);
                plw += val[e] * Math.log(1 / (1 + dist2(i, col[e])));
            }
        }
        return plp - plw + Math.log(z);
    }

    private double dist2(int i, int j) {
        double s = 0;
        for (int c = 0; c < d; c++) {
            double diff = y[i * d + c] - y[j * d + c];
            s += diff * diff;
        }
        return s;
    }

    /**
     * A 2^d-ary space-partitioning tree over the layout (quadtree, octree), in flat arrays: node {@code m} has a centre
     * and half-width (a cube), a mass (point count), a centre of mass, and either 2^d children from
     * {@code child[m]} on or, as a leaf, the first point it holds. Points are inserted in index order; points that
     * still share a cell at {@link #MAX_DEPTH} (duplicates) stay together in one leaf.
     */
    static final class Tree {
        final int d, fan;
        double[] centre, com;   // (nodes, d)
        double[] half;          // (nodes)
        int[] mass, child, point;
        int nodes;
        double[] packed;        // (nodes, d + 2): centre of mass, half-width², mass: what the traversal reads

        Tree(double[] y, int n, int d) {
            this.d = d;
            this.fan = 1 << d;
            int cap = Math.max(16, 4 * n);
            centre = new double[cap * d];
            com = new double[cap * d];
            half = new double[cap];
            mass = new int[cap];
            child = new int[cap];
            point = new int[cap];
            double[] lo = new double[d], hi = new double[d];
            Arrays.fill(lo, Double.POSITIVE_INFINITY);
            Arrays.fill(hi, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < d; c++) {
                    lo[c] = Math.min(lo[c], y[i * d + c]);
                    hi[c] = Math.max(hi[c], y[i * d + c]);
                }
            }
            double h = 0;
            for (int c = 0; c < d; c++) h = Math.max(h, (hi[c] - lo[c]) / 2);
            h = h * (1 + 1e-9) + 1e-12;
            newNode(null, 0, h, lo, hi);
            for (int i = 0; i < n; i++) insert(y, i);
            packed = new double[nodes * (d + 2)];
            for (int m = 0; m < nodes; m++) {
                int at = m * (d + 2);
                System.arraycopy(com, m * d, packed, at, d);
                packed[at + d] = half[m] * half[m];
                packed[at + d + 1] = mass[m];
            }
        }

        private int newNode(double[] parentCentre, int quadrant, double h, double[] lo, double[] hi) {
            if (nodes == half.length) grow();
            int m = nodes++;
            for (int c = 0; c < d; c++) {
                centre[m * d + c] = parentCentre == null ? (lo[c] + hi[c]) / 2
                        : parentCentre[c] + (((quadrant >> c) & 1) == 1 ? h : -h);
            }
            half[m] = h;
            child[m] = -1;
            point[m] = -1;
            return m;
        }

        private void grow() {
            int cap = half.length * 2;
            centre = Arrays.copyOf(centre, cap * d);
            com = Arrays.copyOf(com, cap * d);
            half = Arrays.copyOf(half, cap);
            mass = Arrays.copyOf(mass, cap);
            child = Arrays.copyOf(child, cap);
            point = Arrays.copyOf(point, cap);
        }

        private void insert(double[] y, int i) {
            int m = 0;
            for (int depth = 0; ; depth++) {
                // Add i to this node's mass and centre of mass on the way down.
                mass[m]++;
                for (int c = 0; c < d; c++) com[m * d + c] += (y[i * d + c] - com[m * d + c]) / mass[m];
                if (child[m] >= 0) {
                    m = child[m] + quadrant(m, y, i);
                    continue;
                }
                if (mass[m] == 1) {
                    point[m] = i;
                    return;
                }
                if (depth >= MAX_DEPTH) return; // duplicates: stay in this leaf
                // Split the leaf: its earlier point(s) (all at one position) move to the matching child.
                int first = point[m];
                point[m] = -1;
                double[] pc = Arrays.copyOfRange(centre, m * d, m * d + d);
                int base = nodes;
                for (int q = 0; q < fan; q++) newNode(pc, q, half[m] / 2, null, null);
                child[m] = base;
                int old = base + quadrant(m, y, first);
                mass[old] = mass[m] - 1;
                point[old] = first;
                for (int c = 0; c < d; c++) com[old * d + c] = y[first * d + c];
                m = base + quadrant(m, y, i);
            }
        }

        private int quadrant(int m, double[] y, int i) {
            int q = 0;
            for (int c = 0; c < d; c++) if (y[i * d + c] > centre[m * d + c]) q |= 1 << c;
            return q;
        }

        /**
         * Writes Σ_j w_ij² (y_i − y_j) into {@code out[i·d ..]} and returns Σ_{j≠i} w_ij, cells far enough away
         * (half-width / distance &lt; θ) taken as their mass at their centre of mass. Depth-first, children in order.
         */
        double repulsion(int i, double[] y, double theta, double[] out) {
            double[] acc = new double[d + 1];
            int[] stack = new int[MAX_DEPTH * fan + 8];
            int top = 0;
            stack[top++] = 0;
            double theta2 = theta * theta;
            int stride = d + 2;
            double[] nodeData = packed;
            while (top > 0) {
                int m = stack[--top], at = m * stride;
                double dist2 = 0;
                for (int c = 0; c < d; c++) {
                    double diff = y[i * d + c] - nodeData[at + c];
                    dist2 += diff * diff;
                }
                int first = child[m];
                double count = nodeData[at + d + 1];
                if (first < 0 && dist2 == 0) count--; // i's own leaf (with any duplicates of i)
                if (count == 0) continue;
                // bhtsne's criterion: half-width / distance < θ
                if (first < 0 || nodeData[at + d] < theta2 * dist2) {
                    double w = 1 / (1 + dist2);
                    acc[d] += count * w;
                    double mw2 = count * w * w;
                    for (int c = 0; c < d; c++) acc[c] += mw2 * (y[i * d + c] - nodeData[at + c]);
                } else {
                    for (int q = fan - 1; q >= 0; q--) if (mass[first + q] > 0) stack[top++] = first + q;
                }
            }
            System.arraycopy(acc, 0, out, i * d, d);
            return acc[d];
        }
    }
}
