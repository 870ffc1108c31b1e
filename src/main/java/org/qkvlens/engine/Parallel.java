package org.qkvlens.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of kernel threads that splits a range of rows into contiguous chunks, one per thread, the caller's
 * own thread taking the first. Every kernel computes each output element entirely inside one chunk with a fixed
 * summation order, so results do not depend on how the range is split: same seed, same numbers, at any thread count.
 * Workers spin briefly for the next job (kernels come back-to-back in a training step), then park.
 * Leaves out work stealing and nesting: a task must not call {@link #forRange} itself.
 */
public final class Parallel implements AutoCloseable {

    /** A body over a half-open range of rows. Implementations are reusable objects, so dispatching allocates nothing. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int start, int end);
    }

    private static final long SPIN_NANOS = 50_000;

    private final int threads;
    private final Worker[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;
    private volatile Throwable failure;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker();
            Thread t = new Thread(workers[i], "qkv-kernel-" + (i + 1));
            t.setDaemon(true);
            workers[i].thread = t;
            t.start();
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over [0, n) split into at most {@link #threads()} chunks whose boundaries are multiples of
     * {@code grain} (the last chunk takes the rest). Ranges of at most one grain run on the calling thread only.
     */
    public void forRange(int n, int grain, RangeTask task) {
        if (closed) throw new IllegalStateException("this Parallel is closed");
        if (n <= 0) return;
        int blocks = (n + grain - 1) / grain;
        int used = Math.min(threads, blocks);
        if (used <= 1) {
            task.run(0, n);
            return;
        }
        int perThread = (blocks + used - 1) / used * grain;
        int jobs = 0;
        for (int w = 1; w < used; w++) {
            int start = w * perThread;
            if (start >= n) break;
            jobs++;
        }
        pending.set(jobs);
        for (int w = 1; w <= jobs; w++) {
            int start = w * perThread;
            workers[w - 1].submit(task, start, Math.min(n, start + perThread));
        }
        Throwable t = null;
        try {
            task.run(0, Math.min(n, perThread));
        } catch (Throwable callerFailure) {
            t = callerFailure;
        }
        awaitWorkers();
        Throwable workerFailure = failure;
        failure = null;
        if (t == null) t = workerFailure;
        else if (workerFailure != null) t.addSuppressed(workerFailure);
        if (t != null) {
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error e) throw e;
            throw new IllegalStateException(t);
        }
    }

    private void awaitWorkers() {
        long spins = 0;
        while (pending.get() != 0) {
            if (++spins < 20_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w.thread);
    }

    private final class Worker implements Runnable {
        Thread thread;
        private volatile RangeTask task;
        private int start;
        private int end;

        void submit(RangeTask t, int s, int e) {
            start = s;
            end = e;
            task = t; // volatile write publishes start/end
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (!closed) {
                RangeTask t = task;
                if (t == null) {
                    long deadline = System.nanoTime() + SPIN_NANOS;
                    while ((t = task) == null && !closed && System.nanoTime() < deadline) Thread.onSpinWait();
                    if (t == null) {
                        LockSupport.park(this);
                        continue;
                    }
                }
                try {
                    t.run(start, end);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    task = null;
                    pending.decrementAndGet();
                }
            }
        }
    }
}
