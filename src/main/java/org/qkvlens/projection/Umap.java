package org.qkvlens.projection;

import org.qkvlens.data.SplitMix64;

/**
 * UMAP (McInnes, Healy and Melville, "UMAP: Uniform Manifold Approximation and Projection for Dimension Reduction",
 * 2018, https://arxiv.org/abs/1802.03426), written out so it can start from a given layout: Smile's {@code UMAP}
 * always starts from its own spectral layout. Steps and constants follow the reference implementation umap-learn
 * (https://github.com/lmcinnes/umap: {@code smooth_knn_dist}, {@code fuzzy_simplicial_set}, {@code find_ab_params},
 * {@code make_epochs_per_sample} and the classic SGD of {@code optimize_layout_euclidean}).
 * <ol>
 * <li>The k = 15 nearest neighbours of each point (counting itself), Euclidean: by brute force below
 * {@link Knn#EXACT_BELOW} points, by NN-descent above (umap-learn uses pynndescent the same way).
 * <li>Smooth k-NN distances: ρ_i = distance to the nearest neighbour at a non-zero distance, σ_i by binary search so
 * that {@code Σ_j exp(−max(0, d_ij − ρ_i) / σ_i) = log2 k}; membership {@code exp(−max(0, d_ij − ρ_i) / σ_i)}.
 * <li>Fuzzy union of the directed graph with its transpose: {@code w + wᵀ − w∘wᵀ}.
 * <li>The low-dimensional curve {@code 1 / (1 + a r^2b)} fitted by least squares to the min_dist = 0.1, spread = 1
 * target.
 * <li>SGD on the fuzzy cross-entropy: each edge sampled in proportion to its weight, 5 negative samples per positive
 * one, gradients clipped to ±4, learning rate falling linearly from α₀ to 0 over the epochs.
 * </ol>
 * The SGD runs sequentially in a fixed edge order with a seeded {@link SplitMix64}: same input, same layout
 * (umap-learn's parallel SGD is not reproducible). Only the neighbour search runs in parallel ({@link Knn}).
 * <p>
 * Leaves out: metrics other than Euclidean, the spectral initialisation
 * (the caller's PCA or previous layout starts it), densMAP, set_op_mix_ratio and local_connectivity other than 1,
 * transforming new points against a frozen layout.
 * <pre>
 * n  points, p  features, d  output dimensions, m = min(k − 1, n − 1)  neighbours per point besides itself
 * </pre>
 */
final class Umap {
    static final int NEIGHBOURS = 15;
    /**
     * Epochs and initial learning rate. umap-learn fits at α₀ = 1 and embeds new points into a frozen layout at
     * 0.25; a warm start here moves every point, so it goes gentler: on our synthetic epochs, unchanged points
     * drifted 11.6% of the layout's spread at 100 epochs × 0.1 and 4.0% at 50 × 0.05, while tracks moved to
     * another cluster still found it (10-NN purity 1.0 both ways; see UmapTest).
     */
    static final int FRESH_EPOCHS = 200;
    static final double FRESH_ALPHA = 1.0;
    static final int WARM_EPOCHS = 50;
    static final double WARM_ALPHA = 0.05;
    static final double MIN_DIST = 0.1;
    static final double SPREAD = 1.0;
    private static final int NEGATIVE_SAMPLE_RATE = 5;
    private static final double REPULSION = 1.0;
    private static final double CLIP = 4.0;
    private static final int SIGMA_STEPS = 64;
    private static final double SIGMA_TOLERANCE = 1e-5;
    private static final double MIN_K_DIST_SCALE = 1e-3;
    /** (a, b) for {@link #MIN_DIST} and {@link #SPREAD}: about (1.577, 0.895). */
    private static final double[] CURVE = fitCurve(MIN_DIST, SPREAD);

    private Umap() {
    }

    /** The edges of the fuzzy graph, both directions, grouped by head: head[e] → tail[e] with membership weight[e]. */
    record Graph(int[] head, int[] tail, double[] weight) {
        int edges() {
            return head.length;
        }
    }

