package org.qkvlens.projection;

import java.util.Arrays;
import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.qkvlens.data.SplitMix64;
import org.qkvlens.engine.Gemm;

/**
 * Each point's k nearest other points (Euclidean), exactly by brute force ({@link #exact}) or approximately by
 * NN-descent ({@link #descent}: Dong, Moses and Li, "Efficient k-nearest neighbor graph construction for generic
 * similarity measures", WWW 2011; the new/old candidate bookkeeping and the candidate cap follow pynndescent).
 * Start from k random neighbours per point; then, repeatedly, every point introduces its neighbours and reverse
 * neighbours to one another ("a neighbour of a neighbour is likely a neighbour"), each pair with at least one member
 * new since the last round; stop when fewer than {@code δ·n·k} lists changed in a round.
 * <p>
 * Deterministic for a seed at any thread count: each round runs in chunks of points; within a chunk the distances are
 * computed in parallel against the lists as they were at the chunk's start, then the proposals are applied
 * sequentially in point order. Leaves out: random-projection-tree initialisation, metrics other than Euclidean,
 * querying new points against a built graph.
 * <pre>
 * n  points, p  features, k  neighbours per point (the point itself excluded)
 * index, distance  (n, k)  row i nearest first; distances are Euclidean (not squared)
 * </pre>
 */
final class Knn {
    /**
     * Below this many points, or above {@link #DESCENT_MAX_K} neighbours, {@link #of} searches exhaustively:
     * NN-descent's rounds cost more than they save. On 20,000 × 256 (2 loaded cores) the GEMM brute force took 10 s
     * at k = 15 and 14 s at k = 90; NN-descent 6.5 s at k = 15 (recall 0.957) and far longer at k = 90.
     */
    static final int EXACT_BELOW = 15_000;
    static final int DESCENT_MAX_K = 30;
    static final int PLAIN_BELOW = 4_000;
    static final int MAX_ROUNDS = 12;
    static final double DELTA = 0.001;
    /** Most new (and most old) candidates per point and round, pynndescent's {@code max_candidates}. */
    static final int MAX_CANDIDATES = 40;
    private static final int CHUNK = 2048;
    private static final int ROW_BLOCK = 128, COLUMN_BLOCK = 2048;
    static final double WIDEN = 1.5;

    private Knn() {
    }

    /** Neighbour lists: (n, k), nearest first, ties to the lower index. */
    record Graph(int[] index, double[] distance, int k) {
        int n() {
            return index.length / Math.max(1, k);
        }
    }

    /**
     * Exact below {@link #EXACT_BELOW} points or above {@link #DESCENT_MAX_K} neighbours (by plain loops below
     * {@link #PLAIN_BELOW} points), NN-descent otherwise.
     */
    static Graph of(Vectors x, int k, long seed, Progress progress) {
        if (x.n() < PLAIN_BELOW) return plain(x, k, progress);
        return x.n() < EXACT_BELOW || k > DESCENT_MAX_K ? exact(x, k, progress) : descent(x, k, seed, progress);
    }

    /**
     * Brute force in plain loops, rows in parallel, each checking for cancellation: the reference {@link #exact} is
     * held to, and the search for small inputs, where it costs milliseconds and stops within one row of a cancel
     * (a first matrix product, before the JIT has compiled the Vector API, can take a second).
     */
    static Graph plain(Vectors x, int k, Progress progress) {
        int n = x.n();
        int[] index = new int[n * k];
        double[] dist = new double[n * k];
        IntStream.range(0, n).parallel().forEach(i -> {
            progress.stopIfCancelled();
            int row = i * k;
            Arrays.fill(dist, row, row + k, Double.POSITIVE_INFINITY);
            Arrays.fill(index, row, row + k, -1);
            for (int j = 0; j < n; j++) {
                if (j != i) insert(index, dist, null, row, k, j, x.squaredDistance(i, j), false);
            }
            for (int c = 0; c < k; c++) dist[row + c] = Math.sqrt(dist[row + c]);
        });
        return new Graph(index, dist, k);
    }

