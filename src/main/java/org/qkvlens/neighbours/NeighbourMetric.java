package org.qkvlens.neighbours;

/**
 * How two vectors of the original space are compared when looking for a point's nearest neighbours: cosine distance
 * {@code 1 − a·b / (|a| |b|)} (1 when either vector is zero, as {@code Cosine.of} gives 0 similarity), or Euclidean
 * distance {@code |a − b|}. In double. Leaves out every other metric; a layout's positions are always compared by
 * Euclidean distance.
 */
public enum NeighbourMetric {
    COSINE("cosine"), EUCLIDEAN("Euclidean");

    private final String label;

    NeighbourMetric(String label) {
        this.label = label;
    }

    /** The distance of a and b (same length), in double. */
    public double distance(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths " + a.length + " and " + b.length);
        if (this == EUCLIDEAN) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                double d = (double) a[i] - b[i];
                s += d * d;
            }
            return Math.sqrt(s);
        }
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
    }

    @Override
    public String toString() {
        return label;
    }
}