    /** Runs the whole method on the points {@code x} from {@code y} (n, d), which it updates in place. */
    static void layout(Vectors x, double[] y, int d, int epochs, double alpha, long seed, Progress progress) {
        int n = x.n();
        int m = Math.min(NEIGHBOURS - 1, n - 1);
        if (m < 1) return;
        Knn.Graph knn = Knn.of(x, m, seed, progress);
        progress.report(0.2);
        Graph graph = fuzzyGraph(knn, n, m);
        optimise(y, d, n, graph, epochs, alpha, CURVE[0], CURVE[1], new SplitMix64(seed), progress, 0.2, 1.0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Neighbour graph

    /**
     * umap-learn's {@code smooth_knn_dist} for one row with local_connectivity 1: returns σ_i and writes ρ_i to
     * {@code rho[i]}. The row's own zero distance counts in the means, as in umap-learn, where a point is its own
     * first neighbour.
     */
    static double sigma(double[] dist, int row, int m, int i, double[] rho, double meanAll) {
        double target = Math.log(m + 1) / Math.log(2); // log2 k, k counting the point itself
        double r = 0, rowSum = 0;
        for (int k = 0; k < m; k++) {
            double v = dist[row + k];
            rowSum += v;
            if (r == 0 && v > 0) r = v;
        }
        rho[i] = r;
        double lo = 0, hi = Double.POSITIVE_INFINITY, mid = 1;
        for (int step = 0; step < SIGMA_STEPS; step++) {
            double psum = 0;
            for (int k = 0; k < m; k++) {
                double e = dist[row + k] - r;
                psum += e > 0 ? Math.exp(-e / mid) : 1;
            }
            if (Math.abs(psum - target) < SIGMA_TOLERANCE) break;
            if (psum > target) {
                hi = mid;
                mid = (lo + hi) / 2;
            } else {
                lo = mid;
                mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
            }
        }
        double floor = MIN_K_DIST_SCALE * (r > 0 ? rowSum / (m + 1) : meanAll);
        return Math.max(mid, floor);
    }

    /**
     * Memberships of the directed k-NN graph, then their fuzzy union {@code a + b − ab} (b = 0 where the reverse
     * edge is missing), listed in both directions, grouped by head in index order.
     */
    static Graph fuzzyGraph(Knn.Graph knn, int n, int m) {
        int[] index = knn.index();
        double[] dist = knn.distance();
        double meanAll = 0; // over n·(m+1) distances, the zeros to self included
        for (double v : dist) meanAll += v;
        meanAll /= (double) n * (m + 1);
        double[] rho = new double[n];
        double[] w = new double[n * m];
        for (int i = 0; i < n; i++) {
            double s = sigma(dist, i * m, m, i, rho, meanAll);
            for (int k = 0; k < m; k++) {
                double e = dist[i * m + k] - rho[i];
                w[i * m + k] = e <= 0 || s == 0 ? 1 : Math.exp(-e / s);
            }
        }
        // Union pattern: (i, j) for j in N(i), and (j, i) when i is not in N(j). Each ordered pair once.
        int[] head = new int[2 * n * m], tail = new int[2 * n * m];
        double[] weight = new double[2 * n * m];
        int[] degree = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                int j = index[i * m + k];
                double a = w[i * m + k];
                int back = find(index, j * m, m, i);
                double b = back < 0 ? 0 : w[j * m + back];
                double union = a + b - a * b;
                head[count] = i;
                tail[count] = j;
                weight[count++] = union;
                degree[i]++;
                if (back < 0) {
                    head[count] = j;
                    tail[count] = i;
                    weight[count++] = union;
                    degree[j]++;
                }
            }
        }
        // Group by head (stable counting sort), like the rows of umap-learn's sparse matrix.
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + degree[i];
        int[] h = new int[count], t = new int[count];
        double[] wt = new double[count];
        for (int e = 0; e < count; e++) {
            int at = start[head[e]]++;
            h[at] = head[e];
            t[at] = tail[e];
            wt[at] = weight[e];
        }
        return new Graph(h, t, wt);
    }