    /**
     * Brute force over every pair, as blocks of a matrix product: {@code |a − b|² = |a|² + |b|² − 2 a·b} with the
     * dot products from the engine's float {@link Gemm} (row blocks in parallel, each against all column blocks in
     * order), the k smallest kept per row, then their distances recomputed in double and the row re-sorted. Float
     * rounding can swap neighbours whose distances agree to about 1e-6 relative; nothing else is approximate.
     */
    static Graph exact(Vectors x, int k, Progress progress) {
        int n = x.n(), p = x.p();
        float[] xf = new float[n * p], xt = new float[p * n];
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int f = 0; f < p; f++) {
                float v = (float) x.x()[i * p + f];
                xf[i * p + f] = v;
                xt[f * n + i] = v;
                s += (double) v * v;
            }
            norm[i] = s;
        }
        int[] index = new int[n * k];
        double[] dist = new double[n * k];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        Arrays.fill(index, -1);
        int rowBlocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
        IntStream.range(0, rowBlocks).parallel().forEach(b -> {
            int r0 = b * ROW_BLOCK, r1 = Math.min(n, r0 + ROW_BLOCK);
            float[] dots = new float[ROW_BLOCK * COLUMN_BLOCK];
            for (int c0 = 0; c0 < n; c0 += COLUMN_BLOCK) {
                progress.stopIfCancelled();
                int width = Math.min(COLUMN_BLOCK, n - c0);
                // dots(i − r0, j) = x_i · x_{c0 + j}: A = rows r0.. of xf, B = columns c0.. of xt.
                Gemm.matmul(xf, r0 * p, p, 1, xt, c0, n, dots, 0, width, p, width, false, 0, r1 - r0);
                for (int i = r0; i < r1; i++) {
                    int row = i * k, at = (i - r0) * width;
                    for (int j = 0; j < width; j++) {
                        int col = c0 + j;
                        double s = Math.max(0, norm[i] + norm[col] - 2.0 * dots[at + j]);
                        // Each column comes once per row: no need to look for it in the row first.
                        if (col != i && beatsLast(index, dist, row, k, col, s)) place(index, dist, null, row, k, col, s, false);
                    }
                }
            }
            for (int i = r0; i < r1; i++) exactDistances(x, index, dist, i * k, k, i);
        });
        return new Graph(index, dist, k);
    }

    /** Recomputes a row's distances in double (Euclidean) and re-sorts it, ties to the lower index. */
    private static void exactDistances(Vectors x, int[] index, double[] dist, int row, int k, int i) {
        int[] idx = Arrays.copyOfRange(index, row, row + k);
        Arrays.fill(dist, row, row + k, Double.POSITIVE_INFINITY);
        Arrays.fill(index, row, row + k, -1);
        for (int j : idx) if (j >= 0) insert(index, dist, null, row, k, j, squared(x, i, j), false);
        for (int c = 0; c < k; c++) dist[row + c] = Math.sqrt(dist[row + c]);
    }

    /**
     * NN-descent; needs n > k. Lists of {@code k · }{@link #WIDEN} are refined and cut to k at the end: on 2,000
     * Gaussian points in 64 dimensions (a hard case, no cluster structure) recall at k = 15 was 0.83 unwidened,
     * 0.96 at 1.5 and 0.99 at 2 (KnnTest), for about twice the time.
     */
    static Graph descent(Vectors x, int k, long seed, Progress progress) {
        int n = x.n();
        if (n <= k) throw new IllegalArgumentException(n + " points for " + k + " neighbours");
        int wide = (int) Math.min(n - 1, Math.round(k * WIDEN));
        Graph g = descentOf(x, wide, seed, progress);
        if (wide == k) return g;
        int[] index = new int[n * k];
        double[] dist = new double[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(g.index(), i * wide, index, i * k, k);
            System.arraycopy(g.distance(), i * wide, dist, i * k, k);
        }
        return new Graph(index, dist, k);
    }

    static Graph descentOf(Vectors x, int k, long seed, Progress progress) {
        int n = x.n();
        int[] index = new int[n * k];
        double[] dist = new double[n * k];
        boolean[] fresh = new boolean[n * k];
        // Random start: k distinct others per point, each from its own seeded stream.
        IntStream.range(0, n).parallel().forEach(i -> {
            SplitMix64 rng = new SplitMix64(seed ^ (0x9E3779B97F4A7C15L * (i + 1)));
            int row = i * k;
            Arrays.fill(dist, row, row + k, Double.POSITIVE_INFINITY);
            Arrays.fill(index, row, row + k, -1);
            for (int filled = 0; filled < k; ) {
                int j = rng.nextInt(n);
                if (j == i || contains(index, row, k, j)) continue;
                insert(index, dist, fresh, row, k, j, squared(x, i, j), true);
                filled++;
            }
        });
        int cap = Math.min(MAX_CANDIDATES, k);
        int[] newCand = new int[n * cap], oldCand = new int[n * cap];
        int[] newCount = new int[n], oldCount = new int[n];
        for (int round = 0; round < MAX_ROUNDS; round++) {
            progress.stopIfCancelled();
            candidates(index, fresh, n, k, cap, newCand, newCount, oldCand, oldCount, seed + round);
            long changes = 0;
            for (int from = 0; from < n; from += CHUNK) {
                progress.stopIfCancelled();
                changes += join(x, index, dist, fresh, k, cap, from, Math.min(n, from + CHUNK), newCand, newCount, oldCand, oldCount);
            }
            progress.report(0.5 * (round + 1) / MAX_ROUNDS);
            if (changes <= DELTA * n * k) break;
        }
        for (int e = 0; e < dist.length; e++) dist[e] = Math.sqrt(dist[e]);
        return new Graph(index, dist, k);
    }

    /**
     * Each point's candidates for this round: its neighbours and reverse neighbours, split into new (flag set; the
     * flag is then cleared) and old, at most {@code cap} of each, chosen by a seeded random priority so the cap does
     * not favour low indices.
     */
    private static void candidates(int[] index, boolean[] fresh, int n, int k, int cap, int[] newCand, int[] newCount,
                                   int[] oldCand, int[] oldCount, long seed) {
        double[] newPri = new double[n * cap], oldPri = new double[n * cap];
        Arrays.fill(newCount, 0);
        Arrays.fill(oldCount, 0);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                int j = index[i * k + c];
                if (j < 0) continue;
                boolean isNew = fresh[i * k + c];
                double pri = priority(seed, i, j);
                int[] cand = isNew ? newCand : oldCand;
                int[] count = isNew ? newCount : oldCount;
                double[] pr = isNew ? newPri : oldPri;
                offer(cand, count, pr, cap, i, j, pri);
                offer(cand, count, pr, cap, j, i, pri);
            }
        }
        // Clear the flag of every new neighbour that made it into its owner's candidates.
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                int e = i * k + c;
                if (fresh[e] && contains(newCand, i * cap, newCount[i], index[e])) fresh[e] = false;
            }
        }
    }

    private static double priority(long seed, int i, int j) {
        long a = Math.min(i, j), b = Math.max(i, j);
        return new SplitMix64(seed ^ (a * 0x9E3779B97F4A7C15L) ^ (b * 0xC2B2AE3D27D4EB4FL)).nextU64() >>> 11;
    }

    /** Adds j to i's candidates (no duplicates); when full, replaces the highest priority if j's is lower. */
    private static void offer(int[] cand, int[] count, double[] pri, int cap, int i, int j, double p) {
        int row = i * cap, c = count[i];
        if (contains(cand, row, c, j)) return;
        if (c < cap) {
            cand[row + c] = j;
            pri[row + c] = p;
            count[i]++;
            return;
        }
        int worst = row;
        for (int e = row + 1; e < row + cap; e++) if (pri[e] > pri[worst]) worst = e;
        if (p < pri[worst]) {
            cand[worst] = j;
            pri[worst] = p;
        }
    }

    /**
     * The local joins of points [from, to): pairs (new, new) and (new, old) of each point's candidates, distances in
     * parallel, kept where they beat the current worst of either list; then applied in point order. Returns how many
     * list entries changed.
     */
    private static long join(Vectors x, int[] index, double[] dist, boolean[] fresh, int k, int cap, int from, int to,
                             int[] newCand, int[] newCount, int[] oldCand, int[] oldCount) {
        int[][] proposals = new int[to - from][];
        double[][] proposalDist = new double[to - from][];
        IntStream.range(from, to).parallel().forEach(v -> {
            int nc = newCount[v], oc = oldCount[v];
            int[] pairs = new int[16];
            double[] ds = new double[8];
            int count = 0;
            for (int a = 0; a < nc; a++) {
                int p = newCand[v * cap + a];
                for (int b = 0; b < nc + oc; b++) {
                    if (b < nc && b <= a) continue;
                    int q = b < nc ? newCand[v * cap + b] : oldCand[v * cap + b - nc];
                    if (p == q) continue;
                    double s = squared(x, p, q);
                    if (s >= dist[p * k + k - 1] && s >= dist[q * k + k - 1]) continue;
                    if (count == ds.length) {
                        ds = Arrays.copyOf(ds, 2 * count);
                        pairs = Arrays.copyOf(pairs, 4 * count);
                    }
                    pairs[2 * count] = p;
                    pairs[2 * count + 1] = q;
                    ds[count++] = s;
                }
            }
            proposals[v - from] = Arrays.copyOf(pairs, 2 * count);
            proposalDist[v - from] = Arrays.copyOf(ds, count);
        });
        long changes = 0;
        for (int v = 0; v < to - from; v++) {
            int[] pairs = proposals[v];
            double[] ds = proposalDist[v];
            for (int e = 0; e < ds.length; e++) {
                int p = pairs[2 * e], q = pairs[2 * e + 1];
                if (insert(index, dist, fresh, p * k, k, q, ds[e], true)) changes++;
                if (insert(index, dist, fresh, q * k, k, p, ds[e], true)) changes++;
            }
        }
        return changes;
    }

    /**
     * Inserts j at squared distance s into the sorted row (ties after equal distances with lower index), dropping the
     * last; false when it is not closer than the last or already there.
     */
    static boolean insert(int[] index, double[] dist, boolean[] fresh, int row, int k, int j, double s, boolean isNew) {
        if (!beatsLast(index, dist, row, k, j, s) || contains(index, row, k, j)) return false;
        place(index, dist, fresh, row, k, j, s, isNew);
        return true;
    }

    /** Whether j at squared distance s would enter the sorted row: closer than its last, or as close with a lower index. */
    private static boolean beatsLast(int[] index, double[] dist, int row, int k, int j, double s) {
        int last = row + k - 1;
        return !(s > dist[last] || (s == dist[last] && (index[last] >= 0 && j > index[last])));
    }

    /** Puts j (not in the row, and beating its last) in its sorted place, dropping the last. */
    private static void place(int[] index, double[] dist, boolean[] fresh, int row, int k, int j, double s, boolean isNew) {
        int last = row + k - 1;
        int at = last;
        while (at > row && (dist[at - 1] > s || (dist[at - 1] == s && index[at - 1] > j))) {
            dist[at] = dist[at - 1];
            index[at] = index[at - 1];
            if (fresh != null) fresh[at] = fresh[at - 1];
            at--;
        }
        dist[at] = s;
        index[at] = j;
        if (fresh != null) fresh[at] = isNew;
    }

    private static boolean contains(int[] a, int from, int count, int v) {
        for (int e = from; e < from + count; e++) if (a[e] == v) return true;
        return false;
    }

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** |x_a − x_b|², lanes of features at once, lanes added in lane order (not reduceLanes, whose order may change once compiled). */
    static double squared(Vectors x, int a, int b) {
        double[] v = x.x();
        int p = x.p(), ra = a * p, rb = b * p, bound = S.loopBound(p);
        DoubleVector acc = DoubleVector.zero(S);
        for (int f = 0; f < bound; f += S.length()) {
            DoubleVector diff = DoubleVector.fromArray(S, v, ra + f).sub(DoubleVector.fromArray(S, v, rb + f));
            acc = diff.fma(diff, acc);
        }
        double s = 0;
        for (int l = 0; l < S.length(); l++) s += acc.lane(l);
        for (int f = bound; f < p; f++) {
            double diff = v[ra + f] - v[rb + f];
            s += diff * diff;
        }
        return s;
    }
}
