package org.qkvlens.projection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Positions for a set of points: {@code coords[i]} (length {@code dims}) belongs to {@code keys.get(i)}.
 * Immutable by convention. The previous layout seeds the next one so positions stay put as epochs arrive.
 */
public record Layout(Method method, int dims, List<PointKey> keys, double[][] coords) {
    public Layout {
        keys = List.copyOf(keys);
        if (coords.length != keys.size()) throw new IllegalArgumentException(coords.length + " coordinates for " + keys.size() + " keys");
    }

    /** Position of a key, or null. */
    public double[] position(PointKey key) {
        int i = index().getOrDefault(key, -1);
        return i < 0 ? null : coords[i];
    }

    private Map<PointKey, Integer> index() {
        Map<PointKey, Integer> m = new HashMap<>(keys.size() * 2);
        for (int i = 0; i < keys.size(); i++) m.put(keys.get(i), i);
        return m;
    }

    /** A map from key to position (build once when looking up many). */
    public Map<PointKey, double[]> byKey() {
        Map<PointKey, double[]> m = new HashMap<>(keys.size() * 2);
        for (int i = 0; i < keys.size(); i++) m.put(keys.get(i), coords[i]);
        return m;
    }
}
