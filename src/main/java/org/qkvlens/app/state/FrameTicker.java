package org.qkvlens.app.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Coalesces updates from other threads to at most one per frame, and asks JavaFX for frames only while something
 * changed (chart-fx's {@code ensureJavaFxPulse}): a writer (the training thread, a layout, any FX listener) stores
 * what changed in an atomic or thread-safe place, then calls {@link #requestFrame()}; at the next pulse this runs
 * every registered poller, which copies what changed into FX properties. A frame in which nobody asked for one stops
 * the timer, so an idle app polls nothing; the next request starts it again. However many requests arrive, at most one
 * {@code Platform.runLater} is on its way at a time, and only while the timer is stopped. One ticker for the whole
 * app. Leaves out per-poller scheduling: every poller runs in every frame the ticker runs.
 */
public final class FrameTicker {
    private final List<Runnable> pollers = new CopyOnWriteArrayList<>();
    /** A frame was asked for since the last one ran. */
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Between start() and stop(): requests start the timer. Before start() they only mark a frame as due. */
    private volatile boolean enabled;
    /** The timer is started; written on the FX thread, read by requesters on any thread. */
    private volatile boolean running;
    private long frames;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            frame();
        }
    };

    /** Adds a poller (FX thread) and asks for a frame, so it sees the current state once. */
    public void add(Runnable poller) {
        pollers.add(poller);
        requestFrame();
    }

    public void remove(Runnable poller) {
        pollers.remove(poller);
    }

    /**
     * Any thread: something changed, run the pollers at the next pulse. Cheap while a frame is already due (one
     * volatile read), so a writer may call it on every change.
     */
    public void requestFrame() {
        if (requested.get() || !requested.compareAndSet(false, true)) return;
        if (!enabled || running) return;   // running: the next frame sees the request (frame() re-checks before stopping)
        if (Platform.isFxApplicationThread()) startTimer();
        else Platform.runLater(this::startTimer);
    }

    /** Lets requests start the timer, and runs one frame now-ish (FX thread). */
    public void start() {
        enabled = true;
        requested.set(true);
        startTimer();
    }

    /** Stops the timer for good (FX thread; on shutdown). */
    public void stop() {
        enabled = false;
        running = false;
        timer.stop();
    }

    /** Runs every poller once (on the FX thread; tests call it directly). */
    public void tick() {
        for (Runnable p : pollers) p.run();
    }

    /** True while the timer asks JavaFX for pulses (FX thread). */
    public boolean isRunning() {
        return running;
    }

    /** Frames in which the pollers ran since this ticker was made (FX thread). */
    public long frames() {
        return frames;
    }

    private void startTimer() {
        if (!enabled || running) return;
        running = true;
        timer.start();
    }

    /** One pulse: run the pollers if anything asked for it since the last frame, else stop until someone does. */
    private void frame() {
        if (requested.getAndSet(false)) {
            frames++;
            tick();
            return;
        }
        running = false;
        timer.stop();
        // A request that saw running == true just before it turned false relies on this check (and one that saw false
        // has posted startTimer itself): no request is lost between the two.
        if (requested.get()) startTimer();
    }
}
