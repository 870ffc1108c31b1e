package org.qkvlens.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What is in each cluster of a clustering, so a reader sees why it formed: per cluster its size and its most frequent
 * words, positions and sentences (probe indices), with counts, most frequent first (ties: the smaller word index,
 * position or probe first). Pure; leaves out naming the sentences (the front end knows their texts).
 */
public final class ClusterContents {
    private ClusterContents() {
    }

    /** A label and how many of the cluster's points carry it. */
    public record Count(String label, int count) {
    }

    /** Cluster {@code id} with {@code size} points and its top labels. */
    public record Row(int id, int size, List<Count> words, List<Count> positions, List<Count> sentences) {
    }

    /** One row per cluster 0…k−1 (empty clusters included) of {@code labels} over {@code v}, {@code top} labels each. */
    public static List<Row> of(LabelledVectors v, int[] labels, int top) {
        if (labels.length != v.size()) throw new IllegalArgumentException(labels.length + " labels for " + v.size() + " vectors");
        int k = 0;
        for (int l : labels) k = Math.max(k, l + 1);
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            Map<Integer, Integer> words = new HashMap<>(), positions = new HashMap<>(), sentences = new HashMap<>();
            int size = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != c) continue;
                size++;
                words.merge(v.word()[i], 1, Integer::sum);
                positions.merge(v.position()[i], 1, Integer::sum);
                sentences.merge(v.sentence()[i], 1, Integer::sum);
            }
            rows.add(new Row(c, size, top(words, top, w -> v.words().get(w)), top(positions, top, String::valueOf),
                    top(sentences, top, String::valueOf)));
        }
        return rows;
    }

    private static List<Count> top(Map<Integer, Integer> counts, int top, java.util.function.IntFunction<String> name) {
        return counts.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Integer, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(top).map(e -> new Count(name.apply(e.getKey()), e.getValue())).toList();
    }
}
