package org.qkvlens.app.state;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The one place the app runs work off the FX thread (projections, file I/O, PNG encoding): a small pool of daemon
 * threads. {@code onSuccess} and {@code onFailure} run on the FX thread. Tests use {@link #direct()}, which runs
 * everything on the calling thread. Training has its own thread (see TrainingSession), not this pool.
 */
public final class Background {
    private final Executor executor;
    private final Consumer<Runnable> fxThread;

    private Background(Executor executor, Consumer<Runnable> fxThread) {
        this.executor = executor;
        this.fxThread = fxThread;
    }

    public static Background pool(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "qkv-background-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        };
        return new Background(Executors.newFixedThreadPool(threads, factory), Platform::runLater);
    }

    /** Runs work and callbacks on the calling thread (tests). */
    public static Background direct() {
        return new Background(null, Runnable::run);
    }

    /** Runs work on {@code executor} and callbacks through {@code fxThread} (tests that hold work back to count it). */
    public static Background using(Executor executor, Consumer<Runnable> fxThread) {
        return new Background(executor, fxThread);
    }

    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Runnable task = () -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable t) {
                fxThread.accept(() -> onFailure.accept(t));
                return;
            }
            fxThread.accept(() -> onSuccess.accept(result));
        };
        if (executor == null) {
            task.run();
        } else {
            try {
                executor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // after shutdown (the window closed), work that a late FX event asks for is dropped: nobody waits for it
            }
        }
    }

    public void shutdown() {
        if (executor instanceof ExecutorService e) e.shutdownNow();
    }
}
