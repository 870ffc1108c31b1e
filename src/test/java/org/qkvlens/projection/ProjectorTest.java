package org.qkvlens.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What every method shares: cancellation, progress, input checks, keys kept in order. */
class ProjectorTest {
    private final Projector projector = new Projector();

    /** Cancels after a delay and records when. */
    static final class Cancel implements Progress {
        final AtomicLong cancelledAt = new AtomicLong();
        volatile double last;
        volatile boolean monotone = true;

        @Override
        public void report(double fraction) {
            if (fraction < last || fraction > 1) monotone = false;
            last = fraction;
        }

        @Override
        public boolean cancelled() {
            return cancelledAt.get() != 0;
        }
    }

    @Test
    void stopsSoonAfterCancelInEveryMethodAndPhase() throws Exception {
        List<Point> points = TestPoints.clusters(2000, 64, 4, 2, 1, 0);
        projector.project(points.subList(0, 50), Method.PCA, 2, null, null); // native code loaded before timing
        List<Point> many = repeat(points, 5); // PCA is fast: give it 10,000 points
        for (Method method : Method.values()) {
            List<Point> input = method == Method.PCA ? many : points;
            for (long delayMs : new long[] {5, 300}) {
                Cancel progress = new Cancel();
                Thread canceller = Thread.ofPlatform().start(() -> {
                    try {
                        Thread.sleep(delayMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                    progress.cancelledAt.set(System.nanoTime());
                });
                try {
                    projector.project(input, method, 2, null, progress);
                    if (method != Method.PCA) fail(method + " finished before a cancel after " + delayMs + " ms");
                } catch (CancellationException expected) {
                    double ms = (System.nanoTime() - progress.cancelledAt.get()) / 1e6;
                    System.out.printf("%s cancelled after %d ms: stopped %.1f ms later%n", method, delayMs, ms);
                    assertTrue(ms < 150, method + " took " + ms + " ms to stop"); // goal 50 ms; slack for a loaded machine
                }
                canceller.join();
            }
        }
    }

    @Test
    void reportsProgressUpToOne() {
        for (Method method : Method.values()) {
            Cancel progress = new Cancel();
            projector.project(TestPoints.clusters(100, 8, 2, 2, 2, 0), method, 2, null, progress);
            assertTrue(progress.monotone, method.toString());
            assertEquals(1, progress.last, method.toString());
        }
    }

    @Test
    void keepsKeysInOrderAndHonoursDims() {
        List<Point> points = TestPoints.clusters(30, 4, 2, 2, 3, 0);
        for (Method method : Method.values()) {
            Layout l = projector.project(points, method, 3, null, null);
            assertEquals(method, l.method());
            assertEquals(3, l.dims());
            for (int i = 0; i < points.size(); i++) {
                assertEquals(points.get(i).key(), l.keys().get(i));
                assertEquals(3, l.coords()[i].length);
            }
            assertEquals(0, projector.project(List.of(), method, 3, null, null).coords().length);
        }
    }

    @Test
    void ignoresAPreviousLayoutOfAnotherMethodOrDims() {
        List<Point> points = TestPoints.clusters(60, 8, 3, 2, 4, 0);
        Layout pca3 = projector.project(points, Method.PCA, 3, null, null);
        Layout fresh = projector.project(points, Method.TSNE, 2, null, null);
        Layout withForeign = projector.project(points, Method.TSNE, 2, pca3, null);
        for (int i = 0; i < points.size(); i++) assertTrue(java.util.Arrays.equals(fresh.coords()[i], withForeign.coords()[i]));
    }

    @Test
    void rejectsBadInput() {
        List<Point> points = new ArrayList<>(TestPoints.clusters(10, 4, 2, 2, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> projector.project(points, Method.PCA, 4, null, null));
        List<Point> duplicate = new ArrayList<>(points);
        duplicate.add(points.get(3));
        assertThrows(IllegalArgumentException.class, () -> projector.project(duplicate, Method.PCA, 2, null, null));
        List<Point> ragged = new ArrayList<>(points);
        ragged.add(PcaTest.point(99, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> projector.project(ragged, Method.PCA, 2, null, null));
        List<Point> nan = new ArrayList<>(points);
        nan.add(PcaTest.point(98, 1, Float.NaN, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> projector.project(nan, Method.UMAP, 2, null, null));
    }

    private static List<Point> repeat(List<Point> points, int times) {
        List<Point> out = new ArrayList<>();
        for (int s = 0; s < times; s++) out.addAll(TestPoints.nextSnapshot(points, s, 0.1, s));
        return out;
    }
}
