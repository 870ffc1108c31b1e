package org.qkvlens.joint;

import java.util.ArrayList;
import java.util.List;
import org.qkvlens.probe.Kind;
import org.qkvlens.projection.PointKey;

/**
 * For a picked query of a {@link JointSpace}: the keys it attends to with their attention weights, for drawing lines
 * from the query weighted by attention. Weights are recomputed from the normalised vectors (equal to the captured
 * ones, see {@link ProbeVectors#weights}); keys the query does not see (later decoder positions, padding) are left
 * out. Pure. Leaves out drawing and any threshold: the view decides which weights are worth a line.
 */
public final class AttentionLines {
    private AttentionLines() {
    }

    /** One line: from the query's point to a key's point, with the key's word and the attention weight. */
    public record Line(PointKey query, PointKey key, String keyWord, double weight) {
    }

    /** The lines of {@code query}, a query point of {@code space}, in key order. */
    public static List<Line> of(JointSpace space, PointKey query) {
        if (query.kind() != Kind.Q || query.snapshot() != space.snapshot()) {
            throw new IllegalArgumentException(query + " is not a query of this joint space (snapshot " + space.snapshot() + ")");
        }
        ProbeVectors p = space.probe(query.probe());
        if (p == null || query.position() < 0 || query.position() >= p.queries()) {
            throw new IllegalArgumentException("no query at position " + query.position() + " of probe " + query.probe());
        }
        int i = query.position();
        double[] w = p.weights(i);
        List<Line> out = new ArrayList<>();
        for (int j = 0; j < p.keys(); j++) {
            if (p.visible(i, j)) out.add(new Line(query, space.keyKey(p.probe(), j), p.keyLabels().get(j), w[j]));
        }
        return out;
    }
}
