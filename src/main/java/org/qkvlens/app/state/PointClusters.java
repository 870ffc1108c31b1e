package org.qkvlens.app.state;

import java.util.Map;
import org.qkvlens.projection.PointKey;

/**
 * Which cluster each shown point belongs to, as the cluster instruments last computed it in the vectors' original space
 * (e.g. k-means with k chosen by silhouette): {@code method} says how ("k-means, k = 4"), {@code clusterOf} maps a
 * point to its cluster (0…clusters−1; −1 noise). Points not in the map were not clustered. Immutable value; the
 * clustering itself lives in org.qkvlens.analysis.
 */
public record PointClusters(String method, int clusters, Map<PointKey, Integer> clusterOf) {
    public static final PointClusters NONE = new PointClusters("", 0, Map.of());

    public PointClusters {
        clusterOf = Map.copyOf(clusterOf);
    }

    /** A cluster as the views write it: its number, "noise" for −1, "" for −2 (not clustered). */
    public static String label(int cluster) {
        return cluster == -2 ? "" : cluster == -1 ? "noise" : Integer.toString(cluster);
    }

    /** The point's cluster, or −2 when it was not clustered. */
    public int of(PointKey key) {
        return clusterOf.getOrDefault(key, -2);
    }
}
