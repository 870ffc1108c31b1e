package org.qkvlens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;

/**
 * The hold on a run directory: one holder at a time; looking at it does not drop it (on Linux closing any descriptor
 * of the lock file would); letting go twice does not drop the next holder's hold; deleting a held run is refused and
 * deletes nothing; state.json tells interrupted from ended runs.
 */
class RunActivityTest {
    @TempDir
    Path dir;

    @Test
    void oneHolderLookingDoesNotDropItAndClosingTwiceIsHarmless() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        RunActivity a = RunActivity.claim(run);
        assertThrows(BadInputException.class, () -> RunActivity.claim(run));
        for (int i = 0; i < 3; i++) assertTrue(RunActivity.status(run).inUse());
        a.close();
        assertFalse(RunActivity.status(run).inUse());
        try (RunActivity b = RunActivity.claim(run)) {
            a.close();                                   // the first holder lets go again, late
            assertTrue(RunActivity.status(run).inUse(), "the second holder still holds it");
            assertThrows(BadInputException.class, () -> RunActivity.claim(run));
            Files.writeString(run.resolve("run.json"), "{}");
            assertThrows(BadInputException.class, () -> RunStore.deleteRun(run));
            assertTrue(Files.exists(run.resolve("run.json")), "nothing deleted while held");
        }
        RunStore.deleteRun(run);
        assertFalse(Files.exists(run));
    }

    @Test
    void stateTellsInterruptedFromEnded() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        assertEquals(RunActivity.Ended.UNKNOWN, RunActivity.status(run).ended());
        try (RunActivity a = RunActivity.claim(run)) {
            a.mark(RunActivity.Ended.TRAINING);
            assertFalse(RunActivity.status(run).interrupted(), "held: training now");
        }
        assertTrue(RunActivity.status(run).interrupted(), "says training, nobody holds it");
        try (RunActivity a = RunActivity.claim(run)) {
            a.mark(RunActivity.Ended.STOPPED);
        }
        assertEquals(RunActivity.Ended.STOPPED, RunActivity.status(run).ended());
        assertFalse(RunActivity.status(run).interrupted());
        Files.writeString(run.resolve(RunActivity.STATE), "{\"state\": 7");
        assertEquals(RunActivity.Ended.UNKNOWN, RunActivity.status(run).ended());
    }
}
