package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qkvlens.data.BadInputException;
import org.qkvlens.engine.Trainer;
import org.qkvlens.session.RunRecipe;
import org.qkvlens.session.SameRun;
import org.qkvlens.session.TrainingSession;
import org.qkvlens.store.RunActivity;
import org.qkvlens.store.TrainingCheckpoint;

/**
 * The app's runs outlive the app: a run the app started, stopped after 2 of 4 epochs or cut off mid-epoch by the app
 * closing, and continued from the Runs list, is the run trained straight through — checkpoint, losses and every
 * snapshot array bit for bit — because the run directory holds its recipe (request, corpus copy, probes). The list
 * tells interrupted from stopped and finished runs, counts their bytes, and deletes all but the run being trained.
 */
class RunContinueTest {
    @RegisterExtension
    final RunsFolder runs = new RunsFolder();

    private RunModel model(int epochs) {
        return runs.model(epochs, "we eat apple", "apple eat we");
    }

    /** Starts {@code run}, waits for its session to end; returns its run directory. */
    private static Path trainToEnd(RunModel run) throws InterruptedException {
        run.start();
        TrainingSession s = run.session();
        s.await();
        Path d = s.store().dir();
        run.stop();
        return d;
    }

    @Test
    void stoppedAfterTwoEpochsAndContinuedToFourIsTheStraightRun() throws Exception {
        Path straight = trainToEnd(model(4));
        Path split = trainToEnd(model(2));
        assertEquals(2, TrainingCheckpoint.latest(split).epoch());
        Files.delete(runs.scratch().resolve("tiny.csv"));          // the run trains on its own copy of the corpus

        RunModel again = new RunModel(Background.direct(), new LiveRun());
        again.continueRun(split, 4);
        assertNotNull(again.session(), again.messageProperty().get());
        again.session().await();
        again.stop();
        SameRun.assertSame(straight, split);
        assertEquals(4, again.epochsProperty().get(), "the panel shows the run's own set-up");
        assertEquals(List.of("we eat apple", "apple eat we"), List.copyOf(again.probeLines()));

        List<RunsModel.Entry> listed = RunsModel.scan(runs.folder());
        assertEquals(2, listed.size());
        for (RunsModel.Entry e : listed) {
            assertEquals("finished", e.state(), e.name());
            assertEquals(4, e.epochsDone());
            assertTrue(e.canContinue());
            assertEquals(org.qkvlens.store.RunStore.bytesOnDisk(e.dir()), e.bytes());
            assertTrue(e.bytes() > 10_000, e.bytes() + " bytes");
        }
    }

    @Test
    void cutOffByTheAppClosingIsListedAsInterruptedAndGoesOnExactly() throws Exception {
        Path straight = trainToEnd(model(3));
        RunModel closing = model(3);
        closing.start();
        TrainingSession s = closing.session();
        java.util.concurrent.CountDownLatch midway = new java.util.concurrent.CountDownLatch(1);
        s.addListener(new TrainingSession.Listener() {
            @Override
            public void onStep(Trainer.StepProgress p) {
                if (p.epoch() == 2 && p.step() == 1) midway.countDown();
            }
        });
        assertTrue(midway.await(60, java.util.concurrent.TimeUnit.SECONDS));
        Path cut = s.store().dir();
        closing.stopForShutdown();                       // what the window's close does

        RunActivity.Status st = RunActivity.status(cut);
        assertTrue(st.interrupted(), st.toString());
        TrainingCheckpoint.Progress p = TrainingCheckpoint.latestProgress(cut);
        assertTrue(p.epoch() == 1 && p.stepInEpoch() >= 1 || p.epoch() >= 2, "a checkpoint where it stopped: " + p);
        List<RunsModel.Entry> interrupted = RunsModel.interrupted(RunsModel.scan(runs.folder()));
        assertEquals(List.of(cut), interrupted.stream().map(RunsModel.Entry::dir).toList());
        assertEquals("interrupted", interrupted.getFirst().state());

        RunModel again = new RunModel(Background.direct(), new LiveRun());
        again.continueRun(cut, 3);
        again.session().await();
        assertFalse(RunActivity.status(cut).inUse(), "a finished run is free, though its session is still on screen");
        again.stop();
        SameRun.assertSame(straight, cut);
        assertFalse(RunActivity.status(cut).interrupted());
    }

