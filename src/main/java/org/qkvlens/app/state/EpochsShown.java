package org.qkvlens.app.state;

/** Which snapshots the scatter shows besides the playback position. */
public enum EpochsShown {
    /** Only the snapshot at the playback position. */
    CURRENT("Current epoch"),
    /** Every snapshot up to the playback position (trajectories show the path). */
    UP_TO_CURRENT("All epochs so far"),
    /** The article's three: the first epoch, the middle one and the current one. */
    ARTICLE("First, middle, current");

    private final String label;

    EpochsShown(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
