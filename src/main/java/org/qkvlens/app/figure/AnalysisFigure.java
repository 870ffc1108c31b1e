package org.qkvlens.app.figure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javafx.scene.paint.Color;
import org.qkvlens.analysis.ClusterQuery;
import org.qkvlens.analysis.ClusterReport;

/**
 * The cluster chart as a value, shared by the Clusters tab and {@code export --view analysis}: per epoch (end-of-epoch
 * snapshots) the NMI of the k-means clusters with word, position, sentence and kind (left panel), and the mean cosine
 * of the same word across sentences, of the same position across sentences, and of all pairs as the baseline (right
 * panel); a marker at one epoch (the playback's); a title (what was clustered) and a note (how: sample, k). Also its
 * numbers as CSV. Leaves out drawing (app.view's AnalysisChart) and computing the figures (org.qkvlens.analysis).
 */
public record AnalysisFigure(String title, String note, List<ClusterReport> reports, int markerEpoch) {
    public static final AnalysisFigure EMPTY = new AnalysisFigure("", "", List.of(), -1);

    /** A line of a panel: its name, its colour and its value in a report (NaN: no point). */
    public record Series(String name, Color color, java.util.function.ToDoubleFunction<ClusterReport> value) {
    }

    public static final List<Series> NMI = List.of(
            new Series("word", Palette.A, r -> r.nmi() == null ? Double.NaN : r.nmi().word()),
            new Series("position", Palette.B, r -> r.nmi() == null ? Double.NaN : r.nmi().position()),
            new Series("sentence", Palette.sentence(3), r -> r.nmi() == null ? Double.NaN : r.nmi().sentence()),
            new Series("kind", Palette.sentence(2), r -> r.nmi() == null ? Double.NaN : r.nmi().kind()));

    public static final List<Series> COSINE = List.of(
            new Series("same word", Palette.A, r -> r.cosine().sameWord().mean()),
            new Series("same position", Palette.B, r -> r.cosine().samePosition().mean()),
            new Series("all pairs", Palette.OTHERS, r -> r.cosine().all().mean()));

    public AnalysisFigure {
        reports = reports.stream().sorted(Comparator.comparingInt(ClusterReport::epoch)).toList();
    }

    public boolean isEmpty() {
        return reports.isEmpty();
    }

    /** The same chart with the marker at {@code epoch} (−1: none). */
    public AnalysisFigure withMarker(int epoch) {
        return new AnalysisFigure(title, note, reports, epoch);
    }

    /** The report of {@code epoch}, or null. */
    public ClusterReport at(int epoch) {
        for (ClusterReport r : reports) if (r.epoch() == epoch) return r;
        return null;
    }

    /**
     * One row per epoch: epoch, step, n, k, silhouette, sample, the four NMIs, the three cosines and their pair counts,
     * DBSCAN's clusters and noise fraction; empty cells for what was not computed. RFC 4180, {@code \n} line ends.
     */
    public String csv() {
        StringBuilder sb = new StringBuilder("epoch,step,n,k,silhouette,sample,nmi_word,nmi_position,nmi_sentence,nmi_kind,"
                + "cos_same_word,cos_same_position,cos_all,same_word_pairs,same_position_pairs,all_pairs,dbscan_clusters,dbscan_noise\n");
        for (ClusterReport r : reports) {
            List<String> f = new ArrayList<>(List.of(String.valueOf(r.epoch()), String.valueOf(r.step()), String.valueOf(r.n())));
            var km = r.kmeans();
            f.add(km == null ? "" : String.valueOf(km.k()));
            f.add(km == null ? "" : num(km.silhouette()));
            f.add(km == null ? "" : String.valueOf(km.sample()));
            for (Series s : NMI) f.add(num(s.value().applyAsDouble(r)));
            for (Series s : COSINE) f.add(num(s.value().applyAsDouble(r)));
            f.add(String.valueOf(r.cosine().sameWord().pairs()));
            f.add(String.valueOf(r.cosine().samePosition().pairs()));
            f.add(String.valueOf(r.cosine().all().pairs()));
            f.add(r.dbscan() == null ? "" : String.valueOf(r.dbscan().clusters()));
            f.add(r.dbscan() == null ? "" : num(r.dbscan().noiseFraction()));
            sb.append(String.join(",", f)).append('\n');
        }
        return sb.toString();
    }

    /** "K, V of decoder–encoder attention · layer 0 · all heads · 12 sentences, clustered in the original space". */
    public static String title(ClusterQuery c, int sentences) {
        return c.kindLabel().replace(",", ", ") + " of " + c.site().label() + " · layer " + c.layer() + " · "
                + (c.head() < 0 ? "all heads" : "head " + c.head()) + " · " + String.format(Locale.ROOT, "%,d", sentences) + " sentence"
                + (sentences == 1 ? "" : "s") + ", clustered in the original space";
    }

    /** "epoch 3: k-means k = 7 (silhouette 0.21), k and DBSCAN chosen on a seeded sample of 1,000 of the 28,123 vectors; …". */
    public static String note(ClusterReport r) {
        if (r.kmeans() == null) return String.format(Locale.ROOT, "epoch %d: %,d vectors, too few to cluster", r.epoch(), r.n());
        var k = r.kmeans();
        String sample = k.sample() < r.n() ? String.format(Locale.ROOT, "a seeded sample of %,d of the %,d vectors", k.sample(), r.n())
                : String.format(Locale.ROOT, "all %,d vectors", r.n());
        String db = r.dbscan() == null ? "" : String.format(Locale.ROOT, "; DBSCAN: %d cluster%s, %.0f%% noise", r.dbscan().clusters(),
                r.dbscan().clusters() == 1 ? "" : "s", 100 * r.dbscan().noiseFraction());
        return String.format(Locale.ROOT, "epoch %d: k-means k = %d (silhouette %.2f), k and DBSCAN chosen on %s%s", r.epoch(), k.k(),
                k.silhouette(), sample, db);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