    @Test
    void aRunBeingTrainedIsNeitherContinuedTwiceNorDeleted() throws Exception {
        RunModel run = model(200);
        run.start();
        run.pause();                                     // holds the run while the test looks
        Path d = run.session().store().dir();
        try {
            assertTrue(RunActivity.status(d).inUse());
            assertThrows(BadInputException.class, () -> RunActivity.claim(d));
            RunsModel.Entry e = RunsModel.scan(runs.folder()).getFirst();
            assertEquals("training now", e.state());
            assertFalse(e.canContinue());
            RunsModel runs = new RunsModel(Background.direct(), run);
            runs.delete(List.of(e));
            assertTrue(Files.isDirectory(d), "a run being trained is kept");
            assertTrue(runs.messageProperty().get().contains("kept"), runs.messageProperty().get());
        } finally {
            run.stop();
        }
    }

    @Test
    void aChangedCorpusCopyIsRefusedByName() throws Exception {
        Path d = trainToEnd(model(1));
        Path copy;
        try (var s = Files.list(d.resolve("corpus").resolve("pairs"))) {
            copy = s.findFirst().orElseThrow();
        }
        Files.writeString(copy, Files.readString(copy).replace("apple", "pear"));
        BadInputException e = assertThrows(BadInputException.class, () -> RunRecipe.read(d));
        assertTrue(e.getMessage().contains(copy.toString()) && e.getMessage().contains("changed"), e.getMessage());
        RunModel again = new RunModel(Background.direct(), new LiveRun());
        again.continueRun(d, 2);
        assertEquals(null, again.session());
        assertTrue(again.messageProperty().get().contains("has changed"), again.messageProperty().get());
    }

    @Test
    void continuingRightAfterStopWaitsForTheStoppedSessionToLetGo() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        // the run model is FX-thread only: one thread stands for it, for the test's calls and the callbacks alike
        java.util.concurrent.ExecutorService fx = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            RunModel run = onFx(fx, () -> {
                RunModel m = new RunModel(Background.using(pool, fx::execute), new LiveRun());
                m.chooseCorpus(CorpusChoice.pairs(org.qkvlens.data.TestFiles.write(runs.scratch(), "tiny.csv",
                        org.qkvlens.data.TestFiles.TINY_CORPUS)));
                m.probeLines().setAll("we eat apple");
                m.threadsProperty().set(1);
                m.epochsProperty().set(1000);
                m.start();
                return m;
            });
            TrainingSession first = waitFor(fx, run, null);
            java.util.concurrent.CountDownLatch going = new java.util.concurrent.CountDownLatch(1);
            first.addListener(new TrainingSession.Listener() {
                @Override
                public void onStep(Trainer.StepProgress p) {
                    going.countDown();
                }
            });
            assertTrue(going.await(60, java.util.concurrent.TimeUnit.SECONDS));
            Path d = first.store().dir();
            onFx(fx, () -> {
                run.continueRun(d, 1000);                 // stops the run and goes on with it at once
                return null;
            });
            TrainingSession second = waitFor(fx, run, first);
            assertEquals(d, second.store().dir(), onFx(fx, () -> run.messageProperty().get()));
            assertTrue(RunActivity.status(d).inUse());
            onFx(fx, () -> {
                run.stop();
                return null;
            });
            second.await();
            first.await();
            onFx(fx, () -> null);                         // what the stop handed back has run
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
            fx.shutdown();
            assertTrue(fx.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    private static <T> T onFx(java.util.concurrent.ExecutorService fx, java.util.concurrent.Callable<T> c) throws Exception {
        return fx.submit(c).get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The model's session once it is another than {@code not}, read on the model's thread. */
    private static TrainingSession waitFor(java.util.concurrent.ExecutorService fx, RunModel run, TrainingSession not)
            throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            TrainingSession s = onFx(fx, run::session);
            if (s != null && s != not) return s;
            if (onFx(fx, () -> run.statusProperty().get()) == RunModel.Status.FAILED) break;
            Thread.sleep(20);
        }
        throw new AssertionError("no new session: " + onFx(fx, () -> run.messageProperty().get()));
    }

    @Test
    void aDamagedRunIsListedWithWhatCanBeRead() throws Exception {
        trainToEnd(model(1));
        Path broken = trainToEnd(model(1));
        org.qkvlens.store.RunStore.deleteTree(broken.resolve("checkpoints"));
        Files.delete(broken.resolve("losses.jsonl"));
        Files.createDirectory(broken.resolve("losses.jsonl"));   // a directory where a file should be
        Files.writeString(broken.resolve("run.json"), "{\"config\": 7}");
        List<RunsModel.Entry> listed = RunsModel.scan(runs.folder());
        assertEquals(2, listed.size());
        RunsModel.Entry e = listed.stream().filter(x -> x.dir().equals(broken)).findFirst().orElseThrow();
        assertEquals(0, e.epochsDone());
        assertEquals("?", e.preset());
    }
}
