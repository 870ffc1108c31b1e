package org.qkvlens.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Snapshots reach every subscriber, in order, on its own thread; a slow or failing subscriber holds up no one. */
class SnapshotBusTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static List<Snapshot> snapshots(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(e -> new Snapshot(e, 5L * e, true, 1.0 / e, Double.NaN, List.of()))
                .toList();
    }

    @Test
    void slowSubscriberDoesNotSlowPublishingAndEveryoneGetsEverythingInOrder() {
        List<Snapshot> published = snapshots(10);
        List<Snapshot> slow = new CopyOnWriteArrayList<>(), fast = new CopyOnWriteArrayList<>();
        try (SnapshotBus bus = new SnapshotBus()) {
            bus.subscribe("slow", s -> {
                sleep(500);
                slow.add(s);
            });
            bus.subscribe("fast", fast::add);

            long t0 = System.nanoTime();
            published.forEach(bus::publish);
            double ms = (System.nanoTime() - t0) / 1e6;

            assertTrue(ms < 1000, "publishing 10 snapshots took " + ms + " ms");
            assertEquals(published, bus.history());
            assertTimeoutPreemptively(PATIENCE, bus::drain);
            assertEquals(published, fast);
            assertEquals(published, slow);
        }
    }

    @Test
    void fastSubscriberIsNotHeldBackByASlowOne() throws InterruptedException {
        List<Snapshot> published = snapshots(10);
        List<Snapshot> slow = new CopyOnWriteArrayList<>(), fast = new CopyOnWriteArrayList<>();
        try (SnapshotBus bus = new SnapshotBus()) {
            bus.subscribe("slow", s -> {
                sleep(500);
                slow.add(s);
            });
            bus.subscribe("fast", fast::add);
            published.forEach(bus::publish);

            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (fast.size() < 10 && System.nanoTime() < deadline) Thread.sleep(1);
            assertEquals(published, fast);
            assertTrue(slow.size() < 10, "the slow subscriber is still working (" + slow.size() + " done)");
        }
    }

    @Test
    void throwingSubscriberDoesNotAffectOthers() {
        List<Snapshot> published = snapshots(10);
        List<Snapshot> received = new CopyOnWriteArrayList<>();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler old = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> reported.add(e));   // keeps the build log quiet
        try (SnapshotBus bus = new SnapshotBus()) {
            bus.subscribe("broken", s -> {
                throw new IllegalStateException("broken subscriber, epoch " + s.epoch());
            });
            bus.subscribe("good", received::add);
            published.forEach(bus::publish);

            assertTimeoutPreemptively(PATIENCE, bus::drain);
            assertEquals(published, received);
            assertEquals(10, reported.size(), "each failure is reported, and the broken subscriber keeps being called");
            assertEquals(published, bus.history());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(old);
        }
    }

    @Test
    void lateSubscriberCatchesUpFromHistoryAndClosedSubscriptionStopsReceiving() {
        List<Snapshot> published = snapshots(4);
        List<Snapshot> received = new CopyOnWriteArrayList<>();
        try (SnapshotBus bus = new SnapshotBus()) {
            bus.publish(published.get(0));
            SnapshotBus.Subscription sub = bus.subscribe("late", received::add);
            bus.publish(published.get(1));
            assertTimeoutPreemptively(PATIENCE, bus::drain);
            sub.close();
            bus.publish(published.get(2));
            bus.publish(published.get(3));
            assertTimeoutPreemptively(PATIENCE, bus::drain);

            assertEquals(published, bus.history());
            assertEquals(List.of(published.get(1)), received);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
