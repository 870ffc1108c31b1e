package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.data.TestFiles;
import org.qkvlens.engine.Preset;
import org.qkvlens.session.RunRequest;
import org.qkvlens.session.TrainingSession;

/**
 * Where the app's runs go: a temporary directory per run, deleted only when released (its session closed and nothing
 * on screen shows it) or at shutdown, never when the next run merely starts; kept runs are named by time and preset.
 */
class RunDirectoriesTest {
    @TempDir
    Path dir;

    private TrainingSession session() {
        Path corpus = TestFiles.write(dir, "tiny.csv", TestFiles.TINY_CORPUS);
        return new TrainingSession(RunRequest.of(Preset.ARTICLE).setup("tiny", CorpusReader.readPairs(corpus), null, List.of()));
    }

    @Test
    void aTemporaryRunStaysUntilReleased() throws IOException {
        RunDirectories runs = new RunDirectories(null);
        try (TrainingSession a = session(); TrainingSession b = session()) {
            Path first = runs.attach(a);
            Path second = runs.attach(b);      // a new run starts: the first may still be writing or on screen
            assertTrue(Files.isRegularFile(first.resolve("run.json")));
            assertTrue(Files.isRegularFile(second.resolve("run.json")));
            runs.release(first);
            assertFalse(Files.exists(first));
            assertTrue(Files.exists(second));
            runs.deleteTemporary();
            assertFalse(Files.exists(second));
        }
    }

    @Test
    void keptRunsAreNamedAndNeverDeleted() throws IOException {
        RunDirectories runs = new RunDirectories(dir.resolve("runs"));
        try (TrainingSession a = session(); TrainingSession b = session()) {
            Path first = runs.attach(a);
            Path second = runs.attach(b);
            assertTrue(first.getFileName().toString().endsWith("-article"), first.toString());
            assertTrue(!first.equals(second));
            runs.release(first);
            runs.deleteTemporary();
            assertTrue(Files.exists(first) && Files.exists(second));
            try (var s = Files.list(dir.resolve("runs"))) {
                assertEquals(2, s.count());
            }
        }
    }
}
