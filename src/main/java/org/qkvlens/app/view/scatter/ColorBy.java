package org.qkvlens.app.view.scatter;

/**
 * What the scatter's colours say: the sentence (the default; A, B and the further probes), the word (token label),
 * the position, the kind, the epoch, the cluster (Selection's clusters, from the Clusters tab) or, for queries, the
 * entropy of the query's attention row. See {@link Coloring} for how each becomes colours.
 */
public enum ColorBy {
    SENTENCE("sentence"), WORD("word"), POSITION("position"), KIND("kind"), EPOCH("epoch"), CLUSTER("cluster"),
    ENTROPY("attention entropy");

    private final String label;

    ColorBy(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
