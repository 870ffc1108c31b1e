package org.qkvlens.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint reaches the disk only after every snapshot handed to the store before it (the kill harness once lost
 * four snapshots: the checkpoint was committed on the training thread while they still waited in the store's queue,
 * and the resume went on past them), and it holds the arrays as they were when handed over.
 */
class CheckpointOrderTest {
    @TempDir
    Path dir;

    @Test
    void checkpointWaitsForTheSnapshotsBeforeIt() throws Exception {
        Path run = dir.resolve("run");
        RunStore store = RunStore.create(run, Map.of(), new TensorCache(0));
        CountDownLatch slowDisk = new CountDownLatch(1), writing = new CountDownLatch(1);
        store.writeLater(1, () -> {                 // a snapshot still being written
            writing.countDown();
            try {
                slowDisk.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        float[] params = {1, 2, 3}, m = {4, 5, 6}, v = {7, 8, 9};
        store.checkpoint(new TrainingCheckpoint(2, 40, 40, params, m, v));
        params[0] = 99;                             // training goes on
        Thread.sleep(200);
        assertNull(TrainingCheckpoint.latest(run), "the checkpoint overtook the snapshot before it");
        slowDisk.countDown();
        store.awaitSync();
        TrainingCheckpoint c = TrainingCheckpoint.latest(run);
        assertNotNull(c);
        assertArrayEquals(new float[] {1, 2, 3}, c.params());
        assertArrayEquals(new float[] {7, 8, 9}, c.secondMoments());
    }
}
