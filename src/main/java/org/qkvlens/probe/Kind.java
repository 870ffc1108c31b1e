package org.qkvlens.probe;

/**
 * What an array holds: Q, K, V after fc_q/fc_k/fc_v; x1 = attention·V (heads concatenated); x4 = fc_o(x1);
 * the attention weights (heads, query, key); or a layer's output. {@link #id()} is the name in snapshot files.
 */
public enum Kind {
    Q("Q"), K("K"), V("V"), X1("x1"), X4("x4"), ATTENTION("attention"), OUT("out");

    private final String id;

    Kind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The per-token vector kinds of an attention site. */
    public static final java.util.List<Kind> VECTORS = java.util.List.of(Q, K, V, X1, X4);

    public boolean isVector() {
        return this != ATTENTION;
    }

    public static Kind fromId(String id) {
        for (Kind k : values()) if (k.id.equalsIgnoreCase(id)) return k;
        throw new IllegalArgumentException("unknown kind '" + id + "'");
    }
}
