package org.qkvlens.projection;

import org.qkvlens.probe.Kind;

/**
 * The identity of one plotted vector: which probe, which side of the model (encoder tokens or decoder positions),
 * which position on that side, which kind, and which snapshot (index in the run's snapshot list). The same token and
 * kind in two snapshots differ only in {@code snapshot}: that is what trajectories and stable layouts follow.
 */
public record PointKey(int probe, boolean decoder, int position, Kind kind, int snapshot) {

    /** The same point in another snapshot. */
    public PointKey at(int otherSnapshot) {
        return new PointKey(probe, decoder, position, kind, otherSnapshot);
    }

    /** Everything but the snapshot: the identity of a trajectory. */
    public PointKey track() {
        return at(-1);
    }
}