    private static int find(int[] index, int row, int m, int value) {
        for (int k = 0; k < m; k++) if (index[row + k] == value) return k;
        return -1;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Low-dimensional curve

    /**
     * (a, b) of {@code 1 / (1 + a x^2b)} fitted by least squares to {@code 1} for x < minDist and
     * {@code exp(−(x − minDist) / spread)} beyond, on 300 points over [0, 3·spread] — umap-learn's
     * {@code find_ab_params}, solved by Levenberg–Marquardt from (1, 1). For (0.1, 1): a ≈ 1.577, b ≈ 0.895.
     */
    static double[] fitCurve(double minDist, double spread) {
        int count = 300;
        double[] xs = new double[count], ys = new double[count];
        for (int i = 0; i < count; i++) {
            xs[i] = 3 * spread * i / (count - 1);
            ys[i] = xs[i] < minDist ? 1 : Math.exp(-(xs[i] - minDist) / spread);
        }
        double a = 1, b = 1, lambda = 1e-3;
        double sse = curveError(xs, ys, a, b);
        for (int it = 0; it < 200; it++) {
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < count; i++) {
                if (xs[i] == 0) continue; // f = 1 and both derivatives vanish at x = 0
                double xb = Math.pow(xs[i], 2 * b);
                double f = 1 / (1 + a * xb);
                double r = f - ys[i];
                double da = -xb * f * f;                                 // ∂f/∂a
                double db = -a * xb * 2 * Math.log(xs[i]) * f * f;      // ∂f/∂b
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            double aa = jaa * (1 + lambda), bb = jbb * (1 + lambda);
            double det = aa * bb - jab * jab;
            double stepA = -(bb * ga - jab * gb) / det;
            double stepB = -(aa * gb - jab * ga) / det;
            double next = curveError(xs, ys, a + stepA, b + stepB);
            if (next < sse) {
                double gain = sse - next;
                a += stepA;
                b += stepB;
                sse = next;
                lambda /= 10;
                if (gain < 1e-15) break;
            } else {
                lambda *= 10;
                if (lambda > 1e10) break;
            }
        }
        return new double[] {a, b};
    }

    private static double curveError(double[] xs, double[] ys, double a, double b) {
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
            double r = 1 / (1 + a * Math.pow(xs[i], 2 * b)) - ys[i];
            s += r * r;
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Optimisation

    /**
     * umap-learn's classic SGD ({@code optimize_layout_euclidean}, move_other): edges with weight below max/epochs
     * are dropped; an edge of weight w is sampled every max/w epochs, each time pulling both ends together and
     * pushing its head away from 5 random points; the learning rate is {@code alpha·(1 − epoch/epochs)}.
     */
    static void optimise(double[] y, int d, int n, Graph graph, int epochs, double alpha, double a, double b,
                         SplitMix64 rng, Progress progress, double from, double to) {
        double max = 0;
        for (double v : graph.weight()) max = Math.max(max, v);
        int edges = 0;
        for (double v : graph.weight()) if (v >= max / epochs) edges++;
        int[] head = new int[edges], tail = new int[edges];
        double[] perSample = new double[edges];
        for (int e = 0, k = 0; e < graph.edges(); e++) {
            if (graph.weight()[e] < max / epochs) continue;
            head[k] = graph.head()[e];
            tail[k] = graph.tail()[e];
            perSample[k++] = max / graph.weight()[e];
        }
        double[] nextSample = perSample.clone();
        double[] perNegative = new double[edges];
        for (int e = 0; e < edges; e++) perNegative[e] = perSample[e] / NEGATIVE_SAMPLE_RATE;
        double[] nextNegative = perNegative.clone();

        for (int epoch = 0; epoch < epochs; epoch++) {
            double rate = alpha * (1 - (double) epoch / epochs);
            for (int e = 0; e < edges; e++) {
                if ((e & 1023) == 0) progress.stopIfCancelled();
                if (nextSample[e] > epoch) continue;
                int i = head[e], j = tail[e];
                double r2 = dist2(y, i, j, d);
                double r2b = r2 > 0 ? Math.pow(r2, b) : 0; // r2^(b−1) = r2^b / r2: one pow, not two
                double coeff = r2 > 0 ? -2 * a * b * (r2b / r2) / (a * r2b + 1) : 0;
                for (int k = 0; k < d; k++) {
                    double g = clip(coeff * (y[i * d + k] - y[j * d + k])) * rate;
                    y[i * d + k] += g;
                    y[j * d + k] -= g;
                }
                nextSample[e] += perSample[e];
                int negatives = (int) ((epoch - nextNegative[e]) / perNegative[e]);
                for (int s = 0; s < negatives; s++) {
                    int other = rng.nextInt(n);
                    if (other == i) continue;
                    double q2 = dist2(y, i, other, d);
                    if (q2 <= 0) continue;
                    double rep = 2 * REPULSION * b / ((0.001 + q2) * (a * Math.pow(q2, b) + 1));
                    for (int k = 0; k < d; k++) y[i * d + k] += clip(rep * (y[i * d + k] - y[other * d + k])) * rate;
                }
                nextNegative[e] += negatives * perNegative[e];
            }
            progress.report(from + (to - from) * (epoch + 1) / epochs);
        }
    }

    private static double dist2(double[] y, int i, int j, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double diff = y[i * d + k] - y[j * d + k];
            s += diff * diff;
        }
        return s;
    }

    private static double clip(double v) {
        return v > CLIP ? CLIP : (v < -CLIP ? -CLIP : v);
    }
}
