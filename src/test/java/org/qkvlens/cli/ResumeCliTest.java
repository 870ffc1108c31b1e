package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.session.RunDirectory;
import org.qkvlens.session.RunRecord;
import org.qkvlens.store.TensorCache;
import org.qkvlens.store.TrainingCheckpoint;

/**
 * {@code train --resume DIR} goes on with the options the run was started with: 4 epochs straight equal 2 + resume to
 * 4, weights and snapshots; resuming a finished run trains nothing and ends well; a corpus changed since is refused
 * naming the file; a directory that is no run is one line.
 */
class ResumeCliTest {
    @TempDir
    Path dir;

    @Test
    void twoPlusTwoIsFourAndAChangedCorpusIsRefused() throws Exception {
        Path corpus = dir.resolve("eng_de.csv");
        Files.copy(Path.of("sample-sentences/eng_de.csv"), corpus);
        Files.copy(Path.of("sample-sentences/probes.txt"), dir.resolve("probes.txt"));
        Path straight = dir.resolve("straight"), split = dir.resolve("split");
        CliRun a = CliRun.of("train", "--quiet", "--corpus", corpus.toString(), "--epochs", "4", "--seed", "7", "--run", straight.toString());
        assertEquals(0, a.status(), a.err());
        CliRun b = CliRun.of("train", "--quiet", "--corpus", corpus.toString(), "--epochs", "2", "--seed", "7", "--run", split.toString());
        assertEquals(0, b.status(), b.err());
        CliRun c = CliRun.of("train", "--quiet", "--resume", split.toString(), "--epochs", "4");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("from its checkpoint after epoch 2"), c.out());
        assertArrayEquals(TrainingCheckpoint.latest(straight).params(), TrainingCheckpoint.latest(split).params());
        RunRecord x = RunDirectory.read(straight, new TensorCache(0)), y = RunDirectory.read(split, new TensorCache(0));
        assertEquals(x.snapshots().size(), y.snapshots().size());
        for (int s = 0; s < x.snapshots().size(); s++) {
            var px = x.snapshots().get(s).probes(); var py = y.snapshots().get(s).probes();
            for (int p = 0; p < px.size(); p++) {
                for (var k : px.get(p).arrays().keySet()) {
                    assertArrayEquals(px.get(p).array(k).data(), py.get(p).array(k).data(), k.id());
                }
            }
        }

        CliRun done = CliRun.of("train", "--quiet", "--resume", split.toString());   // finished: nothing left to train
        assertEquals(0, done.status(), done.err());
        assertTrue(done.out().contains("from its checkpoint after epoch 4"), done.out());

        Files.writeString(corpus, Files.readString(corpus) + "we eat,wir essen\n");
        CliRun changed = CliRun.of("train", "--quiet", "--resume", split.toString(), "--epochs", "5");
        CliBadInputTest.assertBadInput(changed, corpus.toAbsolutePath().normalize().toString(), "has changed since the run started");
        CliBadInputTest.assertBadInput(CliRun.of("train", "--resume", dir.toString()), "no command.json");
    }
}
