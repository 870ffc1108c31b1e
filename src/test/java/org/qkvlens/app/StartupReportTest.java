package org.qkvlens.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.session.RunRecord;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The start-up report the installer figures come from: one line at the first frame (not relaunched, in this test's
 * JVM), one at the first epoch's loss and nothing for later epochs, and the "after the first epoch" action run once.
 * Headless (Monocle).
 */
@ExtendWith(ApplicationExtension.class)
class StartupReportTest {
    @Test
    void printsTheFirstFrameAndTheFirstEpochOnce() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicInteger quits = new AtomicInteger();
        LiveRun live = new LiveRun();
        FxTesting.fx(() -> {
            StartupReport.start(live, out, quits::incrementAndGet);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> bytes.toString(StandardCharsets.UTF_8).contains("first frame"));
        assertEquals(0, quits.get(), "nothing ends before the first epoch");

        FxTesting.fx(() -> {
            live.addLoss(new RunRecord.EpochLoss(1, 3.5, 3.6, 0.4, 1000));
            live.poll();
            live.addLoss(new RunRecord.EpochLoss(2, 3.0, 3.1, 0.4, 1000));
            live.poll();
            return null;
        });
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[0].matches("startup: first frame \\d+ ms after process start \\(relaunched: no\\)"), lines[0]);
        assertTrue(lines[1].matches("startup: first epoch \\d+ ms after process start"), lines[1]);
        assertEquals(1, quits.get());
    }
}
