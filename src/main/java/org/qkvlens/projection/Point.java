package org.qkvlens.projection;

/**
 * One vector to plot: its key, its token label ({@code apple}, {@code sos->wir}), the epoch and step of its snapshot,
 * and the vector itself (a head's slice or all heads concatenated). Immutable: do not change {@code vector}.
 */
public record Point(PointKey key, String token, int epoch, long step, float[] vector) {

    /** The article's label: {@code word@K@30}. */
    public String label() {
        return token + "@" + key.kind().id() + "@" + epoch;
    }

    public double norm() {
        double s = 0;
        for (float v : vector) s += (double) v * v;
        return Math.sqrt(s);
    }
}
