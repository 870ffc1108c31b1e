package org.qkvlens.app.view.scatter;

import java.util.Arrays;

/**
 * What the scatter shows now: a laid-out point set and which of its snapshots are drawn (ascending; the last is the
 * current one). Scrubbing the playback slider makes a new frame with the same {@link #data()}: points glide.
 * {@code shown} is not copied: do not change it.
 */
public record ScatterFrame(ScatterData data, int[] shown) {
    public static final ScatterFrame EMPTY = new ScatterFrame(ScatterData.EMPTY, new int[0]);

    /** The snapshot index drawn as "current", or −1. */
    public int current() {
        return shown.length == 0 ? -1 : shown[shown.length - 1];
    }

    /** Indices of the points drawn, in drawing order (older snapshots first). */
    public int[] visiblePoints() {
        int[] out = new int[data.size()];
        int n = 0;
        for (int s : shown) {
            for (int t = 0; t < data.trackCount(); t++) {
                int p = data.pointAt(t, s);
                if (p >= 0) out[n++] = p;
            }
        }
        return Arrays.copyOf(out, n);
    }

    boolean sameAs(ScatterFrame other) {
        return other != null && other.data == data && Arrays.equals(other.shown, shown);
    }
}
