package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.engine.Trainer;
import org.qkvlens.store.TensorCache;
import org.qkvlens.store.TrainingCheckpoint;

/**
 * A run that goes on from its checkpoint is the run that never stopped, bit for bit: 6 epochs straight against 3 +
 * resume + 3, and against 6 epochs cancelled in the middle of epoch 4 and resumed (from the step it stopped at: a
 * stop commits a checkpoint there). Weights, Adam's state, losses and every snapshot array are compared exactly.
 */
class ResumeTest {
    @TempDir
    Path dir;

    @Test
    void threePlusThreeIsSix() throws IOException {
        Path straight = dir.resolve("straight"), split = dir.resolve("split");
        float[] want = train(6, straight, null);
        train(3, split, null);
        TrainingCheckpoint three = TrainingCheckpoint.latest(split);
        assertEquals(3, three.epoch());
        float[] got = train(6, split, split);
        assertArrayEquals(want, got);
        assertSameRun(straight, split);
        assertEquals(6, TrainingCheckpoint.latest(split).epoch());
        assertEquals(1, Files.list(split.resolve(TrainingCheckpoint.DIR)).count(), "older checkpoints are deleted");
    }

    @Test
    void cancelledMidEpochAndResumedIsTheSame() throws Exception {
        Path straight = dir.resolve("straight"), cut = dir.resolve("cut");
        float[] want = train(6, straight, null);
        try (TrainingSession s = new TrainingSession(ArticleRuns.setup(6, 1234, 1, true))) {
            s.storeIn(cut, new TensorCache(0));
            s.addListener(new TrainingSession.Listener() {
                @Override
                public void onStep(Trainer.StepProgress p) {
                    if (p.epoch() == 4 && p.step() == 2) s.cancel();
                }
            });
            assertEquals(TrainingSession.State.CANCELLED, s.run());
        }
        assertEquals(3, TrainingCheckpoint.latest(cut).epoch());
        assertEquals(2, TrainingCheckpoint.latest(cut).stepInEpoch(), "stopping commits a checkpoint at the step it stopped");
        assertArrayEquals(want, train(6, cut, cut));
        assertSameRun(straight, cut);
    }

    @Test
    void cancelledAfterAMidEpochCheckpointGoesOnFromThatStep() throws Exception {
        Path straight = dir.resolve("straight"), cut = dir.resolve("mid");
        float[] want = train(4, straight, null);
        try (TrainingSession s = new TrainingSession(ArticleRuns.setup(4, 1234, 1, true))) {
            s.storeIn(cut, new TensorCache(0));
            s.checkpointEvery(2);
            s.addListener(new TrainingSession.Listener() {
                @Override
                public void onStep(Trainer.StepProgress p) {
                    if (p.epoch() == 3 && p.step() == 4) s.cancel();      // after the checkpoint at its step 3 or 4
                }
            });
            assertEquals(TrainingSession.State.CANCELLED, s.run());
        }
        TrainingCheckpoint mid = TrainingCheckpoint.latest(cut);
        assertEquals(2, mid.epoch(), "two epochs done");
        assertTrue(mid.stepInEpoch() > 0, "a checkpoint in the middle of epoch 3");
        assertArrayEquals(want, train(4, cut, cut));
        assertSameRun(straight, cut);
    }

    @Test
    void aRunWithoutACheckpointStartsAgainAndAnotherCorpusIsRefused() throws IOException {
        Path empty = dir.resolve("early");
        try (TrainingSession s = new TrainingSession(ArticleRuns.setup(2, 1234, 1, true))) {
            s.storeIn(empty, new TensorCache(0));   // never run: no checkpoint, only run.json
        }
        assertNull(TrainingCheckpoint.latest(empty));
        float[] want = train(2, dir.resolve("fresh"), null);
        assertArrayEquals(want, train(2, empty, empty));
        assertSameRun(dir.resolve("fresh"), empty);

        Path other = dir.resolve("other");
        train(1, other, null);
        try (TrainingSession s = new TrainingSession(otherVocabulary())) {
            BadInputException e = assertThrows(BadInputException.class, () -> s.resumeFrom(other, new TensorCache(0)));
            assertTrue(e.getMessage().contains("other vocabularies"), e.getMessage());
        }
    }

    /** The article run on its first 10 pairs: as if the corpus had changed. */
    private static RunSetup otherVocabulary() {
        RunSetup a = ArticleRuns.setup(1, 1234, 1, true);
        var pairs = org.qkvlens.data.CorpusReader.readPairs(Path.of("sample-sentences/eng_de.csv")).subList(0, 10);
        var data = org.qkvlens.data.Dataset.build(pairs, pairs, org.qkvlens.data.TokenizerKind.WORDS, 1,
                org.qkvlens.engine.Preset.DEFAULT_MAX_LENGTH);
        return new RunSetup(a.preset(), a.model().withVocab(data.srcVocab().size(), data.trgVocab().size()), a.train(),
                a.order(), data, a.corpus(), a.probes(), 0);
    }

    /** Trains {@code epochs} epochs into {@code runDir}, going on from {@code resume} when given; returns the weights. */
    private static float[] train(int epochs, Path runDir, Path resume) {
        try (TrainingSession s = new TrainingSession(ArticleRuns.setup(epochs, 1234, 1, true))) {
            if (resume != null) s.resumeFrom(resume, new TensorCache(0));
            else s.storeIn(runDir, new TensorCache(0));
            assertEquals(TrainingSession.State.FINISHED, s.run());
            return s.model().params.clone();
        }
    }

    private static void assertSameRun(Path a, Path b) {
        SameRun.assertSame(a, b);
    }
}
