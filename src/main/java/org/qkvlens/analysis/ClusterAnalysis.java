package org.qkvlens.analysis;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.qkvlens.data.SplitMix64;
import org.qkvlens.probe.Snapshot;

/**
 * How much of a set of vectors' geometry each label explains, at one snapshot. Steps, all deterministic for a seed:
 * <ol>
 * <li>a seeded sample of at most {@code sample} points (all of them when there are fewer), and its distance matrix;</li>
 * <li>for k in [kMin, min(kMax, m − 1)] (m: the sample's size), k-means on the sample (best of {@code restarts} seeds by inertia) and its
 * silhouette on the sample; the k with the highest silhouette wins (the smallest on ties);</li>
 * <li>k-means of all points, started from the winning sample centres (Lloyd's iterations);</li>
 * <li>NMI of those clusters with word, position, sentence and (with several kinds) kind, over all points;</li>
 * <li>DBSCAN on the sample, eps from the k-distance knee;</li>
 * <li>mean cosines over all points: same word, same position, all pairs (different sentences, same kind).</li>
 * </ol>
 * Silhouette and DBSCAN are O(m²) in the sample size m, the rest O(n·k·d) per iteration. Leaves out HDBSCAN,
 * Smile's clusterers (their seeding is global state) and any charting.
 */
public final class ClusterAnalysis {
    private ClusterAnalysis() {
    }

    /** Every knob, with its default in {@link #DEFAULTS}. */
    public record Settings(int kMin, int kMax, int sample, int restarts, int maxIterations, int minPts, long seed) {
    }

    public static final Settings DEFAULTS = new Settings(2, 12, 2000, 2, 100, 5, 1234);

    public static ClusterReport analyze(Snapshot s, ClusterQuery q, Settings settings) {
        LabelledVectors v = LabelledVectors.of(s, q);
        return analyze(s.epoch(), s.step(), v, q.kinds().size(), settings);
    }

    /**
     * The report with what it was computed from: the labelled vectors and each one's k-means cluster ({@code labels},
     * in the vectors' order; null when the report has no k-means). What the app's cluster table and colours read.
     */
    public record Clustering(ClusterReport report, LabelledVectors vectors, int[] labels) {
    }

    /**
     * As {@link #analyze(Snapshot, ClusterQuery, Settings)} over the probes {@code probes} only (all when null), keeping
     * the labels; throws {@link CancellationException} soon after {@code cancelled} turns true (checked per k).
     */
    public static Clustering cluster(Snapshot s, ClusterQuery q, Collection<Integer> probes, Settings settings, BooleanSupplier cancelled) {
        LabelledVectors v = LabelledVectors.of(s, q, probes);
        return cluster(s.epoch(), s.step(), v, q.kinds().size(), settings, cancelled);
    }

    static ClusterReport analyze(int epoch, long step, LabelledVectors v, int kinds, Settings st) {
        return cluster(epoch, step, v, kinds, st, () -> false).report();
    }

    private static Clustering cluster(int epoch, long step, LabelledVectors v, int kinds, Settings st, BooleanSupplier cancelled) {
        int n = v.size();
        float[][] x = v.vectors();
        PairCosines.Mean sameWord = PairCosines.of(x, v.kind(), v.sentence(), v.word());
        PairCosines.Mean samePosition = PairCosines.of(x, v.kind(), v.sentence(), v.position());
        PairCosines.Mean all = PairCosines.of(x, v.kind(), v.sentence(), null);
        int sentences = (int) Arrays.stream(v.sentence()).distinct().count();
        ClusterReport.Cosines cos = new ClusterReport.Cosines(sameWord, samePosition, all);
        int[] sampleRows = sample(n, st.sample(), st.seed());
        int kMax = Math.min(st.kMax(), sampleRows.length - 1);
        if (kMax < st.kMin()) {
            return new Clustering(new ClusterReport(epoch, step, n, v.words().size(), sentences, null, null, null, cos), v, null);
        }

        float[][] sx = new float[sampleRows.length][];
        for (int i = 0; i < sampleRows.length; i++) sx[i] = x[sampleRows[i]];
        Distances dist = Distances.of(sx);

        double[] silhouettes = new double[kMax - st.kMin() + 1];
        KMeans.Result best = null;
        double bestSil = Double.NEGATIVE_INFINITY;
        for (int k = st.kMin(); k <= kMax; k++) {
            if (cancelled.getAsBoolean()) throw new CancellationException();
            KMeans.Result r = null;
            for (int restart = 0; restart < st.restarts(); restart++) {
                KMeans.Result t = KMeans.fit(sx, k, st.seed() + 1000L * k + restart, st.maxIterations());
                if (r == null || t.inertia() < r.inertia()) r = t;
            }
            double sil = Silhouette.mean(dist, r.labels(), k);
            silhouettes[k - st.kMin()] = sil;
            if (sil > bestSil) {
                bestSil = sil;
                best = r;
            }
        }
        if (best == null) best = KMeans.fit(sx, st.kMin(), st.seed(), st.maxIterations());   // every silhouette NaN
        int[] labels = sampleRows.length == n ? best.labels() : KMeans.lloyd(x, best.centres(), st.maxIterations()).labels();
        ClusterReport.KMeansFigures km = new ClusterReport.KMeansFigures(best.k(), bestSil, st.kMin(), kMax, silhouettes,
                sampleRows.length, st.seed());
        ClusterReport.Nmis nmi = new ClusterReport.Nmis(Nmi.of(labels, v.word()), Nmi.of(labels, v.position()),
                Nmi.of(labels, v.sentence()), kinds > 1 ? Nmi.of(labels, v.kind()) : Double.NaN);
        Dbscan.Result db = Dbscan.fit(dist, st.minPts());
        ClusterReport.DbscanFigures dbf = new ClusterReport.DbscanFigures(db.clusters(), db.noiseFraction(), db.eps(), db.minPts(),
                sampleRows.length);
        return new Clustering(new ClusterReport(epoch, step, n, v.words().size(), sentences, km, dbf, nmi, cos), v, labels);
    }

    /** {@code size} of [0, n) drawn with a seeded partial Fisher–Yates shuffle, ascending; all of them when n ≤ size. */
    static int[] sample(int n, int size, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        if (n <= size) return all;
        SplitMix64 rng = new SplitMix64(seed);
        for (int i = 0; i < size; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, size);
        Arrays.sort(out);
        return out;
    }
}
