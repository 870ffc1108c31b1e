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
    /** Rows per parallel task of the gradient: one traversal stack each. */
    private static final int CHUNK = 256;

    final int n, d;
    final double theta;
    final int[] rowStart, col;   // P's rows
    final double[] val;
    final double[] y;            // (n, d) the layout, updated in place
    final double[] grad;         // (n, d)
    private final double[] attraction, repulsion, rowZ;
    private final Tree tree;
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
        this.tree = new Tree(n, d);
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
        tree.build(y, n);
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(chunk -> {
            progress.stopIfCancelled();
            int[] stack = tree.newStack();
            for (int s = chunk * CHUNK; s < Math.min(n, (chunk + 1) * CHUNK); s++) {
                int i = tree.order[s]; // Morton order: neighbouring rows walk much the same cells
                attractionRow(i);
                rowZ[i] = tree.repulsion(i, y, theta, repulsion, stack);
            }
        });
        double z = 0;
        for (int i = 0; i < n; i++) z += rowZ[i];
        if (z <= 0) z = Double.MIN_NORMAL;
        for (int e = 0; e < n * d; e++) grad[e] = 4 * (exaggeration * attraction[e] - repulsion[e] / z);
    }

    /** Σ_j p_ij w_ij (y_i − y_j) over row i of P; the third coordinate reads as 0 in 2D. */
    private void attractionRow(int i) {
        boolean three = d == 3;
        double yi0 = y[i * d], yi1 = y[i * d + 1], yi2 = three ? y[i * d + 2] : 0;
        double a0 = 0, a1 = 0, a2 = 0;
        for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
            int j = col[e] * d;
            double dx = yi0 - y[j], dy = yi1 - y[j + 1], dz = three ? yi2 - y[j + 2] : 0;
            double pw = val[e] / (1 + dx * dx + dy * dy + dz * dz);
            a0 += pw * dx;
            a1 += pw * dy;
            a2 += pw * dz;
        }
        attraction[i * d] = a0;
        attraction[i * d + 1] = a1;
        if (three) attraction[i * d + 2] = a2;
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
     * A 2^d-ary space-partitioning tree over the layout (quadtree, octree), rebuilt in place each iteration from the
     * points sorted by Morton code: each cell is a contiguous range of that order, so a cell's children are the runs
     * of equal digits one level down, found by a scan, and its mass and centre of mass are summed bottom up. Nodes are
     * numbered breadth first, a node's non-empty children consecutive and in quadrant order. A cell splits while it
     * holds two or more points, down to {@link #bits} levels; a leaf that still holds several (duplicates, or points
     * closer than 2^-bits of the layout's width) interacts point by point. The sort is a stable radix sort, so the
     * tree, and the layout, do not depend on the thread count.
     */
    static final class Tree {
        final int d, fan, bits;
        final int[] order;       // (n) point indices by Morton code, ties by index
        private final long[] code, codeScratch;
        private final int[] orderScratch;
        int nodes;
        int[] start, end, child, children, level;   // (nodes) point range in order, first child, child count, depth
        double[] packed;         // (nodes, d + 2): centre of mass, half-width², mass: what the traversal reads

        Tree(int n, int d) {
            if (d != 2 && d != 3) throw new IllegalArgumentException(d + " output dimensions (2 or 3)");
            this.d = d;
            this.fan = 1 << d;
            this.bits = 63 / d;
            order = new int[n];
            code = new long[n];
            codeScratch = new long[n];
            orderScratch = new int[n];
            allocate(Math.max(16, 2 * n));
        }

        private void allocate(int cap) {
            start = new int[cap];
            end = new int[cap];
            child = new int[cap];
            children = new int[cap];
            level = new int[cap];
            packed = new double[cap * (d + 2)];
        }

        private void grow() {
            int cap = start.length * 2;
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            child = Arrays.copyOf(child, cap);
            children = Arrays.copyOf(children, cap);
            level = Arrays.copyOf(level, cap);
            packed = Arrays.copyOf(packed, cap * (d + 2));
        }

        /** Rebuilds the tree over the n points of y (n, d). */
        void build(double[] y, int n) {
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
            double cells = (double) (1L << bits), top = (1L << bits) - 1;
            for (int i = 0; i < n; i++) { // cell coordinates on a 2^bits grid, bits interleaved (dimension 0 lowest)
                long key = 0;
                for (int c = 0; c < d; c++) {
                    double origin = (lo[c] + hi[c]) / 2 - h;
                    long q = (long) Math.min(top, Math.max(0, Math.floor((y[i * d + c] - origin) / (2 * h) * cells)));
                    for (int b = 0; b < bits; b++) key |= ((q >>> b) & 1L) << (b * d + c);
                }
                code[i] = key;
                order[i] = i;
            }
            radixSort(n);
            nodes = 1;
            start[0] = 0;
            end[0] = n;
            level[0] = 0;
            packed[d] = h * h;
            for (int m = 0; m < nodes; m++) split(m, h / (1L << level[m]));
            for (int m = nodes - 1; m >= 0; m--) centreOfMass(m, y);
        }

        /** Stable LSD radix sort of order by code, 16 bits a pass. */
        private void radixSort(int n) {
            long[] k = code, k2 = codeScratch;
            int[] o = order, o2 = orderScratch;
            int[] count = new int[1 << 16];
            for (int shift = 0; shift < d * bits; shift += 16) {
                Arrays.fill(count, 0);
                for (int i = 0; i < n; i++) count[(int) ((k[i] >>> shift) & 0xFFFF)]++;
                for (int b = 0, sum = 0; b < count.length; b++) {
                    int c = count[b];
                    count[b] = sum;
                    sum += c;
                }
                for (int i = 0; i < n; i++) {
                    int at = count[(int) ((k[i] >>> shift) & 0xFFFF)]++;
                    k2[at] = k[i];
                    o2[at] = o[i];
                }
                long[] tk = k; k = k2; k2 = tk;
                int[] to = o; o = o2; o2 = to;
            }
            if (o != order) {
                System.arraycopy(o, 0, order, 0, n);
                System.arraycopy(k, 0, code, 0, n);
            }
        }

        /** Gives node m (half-width h) its non-empty children, unless it is a leaf. */
        private void split(int m, double h) {
            child[m] = -1;
            children[m] = 0;
            int depth = level[m];
            if (end[m] - start[m] < 2 || depth >= bits) return;
            int shift = d * (bits - 1 - depth);
            child[m] = nodes;
            for (int s = start[m]; s < end[m]; ) {
                int q = (int) ((code[s] >>> shift) & (fan - 1)), e = s + 1;
                while (e < end[m] && (int) ((code[e] >>> shift) & (fan - 1)) == q) e++;
                if (nodes == start.length) grow();
                int k = nodes++;
                start[k] = s;
                end[k] = e;
                level[k] = depth + 1;
                packed[k * (d + 2) + d] = h * h / 4;
                children[m]++;
                s = e;
            }
        }

        /** Mass and centre of mass of node m: its children's (already done, numbered after m) or its points'. */
        private void centreOfMass(int m, double[] y) {
            int at = m * (d + 2);
            for (int c = 0; c < d; c++) packed[at + c] = 0;
            if (children[m] > 0) {
                for (int k = child[m]; k < child[m] + children[m]; k++) {
                    int kt = k * (d + 2);
                    for (int c = 0; c < d; c++) packed[at + c] += packed[kt + c] * packed[kt + d + 1];
                }
            } else {
                for (int s = start[m]; s < end[m]; s++) {
                    for (int c = 0; c < d; c++) packed[at + c] += y[order[s] * d + c];
                }
            }
            int mass = end[m] - start[m];
            for (int c = 0; c < d; c++) packed[at + c] /= mass;
            packed[at + d + 1] = mass;
        }

        /** A traversal stack for {@link #repulsion}, one per thread. */
        int[] newStack() {
            return new int[bits * fan + 8];
        }

        /**
         * Writes Σ_j w_ij² (y_i − y_j) into {@code out[i·d ..]} and returns Σ_{j≠i} w_ij, cells far enough away
         * (half-width / distance &lt; θ) taken as their mass at their centre of mass, leaves point by point.
         * Depth-first, children in order. The third coordinate reads as 0 in 2D.
         */
        double repulsion(int i, double[] y, double theta, double[] out, int[] stack) {
            boolean three = d == 3;
            double yi0 = y[i * d], yi1 = y[i * d + 1], yi2 = three ? y[i * d + 2] : 0;
            double r0 = 0, r1 = 0, r2 = 0, z = 0;
            int top = 0;
            stack[top++] = 0;
            double theta2 = theta * theta;
            int stride = d + 2;
            double[] nodeData = packed;
            while (top > 0) {
                int m = stack[--top], at = m * stride;
                int first = child[m];
                if (first < 0) { // a leaf: its points one by one, i itself left out
                    for (int s = start[m]; s < end[m]; s++) {
                        int j = order[s];
                        if (j == i) continue;
                        double dx = yi0 - y[j * d], dy = yi1 - y[j * d + 1], dz = three ? yi2 - y[j * d + 2] : 0;
                        double w = 1 / (1 + dx * dx + dy * dy + dz * dz);
                        z += w;
                        double w2 = w * w;
                        r0 += w2 * dx;
                        r1 += w2 * dy;
                        r2 += w2 * dz;
                    }
                    continue;
                }
                double dx = yi0 - nodeData[at], dy = yi1 - nodeData[at + 1], dz = three ? yi2 - nodeData[at + 2] : 0;
                double dist2 = dx * dx + dy * dy + dz * dz;
                // bhtsne's criterion: half-width / distance < θ
                if (nodeData[at + d] < theta2 * dist2) {
                    double count = nodeData[at + d + 1];
                    double w = 1 / (1 + dist2);
                    z += count * w;
                    double mw2 = count * w * w;
                    r0 += mw2 * dx;
                    r1 += mw2 * dy;
                    r2 += mw2 * dz;
                } else {
                    for (int q = first + children[m] - 1; q >= first; q--) stack[top++] = q;
                }
            }
            out[i * d] = r0;
            out[i * d + 1] = r1;
            if (three) out[i * d + 2] = r2;
            return z;
        }
    }
}
