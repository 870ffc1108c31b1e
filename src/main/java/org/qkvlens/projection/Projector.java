package org.qkvlens.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import org.qkvlens.data.SplitMix64;

/**
 * Lays out a view's points in 2D or 3D by PCA, t-SNE or UMAP, keeping positions stable as epochs arrive: the
 * previous layout of the same view seeds the next one.
 * <ul>
 * <li>PCA is fitted jointly on all points given (all epochs shown); each axis is then flipped if that makes the
 * points also in the previous layout agree better with their previous positions (Σ new·old &lt; 0 → flip).
 * <li>t-SNE and UMAP start from the previous layout: a point whose key was there starts where it was; a point of a
 * known track (same probe, side, position and kind, another snapshot) starts at that track's nearest snapshot, plus
 * tiny jitter; any other point starts at the median position of its 5 nearest (in the input space) placed points,
 * plus jitter. A warm start skips t-SNE's early exaggeration and runs fewer iterations (300 t-SNE iterations; 50
 * UMAP epochs at a twentieth of the learning rate), then scales the layout back to the previous one's spread (t-SNE
 * keeps expanding as it runs), so points move about as much as their vectors changed.
 * <li>Without a usable previous layout (null, another method, other dims, or fewer than half the points placed by
 * it) t-SNE starts from PCA scaled to a standard deviation of 1e-4 (Kobak and Berens, "The art of using t-SNE for
 * single-cell transcriptomics", 2019), UMAP from PCA scaled to ±10 plus noise of 1e-4 (umap-learn's
 * {@code noisy_scale_coords}).
 * </ul>
 * Deterministic: a seeded {@link SplitMix64} for jitter and UMAP's negative samples, and parallel loops whose every
 * sum has a fixed order: the same points give the same layout. One instance per view, used by one thread at a
 * time: it keeps the last t-SNE's n × n buffer for the next projection. Every loop checks for cancellation within
 * a few milliseconds.
 * <p>
 * Leaves out: metrics other than Euclidean, aligning PCA axes that swap order between fits, rotating a fresh
 * t-SNE/UMAP layout onto the previous one (Procrustes). The pieces: {@link Pca}, {@link Tsne} (exact, below
 * {@link #EXACT_TSNE_BELOW} points), {@link BarnesHutTsne} (above), {@link Umap}, {@link Knn} (their neighbours).
 */
public final class Projector {

    static final int PLACEMENT_NEIGHBOURS = 5;  // a point new to a warm start goes to the median of this many
    static final double JITTER = 1e-4;        // × the previous layout's spread
    static final double TSNE_INIT_STD = 1e-4;
    static final double UMAP_INIT_EXTENT = 10;
    /** t-SNE of fewer points is exact ({@link Tsne}, O(n²) but no approximation); from here on Barnes–Hut. */
    static final int EXACT_TSNE_BELOW = 2_500;

    /** t-SNE's P storage up to this many doubles (64 MB, about 2,900 points) is kept for the next projection. */
    static final long KEEP_BUFFER = 8 << 20;

    /**
     * Most points one layout should take in the app: beyond it a layout takes too long to follow training. Set from
     * the measurements in the README ("Projections"): PCA of 100,000 × 256 and UMAP of 50,000 and t-SNE
     * (Barnes–Hut) of 20,000 real vectors each take seconds to a minute. The projector itself refuses nothing; the
     * app lays out fewer snapshots, or says the selection is over budget.
     */
    public static int budget(Method m) {
        return switch (m) {
            case PCA -> 100_000;
            case TSNE -> 20_000;
            case UMAP -> 50_000;
        };
    }

    private final long seed;
    private Tsne.Rows tsneBuffer; // the last t-SNE's P, reused by the next: P is scratch, rewritten in full each run

    public Projector() {
        this(0x5EEDL);
    }

    public Projector(long seed) {
        this.seed = seed;
    }

