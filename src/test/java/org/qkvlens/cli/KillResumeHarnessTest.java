package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.session.RunDirectory;
import org.qkvlens.session.RunRecord;
import org.qkvlens.store.RunActivity;
import org.qkvlens.store.RunStore;
import org.qkvlens.store.TensorCache;
import org.qkvlens.store.TrainingCheckpoint;

/**
 * kill -9 at any moment loses at most the epoch under way and never leaves a run directory that cannot be opened:
 * training processes ({@code train --run}, then {@code train --resume}; every other run with a checkpoint every 2
 * steps besides those after each epoch, and a snapshot every 3 steps) are killed with SIGKILL after seeded random delays — while the JVM starts, mid-epoch, while a snapshot or a checkpoint is being committed — at least
 * {@value #KILLS} times in all; after every kill the directory must open, and after the last resume the run must equal
 * the uninterrupted one: weights, Adam's moments, losses and every snapshot array, bit for bit.
 */
class KillResumeHarnessTest {
    static final int KILLS = 50;
    private static final int EPOCHS = 6;

    @TempDir
    Path dir;

    @Test
    void killedFiftyTimesAndResumedIsTheUninterruptedRun() throws Exception {
        Path corpus = dir.resolve("eng_de.csv");
        Files.copy(Path.of("sample-sentences/eng_de.csv"), corpus);
        Files.copy(Path.of("sample-sentences/probes.txt"), dir.resolve("probes.txt"));
        List<String> start = List.of("train", "--quiet", "--corpus", corpus.toString(), "--epochs", Integer.toString(EPOCHS),
                "--seed", "11", "--threads", "1", "--snapshot-every", "3");

        ERR = dir.resolve("stderr.txt");
        Path reference = dir.resolve("reference");
        List<String> ref = new ArrayList<>(start);
        ref.addAll(List.of("--run", reference.toString()));
        long t0 = System.nanoTime();
        assertEquals(0, jvm(ref).waitFor(), "the uninterrupted run");
        long runMillis = (System.nanoTime() - t0) / 1_000_000;

        SplittableRandom rng = new SplittableRandom(20261210);
        int kills = 0, runs = 0, resumes = 0, opened = 0;
        while (kills < KILLS) {
            Path run = dir.resolve("run" + runs++);
            List<String> first = new ArrayList<>(start);
            first.addAll(List.of("--run", run.toString()));
            if (runs % 2 == 0) first.addAll(List.of("--checkpoint-every", "2"));   // every other run: mid-epoch checkpoints too
            List<String> cmd = first;
            for (int attempt = 0; ; attempt++) {
                Process p = jvm(cmd);
                boolean killed = attempt < 6 && kills < KILLS;
                if (killed) {
                    long delay = (long) (rng.nextDouble() * runMillis * 1.1);
                    if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly();                              // SIGKILL: no shutdown hook runs
                        p.waitFor();
                        kills++;
                    } else {
                        killed = false;
                        if (p.exitValue() != 0) assertEquals(0, p.exitValue(), "a run that ended by itself: " + cmd + "\n" + err());
                    }
                } else {
                    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the last resume finishes");
                    if (p.exitValue() != 0) assertEquals(0, p.exitValue(), "the last resume: " + cmd + "\n" + err());
                }
                if (Files.exists(run.resolve("run.json"))) {
                    RunDirectory.read(run, new TensorCache(0));          // opens, whatever the moment of the kill
                    assertFalse(RunActivity.status(run).inUse(), run + ": the killed process still holds the run");
                    opened++;
                }
                if (!killed) break;
                if (!Files.exists(run.resolve(CommandRecord.FILE))) {
                    RunStore.deleteTree(run);                             // killed before the run was set up: start it again
                    cmd = first;
                } else {
                    cmd = List.of("train", "--quiet", "--resume", run.toString());
                    resumes++;
                }
            }
            assertSameRun(reference, run);
        }
        System.out.printf("kill harness: %d runs, %d kills, %d resumes, %d directories opened after a kill or the end;"
                + " one uninterrupted run %d ms%n", runs, kills, resumes, opened, runMillis);
        assertTrue(kills >= KILLS);
    }

    private static void assertSameRun(Path want, Path got) {
        TrainingCheckpoint a = TrainingCheckpoint.latest(want), b = TrainingCheckpoint.latest(got);
        assertEquals(EPOCHS, b.epoch(), got + ": trained to the end");
        assertEquals(a.globalStep(), b.globalStep());
        assertArrayEquals(a.params(), b.params(), got + ": weights");
        assertArrayEquals(a.firstMoments(), b.firstMoments(), got + ": Adam m");
        assertArrayEquals(a.secondMoments(), b.secondMoments(), got + ": Adam v");
        RunRecord x = RunDirectory.read(want, new TensorCache(0)), y = RunDirectory.read(got, new TensorCache(0));
        assertEquals(x.losses().size(), y.losses().size(), got + ": loss lines");
        for (int i = 0; i < x.losses().size(); i++) {
            assertEquals(x.losses().get(i).train(), y.losses().get(i).train(), got + ": train loss " + (i + 1));
            assertEquals(x.losses().get(i).valid(), y.losses().get(i).valid(), got + ": valid loss " + (i + 1));
        }
        assertEquals(x.snapshots().size(), y.snapshots().size(), got + ": snapshots");
        for (int s = 0; s < x.snapshots().size(); s++) {
            var px = x.snapshots().get(s).probes();
            var py = y.snapshots().get(s).probes();
            for (int p = 0; p < px.size(); p++) {
                for (var k : px.get(p).arrays().keySet()) {
                    assertArrayEquals(px.get(p).array(k).data(), py.get(p).array(k).data(), got + ": " + k.id());
                }
            }
        }
    }

    private static Path ERR;

    private static String err() {
        try {
            return Files.readString(ERR);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** {@code qkv-lens ARGS} in a JVM of its own (with the Vector API, so it does not relaunch). */
    private static Process jvm(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "org.qkvlens.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ERR.toFile()).start();
    }
}
