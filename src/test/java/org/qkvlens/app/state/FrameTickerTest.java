package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.binding.Bindings;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.session.RunRecord;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's frame ticker runs only while something changed: once the data stops changing its timer stops (no
 * frames, no polling), and a change written on another thread starts it again and reaches the view; a burst of
 * changes costs a few frames, not one per change. Headless (Monocle).
 */
@ExtendWith(ApplicationExtension.class)
class FrameTickerTest {
    private FrameTicker ticker;
    private LiveRun live;
    private Label shown;
    private final AtomicInteger polls = new AtomicInteger();

    @Start
    void start(Stage stage) {
        ticker = new FrameTicker();
        live = new LiveRun(ticker::requestFrame);
        ticker.add(live::poll);
        ticker.add(polls::incrementAndGet);
        shown = new Label();
        shown.textProperty().bind(Bindings.size(live.losses()).asString());
        stage.setScene(new Scene(shown, 200, 100));
        stage.show();
        ticker.start();
    }

    @AfterEach
    void stop() throws Exception {
        fx(() -> {
            ticker.stop();
            return null;
        });
    }

    @Test
    void stopsWhenNothingChangesAndAChangeFromAnotherThreadRestartsIt() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !fx(ticker::isRunning));
        assertTrue(polls.get() >= 1, "start() runs the pollers once");
        long framesWhenIdle = fx(ticker::frames);
        int pollsWhenIdle = polls.get();
        Thread.sleep(300);                                  // about 18 pulses at 60 Hz, were the timer still polling
        assertEquals(framesWhenIdle, fx(ticker::frames));
        assertEquals(pollsWhenIdle, polls.get());
        assertFalse(fx(ticker::isRunning));

        Thread writer = new Thread(() -> live.addLoss(new RunRecord.EpochLoss(1, 2.5, 2.7, 1, 100)), "writer");
        writer.start();
        writer.join();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "1".equals(fx(shown::getText)));
        assertTrue(fx(ticker::frames) > framesWhenIdle);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !fx(ticker::isRunning));
    }

    @Test
    void aBurstOfChangesIsCoalescedIntoFewFrames() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !fx(ticker::isRunning));
        long before = fx(ticker::frames);
        Thread writer = new Thread(() -> {
            for (int e = 1; e <= 5000; e++) live.addLoss(new RunRecord.EpochLoss(e, 2, 2, 1, 100));
        }, "writer");
        writer.start();
        writer.join();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "5000".equals(fx(shown::getText)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !fx(ticker::isRunning));
        long frames = fx(ticker::frames) - before;
        assertTrue(frames >= 1 && frames < 100, frames + " frames for 5000 changes");
    }

    @Test
    void beforeStartRequestsWaitForTheFirstFrame() throws Exception {
        FrameTicker fresh = new FrameTicker();
        AtomicInteger runs = new AtomicInteger();
        fx(() -> {
            fresh.add(runs::incrementAndGet);
            fresh.requestFrame();
            return null;
        });
        Thread.sleep(200);
        assertEquals(0, runs.get(), "not started: nothing runs by itself");
        assertFalse(fx(fresh::isRunning));
        fx(() -> {
            fresh.start();
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runs.get() == 1 && !fx(fresh::isRunning));
        fx(() -> {
            fresh.stop();
            return null;
        });
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }
}
