package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Parallel}: every index visited exactly once in chunks that start on a grain boundary, failures in any chunk
 * reach the caller and leave the pool usable, small ranges stay on the calling thread. Timeouts turn a hang (a lost
 * worker, a pending count that never reaches zero) into a failure.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ParallelTest {

    @Test
    void everyIndexIsVisitedExactlyOnceInGrainAlignedChunks() {
        int[] ns = {1, 2, 3, 7, 8, 64, 100, 1000, 1023};
        int[] grains = {1, 2, 3, 4, 16, 1000, 5000};
        for (int threads : new int[] {1, 2, 3, 5}) {
            try (Parallel parallel = new Parallel(threads)) {
                assertEquals(threads, parallel.threads());
                for (int n : ns) {
                    for (int grain : grains) {
                        String what = "n=" + n + " grain=" + grain + " threads=" + threads;
                        AtomicIntegerArray visits = new AtomicIntegerArray(n);
                        List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
                        parallel.forRange(n, grain, (s, e) -> {
                            chunks.add(new int[] {s, e});
                            for (int i = s; i < e; i++) visits.incrementAndGet(i);
                        });
                        for (int i = 0; i < n; i++) assertEquals(1, visits.get(i), what + ": index " + i);
                        assertTrue(chunks.size() <= threads, what + ": " + chunks.size() + " chunks");
                        for (int[] ch : chunks) {
                            assertTrue(ch[0] < ch[1], what + ": empty chunk");
                            assertEquals(0, ch[0] % grain, what + ": chunk starts at " + ch[0]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void anEmptyRangeRunsNothing() {
        try (Parallel parallel = new Parallel(3)) {
            parallel.forRange(0, 4, (s, e) -> {
                throw new AssertionError("ran [" + s + ", " + e + ")");
            });
        }
    }

    @Test
    void aFailureInAWorkerReachesTheCallerAndThePoolStaysUsable() {
        try (Parallel parallel = new Parallel(3)) {
            for (int round = 0; round < 3; round++) {
                IllegalStateException boom = new IllegalStateException("worker failed");
                // Chunks of 10: the caller runs [0, 10), workers [10, 20) and [20, 30); only the last one fails.
                IllegalStateException thrown = assertThrows(IllegalStateException.class,
                        () -> parallel.forRange(30, 10, (s, e) -> {
                            if (s == 20) throw boom;
                        }));
                assertSame(boom, thrown);
                assertVisitsAll(parallel, 30, 10);
            }
        }
    }

    @Test
    void anErrorInAWorkerIsRethrownAsItself() {
        try (Parallel parallel = new Parallel(2)) {
            assertThrows(WorkerError.class, () -> parallel.forRange(8, 4, (s, e) -> {
                if (s > 0) throw new WorkerError();
            }));
            assertVisitsAll(parallel, 8, 4);
        }
    }

    @Test
    void aFailureOnTheCallingThreadWaitsForWorkersAndLeavesThePoolUsable() {
        try (Parallel parallel = new Parallel(3)) {
            AtomicIntegerArray visits = new AtomicIntegerArray(30);
            assertThrows(IllegalArgumentException.class, () -> parallel.forRange(30, 10, (s, e) -> {
                if (s == 0) throw new IllegalArgumentException("caller failed");
                sleep(50);  // still working when the caller fails: forRange must wait for it
                for (int i = s; i < e; i++) visits.incrementAndGet(i);
            }));
            for (int i = 10; i < 30; i++) assertEquals(1, visits.get(i), "worker index " + i + " finished");
            assertVisitsAll(parallel, 30, 10);
        }
    }

    @Test
    void whenEveryChunkFailsTheNextCallIsNotHauntedByAStaleWorkerFailure() {
        try (Parallel parallel = new Parallel(3)) {
            assertThrows(RuntimeException.class, () -> parallel.forRange(30, 10, (s, e) -> {
                throw new IllegalStateException("chunk " + s + " failed");
            }));
            assertVisitsAll(parallel, 30, 10);
            assertVisitsAll(parallel, 3, 10);
            assertVisitsAll(parallel, 30, 10);
        }
    }

    @Test
    void rangesOfAtMostOneGrainRunOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        try (Parallel parallel = new Parallel(3)) {
            for (int n : new int[] {1, 5, 16}) {
                List<Thread> ran = Collections.synchronizedList(new ArrayList<>());
                parallel.forRange(n, 16, (s, e) -> {
                    assertEquals(0, s);
                    assertEquals(n, e);
                    ran.add(Thread.currentThread());
                });
                assertEquals(List.of(caller), ran, "n=" + n);
            }
            // One more than a grain: now the workers take part.
            List<Thread> ran = Collections.synchronizedList(new ArrayList<>());
            parallel.forRange(17, 16, (s, e) -> ran.add(Thread.currentThread()));
            assertEquals(2, ran.size());
            assertTrue(ran.contains(caller), "the caller takes the first chunk");
        }
    }

    @Test
    void aClosedPoolRefusesWorkInsteadOfHanging() {
        Parallel parallel = new Parallel(3);
        parallel.close();
        assertThrows(IllegalStateException.class, () -> parallel.forRange(30, 10, (s, e) -> { }));
    }

    @Test
    void rejectsFewerThanOneThread() {
        assertThrows(IllegalArgumentException.class, () -> new Parallel(0));
    }

    /** An {@link Error}, not an exception: forRange must rethrow it unwrapped. */
    private static final class WorkerError extends Error {
    }

    private static void assertVisitsAll(Parallel parallel, int n, int grain) {
        AtomicIntegerArray visits = new AtomicIntegerArray(n);
        parallel.forRange(n, grain, (s, e) -> {
            for (int i = s; i < e; i++) visits.incrementAndGet(i);
        });
        for (int i = 0; i < n; i++) assertEquals(1, visits.get(i), "after a failure, index " + i);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
