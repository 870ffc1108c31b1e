package org.qkvlens.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of {@link ClusterAnalysis} at one snapshot, and their JSON form (field names in the README's
 * "analyze"). k-means, DBSCAN and the NMIs are null when the sample has too few points to cluster (fewer than kMin + 1).
 */
public record ClusterReport(int epoch, long step, int n, int words, int sentences, KMeansFigures kmeans, DbscanFigures dbscan,
                            Nmis nmi, Cosines cosine) {

    /** The k chosen, its silhouette, the range tried with each k's silhouette, and the sample they were measured on. */
    public record KMeansFigures(int k, double silhouette, int kMin, int kMax, double[] silhouettes, int sample, long seed) {
    }

    public record DbscanFigures(int clusters, double noiseFraction, double eps, int minPts, int sample) {
    }

    /** NMI of the k-means clusters with each label; kind is NaN with one kind. */
    public record Nmis(double word, double position, double sentence, double kind) {
    }

    public record Cosines(PairCosines.Mean sameWord, PairCosines.Mean samePosition, PairCosines.Mean all) {
    }

    /** The JSON object, without the query (the caller puts site, layer, head and kind first). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("step", step);
        m.put("n", n);
        m.put("words", words);
        m.put("sentences", sentences);
        if (kmeans != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("k", kmeans.k());
            k.put("silhouette", kmeans.silhouette());
            k.put("k_range", List.of(kmeans.kMin(), kmeans.kMax()));
            List<Double> sil = new ArrayList<>();
            for (double s : kmeans.silhouettes()) sil.add(s);
            k.put("silhouettes", sil);
            k.put("sample", kmeans.sample());
            k.put("seed", kmeans.seed());
            m.put("kmeans", k);
        } else {
            m.put("kmeans", null);
        }
        if (dbscan != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("clusters", dbscan.clusters());
            d.put("noise_fraction", dbscan.noiseFraction());
            d.put("eps", dbscan.eps());
            d.put("min_pts", dbscan.minPts());
            d.put("sample", dbscan.sample());
            m.put("dbscan", d);
        } else {
            m.put("dbscan", null);
        }
        if (nmi != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("word", nmi.word());
            x.put("position", nmi.position());
            x.put("sentence", nmi.sentence());
            x.put("kind", nmi.kind());
            m.put("nmi", x);
        } else {
            m.put("nmi", null);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("same_word", cosine.sameWord().mean());
        c.put("same_position", cosine.samePosition().mean());
        c.put("all", cosine.all().mean());
        c.put("same_word_pairs", cosine.sameWord().pairs());
        c.put("same_position_pairs", cosine.samePosition().pairs());
        c.put("all_pairs", cosine.all().pairs());
        m.put("cosine", c);
        return m;
    }
}
