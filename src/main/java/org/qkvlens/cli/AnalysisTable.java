package org.qkvlens.cli;

import java.util.List;
import java.util.Locale;
import org.qkvlens.analysis.ClusterAnalysis;
import org.qkvlens.analysis.ClusterQuery;
import org.qkvlens.analysis.ClusterReport;

/**
 * The readable form of {@code analyze}: a header that says what was clustered and how (the sample), then one row per
 * epoch. Figures that do not exist (one kind's NMI, too few points) print as "-".
 */
final class AnalysisTable {
    private AnalysisTable() {
    }

    static List<String> header(String file, ClusterQuery q, ClusterReport first, ClusterAnalysis.Settings s) {
        String head = q.head() < 0 ? "all " + q.heads() + " head" + (q.heads() == 1 ? "" : "s") + " concatenated" : "head " + q.head();
        return List.of(
                file + ": " + q.site().id() + " layer " + q.layer() + ", " + head + ", kind " + q.kindLabel() + "; " + first.n()
                        + " vectors per epoch (" + first.words() + " words, " + first.sentences() + " sentences)",
                "k-means: k in " + s.kMin() + ".." + s.kMax() + " chosen by silhouette on a seeded sample of up to " + s.sample()
                        + " points (seed " + s.seed() + "), then all points; DBSCAN on that sample, eps from the k-distance knee (minPts "
                        + s.minPts() + ")",
                "NMI: arithmetic-mean normalisation; cosines over pairs from different sentences, same kind",
                String.format(Locale.ROOT, "%5s %7s %3s %6s %4s %6s | %-6s %6s %6s %6s | %-6s %6s %6s",
                        "epoch", "n", "k", "sil", "db", "noise", "NMI:wd", "pos", "sent", "kind", "cos:wd", "pos", "all"));
    }

    static String row(ClusterReport r) {
        ClusterReport.KMeansFigures km = r.kmeans();
        ClusterReport.DbscanFigures db = r.dbscan();
        ClusterReport.Nmis nmi = r.nmi();
        return String.format(Locale.ROOT, "%5d %7d %3s %6s %4s %6s | %-6s %6s %6s %6s | %-6s %6s %6s", r.epoch(), r.n(),
                km == null ? "-" : Integer.toString(km.k()), num(km == null ? Double.NaN : km.silhouette()),
                db == null ? "-" : Integer.toString(db.clusters()), db == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * db.noiseFraction()),
                num(nmi == null ? Double.NaN : nmi.word()), num(nmi == null ? Double.NaN : nmi.position()),
                num(nmi == null ? Double.NaN : nmi.sentence()), num(nmi == null ? Double.NaN : nmi.kind()),
                num(r.cosine().sameWord().mean()), num(r.cosine().samePosition().mean()), num(r.cosine().all().mean()));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
