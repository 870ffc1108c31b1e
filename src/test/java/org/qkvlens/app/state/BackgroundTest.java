package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * After shutdown (the window closed), work that a late FX event still asks for is dropped quietly: a refresh queued
 * just before closing used to throw RejectedExecutionException on the FX thread.
 */
class BackgroundTest {
    @Test
    void workAskedForAfterShutdownIsDropped() {
        var executor = Executors.newSingleThreadExecutor();
        AtomicInteger calls = new AtomicInteger();
        Background b = Background.using(executor, Runnable::run);
        b.shutdown();
        executor.shutdown();
        b.run(() -> calls.incrementAndGet(), x -> calls.incrementAndGet(), t -> calls.incrementAndGet());
        assertEquals(0, calls.get());
    }
}
