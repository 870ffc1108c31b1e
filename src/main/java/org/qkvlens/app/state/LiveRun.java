package org.qkvlens.app.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.session.RunRecord;

/**
 * The snapshots and losses of the run on screen, live or loaded. Any thread may add (the training thread, a snapshot
 * subscriber, a file loader) and then calls the {@code changed} callback it was made with (the app's
 * {@link FrameTicker#requestFrame()}); at the next frame {@link #poll()} copies what arrived into the read-only
 * observable lists the views bind to, so a burst of snapshots causes one UI update.
 */
public final class LiveRun {
    private final Object lock = new Object();
    private final List<Snapshot> incomingSnapshots = new ArrayList<>();
    private final List<RunRecord.EpochLoss> incomingLosses = new ArrayList<>();
    private RunInfo incomingInfo;
    private boolean resetPending;
    private final AtomicLong version = new AtomicLong();
    private final Runnable changed;
    private long seen;

    private final ObservableList<Snapshot> snapshots = FXCollections.observableArrayList();
    private final ObservableList<RunRecord.EpochLoss> losses = FXCollections.observableArrayList();
    private final ObservableList<Snapshot> snapshotsView = FXCollections.unmodifiableObservableList(snapshots);
    private final ObservableList<RunRecord.EpochLoss> lossesView = FXCollections.unmodifiableObservableList(losses);
    private final ReadOnlyObjectWrapper<RunInfo> info = new ReadOnlyObjectWrapper<>(RunInfo.EMPTY);

    /** A run whose changes wait for whoever calls {@link #poll()} (headless export, tests). */
    public LiveRun() {
        this(() -> { });
    }

    /** {@code changed} runs (on the writing thread) after every change, so the next frame publishes it. */
    public LiveRun(Runnable changed) {
        this.changed = changed;
    }

    /** Starts over with a new run (any thread). */
    public void reset(RunInfo newInfo) {
        synchronized (lock) {
            incomingSnapshots.clear();
            incomingLosses.clear();
            incomingInfo = newInfo;
            resetPending = true;
        }
        version.incrementAndGet();
        changed.run();
    }

    public void addSnapshot(Snapshot s) {
        synchronized (lock) {
            incomingSnapshots.add(s);
        }
        version.incrementAndGet();
        changed.run();
    }

    public void addLoss(RunRecord.EpochLoss l) {
        synchronized (lock) {
            incomingLosses.add(l);
        }
        version.incrementAndGet();
        changed.run();
    }

    /** Loads a whole finished run at once (any thread). */
    public void load(RunInfo newInfo, RunRecord run) {
        synchronized (lock) {
            incomingSnapshots.clear();
            incomingLosses.clear();
            incomingInfo = newInfo;
            resetPending = true;
            incomingSnapshots.addAll(run.snapshots());
            incomingLosses.addAll(run.losses());
        }
        version.incrementAndGet();
        changed.run();
    }

    /** FX thread, once per frame: publishes what arrived since the last call. */
    public void poll() {
        long v = version.get();
        if (v == seen) return;
        seen = v;
        List<Snapshot> newSnapshots;
        List<RunRecord.EpochLoss> newLosses;
        RunInfo newInfo;
        boolean reset;
        synchronized (lock) {
            newSnapshots = List.copyOf(incomingSnapshots);
            newLosses = List.copyOf(incomingLosses);
            newInfo = incomingInfo;
            reset = resetPending;
            incomingSnapshots.clear();
            incomingLosses.clear();
            incomingInfo = null;
            resetPending = false;
        }
        if (reset) {
            info.set(newInfo);
            snapshots.setAll(newSnapshots);
            losses.setAll(newLosses);
        } else {
            if (!newSnapshots.isEmpty()) snapshots.addAll(newSnapshots);
            if (!newLosses.isEmpty()) losses.addAll(newLosses);
        }
    }

    public ObservableList<Snapshot> snapshots() {
        return snapshotsView;
    }

    public ObservableList<RunRecord.EpochLoss> losses() {
        return lossesView;
    }

    public ReadOnlyObjectProperty<RunInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    public RunInfo info() {
        return info.get();
    }

    /** The snapshots as a plain list (FX thread). */
    public List<Snapshot> snapshotList() {
        return List.copyOf(snapshots);
    }
}
