package org.qkvlens.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Points;

/**
 * The vectors of every probe at one snapshot for one site, layer, head and set of kinds (probes, then kinds, then
 * rows: the order of {@link Points#collect}), each with the labels the analysis explains them by: word (the row's
 * token label, e.g. {@code apple} or {@code sos->wir}, as an index into {@code words}), position (the row), sentence
 * (the probe's index) and kind (an index into the query's kinds). Probes or arrays the snapshot lacks are skipped.
 */
public record LabelledVectors(float[][] vectors, int[] word, int[] position, int[] sentence, int[] kind, List<String> words) {

    public int size() {
        return vectors.length;
    }

    public static LabelledVectors of(Snapshot s, ClusterQuery q) {
        return of(s, q, null);
    }

    /** The vectors of the probes {@code probes} only (all the snapshot has when null). */
    public static LabelledVectors of(Snapshot s, ClusterQuery q, java.util.Collection<Integer> probes) {
        java.util.Set<Integer> only = probes == null ? null : new java.util.HashSet<>(probes);
        List<float[]> vectors = new ArrayList<>();
        List<Integer> word = new ArrayList<>(), position = new ArrayList<>(), sentence = new ArrayList<>(), kind = new ArrayList<>();
        Map<String, Integer> wordIds = new HashMap<>();
        List<String> words = new ArrayList<>();
        for (ProbeCapture c : s.probes()) {
            if (only != null && !only.contains(c.probe())) continue;
            for (int ki = 0; ki < q.kinds().size(); ki++) {
                Kind k = q.kinds().get(ki);
                float[][] rows = Points.vectors(s, c.probe(), q.site(), q.layer(), k, q.head(), q.heads());
                if (rows == null) continue;
                List<String> labels = Points.labels(s, c.probe(), q.site(), q.layer(), k);
                for (int r = 0; r < rows.length; r++) {
                    vectors.add(rows[r]);
                    word.add(wordIds.computeIfAbsent(labels.get(r), w -> {
                        words.add(w);
                        return words.size() - 1;
                    }));
                    position.add(r);
                    sentence.add(c.probe());
                    kind.add(ki);
                }
            }
        }
        return new LabelledVectors(vectors.toArray(float[][]::new), ints(word), ints(position), ints(sentence), ints(kind), words);
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
