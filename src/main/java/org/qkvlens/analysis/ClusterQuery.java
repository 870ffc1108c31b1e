package org.qkvlens.analysis;

import java.util.List;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;

/**
 * Which vectors to analyse: a site, a layer, one head of {@code heads} (or −1: all heads concatenated) and one or
 * more vector kinds (Q, K, V, x1, x4). Checking them against a run is the front end's business.
 */
public record ClusterQuery(Site site, int layer, int head, int heads, List<Kind> kinds) {
    public ClusterQuery {
        kinds = List.copyOf(kinds);
        if (kinds.isEmpty()) throw new IllegalArgumentException("no kinds");
    }

    /** The kinds as the user writes them: {@code K,V}. */
    public String kindLabel() {
        return String.join(",", kinds.stream().map(Kind::id).toList());
    }
}
