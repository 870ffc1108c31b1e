package org.qkvlens.probe;

/** Names one captured array of one probe: site, layer (0-based) and kind. */
public record ArrayKey(Site site, int layer, Kind kind) {
    /** The array's name inside a snapshot, e.g. {@code dec_cross_l0_K}. */
    public String id() {
        return site.id() + "_l" + layer + "_" + kind.id();
    }
}