    /**
     * Lays out {@code points} with {@code method} in {@code dims} (2 or 3) dimensions, starting from {@code previous}
     * when it is a layout of the same method and dims (else it is ignored; null is fine). The result has the points'
     * keys in their order. Throws {@link CancellationException} soon after {@code progress.cancelled()} turns true,
     * and {@link IllegalArgumentException} for duplicate keys, vectors of different lengths or non-finite values.
     */
    public Layout project(List<Point> points, Method method, int dims, Layout previous, Progress progress) {
        if (dims != 2 && dims != 3) throw new IllegalArgumentException("dims must be 2 or 3, got " + dims);
        if (method == null) throw new IllegalArgumentException("no method");
        if (progress == null) progress = Progress.NONE;
        int n = points.size();
        List<PointKey> keys = new ArrayList<>(n);
        for (Point pt : points) keys.add(pt.key());
        if (n == 0) return new Layout(method, dims, keys, new double[0][]);
        Vectors x = Vectors.of(points, progress);
        if (previous != null && (previous.method() != method || previous.dims() != dims)) previous = null;

        double[] reference = new double[n * dims]; // previous positions (key, else nearest snapshot of the track)
        boolean[] exact = new boolean[n];
        boolean[] placed = references(keys, previous, dims, reference, exact);
        int known = 0;
        for (boolean b : placed) if (b) known++;
        // PCA aligns its signs with any overlap; t-SNE and UMAP continue the previous layout only if it places at
        // least half the points (else, e.g. after adding two kinds to one, most points would start at guesses).
        boolean warm = method == Method.PCA ? known > 0 : known > 0 && 2 * known >= n;
        double[] pca = method == Method.PCA || !warm ? Pca.scores(x, dims, progress) : null;

        double[] y;
        switch (method) {
            case PCA -> {
                if (warm) alignSigns(pca, reference, placed, n, dims);
                y = pca;
            }
            case TSNE -> {
                y = warm ? warmStart(x, reference, placed, exact, n, dims, progress)
                        : scaled(pca, TSNE_INIT_STD / Math.max(stdOfFirstAxis(pca, n, dims), Double.MIN_NORMAL));
                if (n >= EXACT_TSNE_BELOW) {
                    BarnesHutTsne tsne = new BarnesHutTsne(x, dims, Tsne.defaultPerplexity(n), BarnesHutTsne.THETA, y, seed, progress);
                    progress.report(0.1);
                    if (warm) tsne.optimise(BarnesHutTsne.WARM_ITERATIONS, 0, progress, 0.1, 1);
                    else tsne.optimise(Tsne.FRESH_ITERATIONS, Tsne.EXAGGERATION_ITERATIONS, progress, 0.1, 1);
                    y = tsne.y;
                    if (warm) holdScale(y, reference, placed, n, dims);
                } else if (n > 1) {
                    Tsne tsne = new Tsne(x, dims, Tsne.defaultPerplexity(n), y, tsneBuffer, progress);
                    progress.report(0.05);
                    if (warm) tsne.optimise(Tsne.WARM_ITERATIONS, 0, progress, 0.05, 1);
                    else tsne.optimise(Tsne.FRESH_ITERATIONS, Tsne.EXAGGERATION_ITERATIONS, progress, 0.05, 1);
                    y = tsne.y;
                    if (warm) holdScale(y, reference, placed, n, dims);
                    tsneBuffer = tsne.p.capacity() <= KEEP_BUFFER ? tsne.p : null;
                }
            }
            case UMAP -> {
                if (warm) {
                    y = warmStart(x, reference, placed, exact, n, dims, progress);
                } else {
                    double extent = 0;
                    for (double v : pca) extent = Math.max(extent, Math.abs(v));
                    y = scaled(pca, extent > 0 ? UMAP_INIT_EXTENT / extent : 1);
                    SplitMix64 rng = new SplitMix64(seed ^ 0x17A9L);
                    for (int e = 0; e < y.length; e++) y[e] += 1e-4 * gaussian(rng);
                }
                Umap.layout(x, y, dims, warm ? Umap.WARM_EPOCHS : Umap.FRESH_EPOCHS,
                        warm ? Umap.WARM_ALPHA : Umap.FRESH_ALPHA, seed, progress);
                if (warm) holdScale(y, reference, placed, n, dims);
            }
            default -> throw new IllegalArgumentException("unknown method " + method);
        }
        progress.report(1);
        return new Layout(method, dims, keys, rows(y, n, dims));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Where the previous layout had each point

    /**
     * Fills {@code reference} (n, d) with each point's previous position: its own key's, else that of its track's
     * nearest snapshot (the earlier one on a tie). Returns which points have one; {@code exact} marks own-key ones.
     */
    static boolean[] references(List<PointKey> keys, Layout previous, int d, double[] reference, boolean[] exact) {
        boolean[] placed = new boolean[keys.size()];
        if (previous == null) return placed;
        Map<PointKey, double[]> byKey = previous.byKey();
        Map<PointKey, TreeMap<Integer, double[]>> tracks = new HashMap<>();
        for (Map.Entry<PointKey, double[]> e : byKey.entrySet()) {
            tracks.computeIfAbsent(e.getKey().track(), t -> new TreeMap<>()).put(e.getKey().snapshot(), e.getValue());
        }
        for (int i = 0; i < keys.size(); i++) {
            PointKey key = keys.get(i);
            double[] at = byKey.get(key);
            exact[i] = at != null;
            if (at == null) {
                TreeMap<Integer, double[]> track = tracks.get(key.track());
                if (track != null) {
                    Map.Entry<Integer, double[]> below = track.floorEntry(key.snapshot());
                    Map.Entry<Integer, double[]> above = track.ceilingEntry(key.snapshot());
                    if (below == null) at = above.getValue();
                    else if (above == null) at = below.getValue();
                    else at = key.snapshot() - below.getKey() <= above.getKey() - key.snapshot() ? below.getValue() : above.getValue();
                }
            }
            if (at == null || at.length != d) continue;
            placed[i] = true;
            System.arraycopy(at, 0, reference, i * d, d);
        }
        return placed;
    }

    /** Flips each PCA axis whose scores disagree with the reference positions (Σ score·reference &lt; 0). */
    static void alignSigns(double[] scores, double[] reference, boolean[] placed, int n, int d) {
        for (int a = 0; a < d; a++) {
            double agreement = 0;
            for (int i = 0; i < n; i++) if (placed[i]) agreement += scores[i * d + a] * reference[i * d + a];
            if (agreement < 0) {
                for (int i = 0; i < n; i++) scores[i * d + a] = -scores[i * d + a];
            }
        }
    }

    /**
     * The warm starting layout: previous positions (tracks' with jitter); a point with none gets the coordinate-wise
     * median of its {@link #PLACEMENT_NEIGHBOURS} nearest placed points in the input space, with jitter.
     */
    private double[] warmStart(Vectors x, double[] reference, boolean[] placed, boolean[] exact, int n, int d,
                               Progress progress) {
        SplitMix64 rng = new SplitMix64(seed);
        double jitter = JITTER * Math.max(spread(reference, placed, n, d), Double.MIN_NORMAL);
        double[] y = new double[n * d];
        List<Integer> anchors = new ArrayList<>();
        for (int i = 0; i < n; i++) if (placed[i]) anchors.add(i);
        int k = Math.min(PLACEMENT_NEIGHBOURS, anchors.size());
        int[] nearest = new int[k];
        double[] nearestDist = new double[k];
        double[] column = new double[k];
        for (int i = 0; i < n; i++) {
            if (placed[i]) {
                System.arraycopy(reference, i * d, y, i * d, d);
            } else {
                progress.stopIfCancelled();
                nearestPlaced(x, i, anchors, nearest, nearestDist);
                for (int c = 0; c < d; c++) {
                    for (int a = 0; a < k; a++) column[a] = reference[nearest[a] * d + c];
                    java.util.Arrays.sort(column);
                    y[i * d + c] = k % 2 == 1 ? column[k / 2] : (column[k / 2 - 1] + column[k / 2]) / 2;
                }
            }
            if (!exact[i]) {
                for (int c = 0; c < d; c++) y[i * d + c] += jitter * gaussian(rng);
            }
        }
        return y;
    }

    /** The k nearest anchors of point i in the input space, nearest first (ties: earlier anchor). */
    private static void nearestPlaced(Vectors x, int i, List<Integer> anchors, int[] nearest, double[] dist) {
        int k = nearest.length;
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        for (int j : anchors) {
            double s = x.squaredDistance(i, j);
            if (s >= dist[k - 1]) continue;
            int at = k - 1;
            while (at > 0 && dist[at - 1] > s) {
                dist[at] = dist[at - 1];
                nearest[at] = nearest[at - 1];
                at--;
            }
            dist[at] = s;
            nearest[at] = j;
        }
    }

    /**
     * t-SNE layouts keep expanding as iterations go on (and grow with n), which on screen reads as a zoom, not as
     * data changing. After a warm start, scale about the placed points' centroid and move it back so the placed
     * points have their previous spread and centroid again.
     */
    static void holdScale(double[] y, double[] reference, boolean[] placed, int n, int d) {
        double[] was = centroid(reference, placed, n, d), now = centroid(y, placed, n, d);
        double before = spread(reference, placed, n, d), after = spread(y, placed, n, d);
        double s = before > 0 && after > 0 ? before / after : 1;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) y[i * d + c] = was[c] + s * (y[i * d + c] - now[c]);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Small helpers

    private static double[] centroid(double[] y, boolean[] placed, int n, int d) {
        double[] mean = new double[d];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!placed[i]) continue;
            count++;
            for (int c = 0; c < d; c++) mean[c] += y[i * d + c];
        }
        for (int c = 0; c < d; c++) mean[c] = count == 0 ? 0 : mean[c] / count;
        return mean;
    }

    /** Root-mean-square distance of the placed positions from their centroid. */
    static double spread(double[] y, boolean[] placed, int n, int d) {
        double[] mean = centroid(y, placed, n, d);
        int count = 0;
        double s = 0;
        for (int i = 0; i < n; i++) {
            if (!placed[i]) continue;
            count++;
            for (int c = 0; c < d; c++) {
                double diff = y[i * d + c] - mean[c];
                s += diff * diff;
            }
        }
        return count == 0 ? 0 : Math.sqrt(s / count);
    }

    private static double stdOfFirstAxis(double[] y, int n, int d) {
        double mean = 0, s = 0;
        for (int i = 0; i < n; i++) mean += y[i * d];
        mean /= n;
        for (int i = 0; i < n; i++) s += (y[i * d] - mean) * (y[i * d] - mean);
        return Math.sqrt(s / n);
    }

    private static double[] scaled(double[] y, double factor) {
        double[] out = new double[y.length];
        for (int e = 0; e < y.length; e++) out[e] = y[e] * factor;
        return out;
    }

    /** A standard normal draw (Box–Muller, one of the pair). */
    private static double gaussian(SplitMix64 rng) {
        double u = ((rng.nextU64() >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        double v = (rng.nextU64() >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double[][] rows(double[] y, int n, int d) {
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(y, i * d, out[i], 0, d);
        return out;
    }
}
