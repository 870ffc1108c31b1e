package org.qkvlens.app.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.animation.AnimationTimer;

/**
 * Coalesces updates from other threads to at most one per frame: background threads only write into
 * atomics or thread-safe stores; once per JavaFX pulse this runs every registered poller, which copies
 * what changed into FX properties. One timer for the whole app; no {@code Platform.runLater} per event.
 */
public final class FrameTicker {
    private final List<Runnable> pollers = new CopyOnWriteArrayList<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            tick();
        }
    };

    public void add(Runnable poller) {
        pollers.add(poller);
    }

    public void remove(Runnable poller) {
        pollers.remove(poller);
    }

    public void start() {
        timer.start();
    }

    public void stop() {
        timer.stop();
    }

    /** Runs every poller once (on the FX thread; tests call it directly). */
    public void tick() {
        for (Runnable p : pollers) p.run();
    }
}
