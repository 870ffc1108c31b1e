package org.qkvlens.app.state;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.util.Duration;
import org.qkvlens.probe.Snapshot;

/**
 * Epoch playback over the snapshots received so far: the position every view follows ({@link #indexProperty()},
 * an index into the snapshot list), play/pause at a speed in snapshots per second, and "follow newest", which keeps
 * the position on the latest snapshot while training runs (moving the slider turns it off).
 */
public final class Playback {
    private final ObservableList<Snapshot> snapshots;
    private final IntegerProperty index = new SimpleIntegerProperty(this, "index", 0);
    private final SimpleIntegerProperty count = new SimpleIntegerProperty(this, "count", 0);
    private final BooleanProperty followNewest = new SimpleBooleanProperty(this, "followNewest", true);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing", false);
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 4);
    private final Timeline timeline = new Timeline();

    public Playback(ObservableList<Snapshot> snapshots) {
        this.snapshots = snapshots;
        snapshots.addListener((ListChangeListener<Snapshot>) c -> {
            count.set(snapshots.size());
            if (snapshots.isEmpty()) {
                index.set(0);
            } else if (followNewest.get() && !playing.get()) {
                index.set(snapshots.size() - 1);
            } else if (index.get() >= snapshots.size()) {
                index.set(snapshots.size() - 1);
            }
        });
        count.set(snapshots.size());
        index.set(Math.max(0, snapshots.size() - 1));
        timeline.setCycleCount(Timeline.INDEFINITE);
        speed.addListener((o, a, b) -> {
            if (playing.get()) restartTimeline();
        });
    }

    /** Index of the snapshot shown. Setting it by hand (the slider) stops following the newest. */
    public IntegerProperty indexProperty() {
        return index;
    }

    public int index() {
        return index.get();
    }

    public ReadOnlyIntegerProperty countProperty() {
        return count;
    }

    public BooleanProperty followNewestProperty() {
        return followNewest;
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** Snapshots per second while playing. */
    public DoubleProperty speedProperty() {
        return speed;
    }

    /** The snapshot at the playback position, or null when there is none yet. */
    public Snapshot current() {
        int i = index.get();
        return i >= 0 && i < snapshots.size() ? snapshots.get(i) : null;
    }

    /** The user moved the position: stop following the newest snapshot. */
    public void seek(int i) {
        followNewest.set(false);
        index.set(Math.max(0, Math.min(i, snapshots.size() - 1)));
    }

    public void play() {
        if (snapshots.size() < 2) return;
        if (index.get() >= snapshots.size() - 1) index.set(0);
        playing.set(true);
        restartTimeline();
    }

    public void pause() {
        playing.set(false);
        timeline.stop();
    }

    public void togglePlay() {
        if (playing.get()) pause();
        else play();
    }

    private void restartTimeline() {
        timeline.stop();
        timeline.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1 / Math.max(0.1, speed.get())), e -> advance()));
        timeline.play();
    }

    private void advance() {
        if (index.get() < snapshots.size() - 1) {
            index.set(index.get() + 1);
        } else {
            pause();
            if (followNewest.get()) index.set(snapshots.size() - 1);
        }
    }
}
