package org.qkvlens.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of kernel threads that splits a range of rows into contiguous chunks, at most one per thread.
 * Every kernel computes each output element entirely inside one chunk with a fixed summation order, so results do
 * not depend on how the range is split or who runs which chunk: same seed, same numbers, at any thread count.
 * <p>
 * The caller runs the first chunk itself, then claims any chunk no worker has started yet: on a busy machine a
 * worker that the OS has not scheduled does not hold up the step, its chunk simply runs on the caller.
 * Workers spin briefly for the next job (kernels come back-to-back in a training step), then park.
 * Leaves out work stealing within a chunk and nesting: a task must not call {@link #forRange} itself.
 */
public final class Parallel implements AutoCloseable {

    /**
     * A body over a half-open range of rows. Kernels pass one per call (a lambda or a small record) carrying that
     * call's arrays and shapes, so no kernel keeps anything between calls; that costs one small object per call.
     */
    @FunctionalInterface
    public interface RangeTask {
        void run(int start, int end);
    }

    private static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final boolean eager;
    private final Worker[] workers;
    /**
     * (job generation << 32) | (chunks << 16) | next chunk to claim, in one word: claims are CASes against it, so a
     * worker that wakes late cannot claim a chunk of a job that is over, nor of a newer one it has not seen.
     */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile boolean closed;
    private volatile Throwable failure;
    // The current job, written by the caller before its generation is published in `claim`, stable until it is over.
    private RangeTask task;
    private int n, perChunk;

    public Parallel(int threads) {
        this(threads, false);
    }

    /**
     * With {@code eager}, {@link #grain} ignores the minimum work per chunk, so every kernel splits even at toy
     * sizes: for tests that check the results do not depend on the split.
     */
    Parallel(int threads, boolean eager) {
        if (threads < 1 || threads > 0xFFFF) throw new IllegalArgumentException("threads must be in [1, 65535], got " + threads);
        this.threads = threads;
        this.eager = eager;
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
     * Items per chunk so that a chunk carries at least {@code minWork} (in the kernel's own unit: multiply-adds,
     * elements…) when an item is {@code workPerItem}: a hand-off to another thread costs microseconds (much more when
     * it has to be woken), so small kernels, as the whole article preset, stay on the calling thread. Rounded up to a
     * multiple of {@code align}.
     */
    int grain(long workPerItem, long minWork, int align) {
        long g = eager ? 1 : (minWork + Math.max(1, workPerItem) - 1) / Math.max(1, workPerItem);
        g = Math.min(1 << 24, Math.max(1, g));
        return (int) ((g + align - 1) / align * align);
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
        int perChunk = (blocks + used - 1) / used * grain;
        int chunks = (n + perChunk - 1) / perChunk;
        this.task = task;
        this.n = n;
        this.perChunk = perChunk;
        finished.set(0);
        long gen = (claim.get() >>> 32) + 1;
        claim.set(gen << 32 | (long) chunks << 16 | 1);  // chunk 0 is the caller's; publishes the fields above
        for (Worker w : workers) {
            if (w.parked) LockSupport.unpark(w.thread);
        }
        Throwable t = null;
        int mine = 0;
        try {
            task.run(0, Math.min(n, perChunk));
        } catch (Throwable callerFailure) {
            t = callerFailure;
        }
        mine++;
        for (int c; (c = claim(gen)) >= 0; mine++) {
            try {
                task.run(c * perChunk, Math.min(n, (c + 1) * perChunk));
            } catch (Throwable callerFailure) {
                if (t == null) t = callerFailure;
                else t.addSuppressed(callerFailure);
            }
        }
        awaitWorkers(chunks - mine);
        this.task = null;
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

    /** The next unclaimed chunk of job {@code gen}, or −1 when all are taken (or the job is over). */
    private int claim(long gen) {
        while (true) {
            long c = claim.get();
            if (c >>> 32 != gen) return -1;
            int next = (int) (c & 0xFFFF), chunks = (int) (c >>> 16 & 0xFFFF);
            if (next >= chunks) return -1;
            if (claim.compareAndSet(c, c + 1)) return next;
        }
    }

    /** Waits until the workers have finished {@code count} chunks. */
    private void awaitWorkers(int count) {
        long spins = 0;
        while (finished.get() < count) {
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
        volatile boolean parked;
        private long seen;

        @Override
        public void run() {
            while (!closed) {
                long gen = claim.get() >>> 32;
                if (gen == seen) {
                    long deadline = System.nanoTime() + SPIN_NANOS;
                    while ((gen = claim.get() >>> 32) == seen && !closed && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    if (gen == seen) {
                        parked = true;
                        if (claim.get() >>> 32 == seen && !closed) LockSupport.park(this);
                        parked = false;
                        continue;
                    }
                }
                seen = gen;
                for (int c; (c = claim(gen)) >= 0; ) {
                    // A claimed chunk keeps job `gen` open until `finished` counts it: its fields are stable.
                    try {
                        task.run(c * perChunk, Math.min(n, (c + 1) * perChunk));
                    } catch (Throwable e) {
                        failure = e;
                    } finally {
                        finished.incrementAndGet();
                    }
                }
            }
        }
    }
}
