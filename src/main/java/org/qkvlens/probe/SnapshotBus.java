package org.qkvlens.probe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands each {@link Snapshot} to any number of subscribers, each on its own thread and in publication order.
 * {@link #publish} never blocks: a subscriber that is slow only lets its own queue grow, and training goes on.
 * Keeps every snapshot published so far, so a late subscriber can catch up with {@link #history()}.
 */
public final class SnapshotBus implements AutoCloseable {

    /** A live subscription; close it to stop receiving. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private static final Snapshot POISON = new Snapshot(0, 0, false, 0, 0, List.of());

    private final List<Snapshot> history = new CopyOnWriteArrayList<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    /** {@code consumer} receives every snapshot published from now on, on a thread of its own. */
    public Subscription subscribe(String name, Consumer<Snapshot> consumer) {
        Subscriber s = new Subscriber(consumer);
        subscribers.add(s);
        s.thread = Thread.ofVirtual().name("snapshots-" + name).start(s);
        return () -> {
            subscribers.remove(s);
            s.queue.add(POISON);
        };
    }

    public void publish(Snapshot snapshot) {
        history.add(snapshot);
        for (Subscriber s : subscribers) {
            s.queued.incrementAndGet();
            s.queue.add(snapshot);
        }
    }

    /** Every snapshot published so far, oldest first. */
    public List<Snapshot> history() {
        return List.copyOf(history);
    }

    /** Waits until every subscriber has consumed what was published so far (for tests and orderly shutdown). */
    public void drain() throws InterruptedException {
        for (Subscriber s : subscribers) {
            while (s.consumed.get() < s.queued.get()) Thread.sleep(1);
        }
    }

    @Override
    public void close() {
        for (Subscriber s : subscribers) s.queue.add(POISON);
        subscribers.clear();
    }

    private static final class Subscriber implements Runnable {
        final LinkedBlockingQueue<Snapshot> queue = new LinkedBlockingQueue<>();
        final Consumer<Snapshot> consumer;
        final AtomicLong queued = new AtomicLong();
        final AtomicLong consumed = new AtomicLong();
        Thread thread;

        Subscriber(Consumer<Snapshot> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Snapshot s = queue.take();
                    if (s == POISON) return;
                    try {
                        consumer.accept(s);
                    } catch (RuntimeException e) {
                        Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
                    } finally {
                        consumed.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
