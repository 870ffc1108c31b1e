package org.qkvlens.session;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.qkvlens.data.BadInputException;
import org.qkvlens.engine.Adam;
import org.qkvlens.engine.Seq2Seq;
import org.qkvlens.engine.Trainer;
import org.qkvlens.probe.Probe;
import org.qkvlens.probe.ProbePass;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.SnapshotBus;
import org.qkvlens.store.RunActivity;
import org.qkvlens.store.RunStore;
import org.qkvlens.store.SnapshotSink;
import org.qkvlens.store.TensorCache;
import org.qkvlens.store.TrainingCheckpoint;

/**
 * One training run with snapshots: builds and initialises the model, trains it (on a background thread with
 * {@link #start}, or on the caller's with {@link #run}), runs the probe pass before training (epoch 0), after every
 * epoch and optionally every N steps, and publishes each {@link Snapshot} on the {@link SnapshotBus}. Pause, resume
 * and cancel from any thread. Listener callbacks run on the training thread and must return quickly.
 * With {@link #storeIn} each snapshot is streamed into a run directory as it is captured and published as read back
 * from there (arrays memory-mapped, not on the heap); without, snapshots stay in memory.
 * Leaves out the .npz file (see {@link SnapshotFile}) and any UI.
 */
public final class TrainingSession implements AutoCloseable {

    public enum State { READY, RUNNING, PAUSED, FINISHED, CANCELLED, FAILED }

    /** Training-thread callbacks; keep them cheap (hand work to another thread). */
    public interface Listener {
        default void onStep(Trainer.StepProgress progress) {
        }

        default void onEpoch(Trainer.EpochResult result) {
        }

        default void onState(State state, Throwable failure) {
        }
    }

    private final RunSetup setup;
    private final Seq2Seq model;
    private final Trainer trainer;
    private final List<Probe> probes;
    private final ProbePass probePass;
    private final SnapshotBus bus = new SnapshotBus();
    private final List<Trainer.EpochResult> epochs = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.READY);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile double probeSeconds;
    private volatile RunStore store;
    private volatile TrainingCheckpoint resumed;       // the checkpoint gone on from, if any
    private volatile int checkpointEverySteps;
    private volatile long checkpointEveryNanos;
    private long lastCheckpointNanos;                  // training thread
    private long lastCheckpointStep = -1;              // training thread
    private volatile RunActivity activity;             // this session's hold on its run directory
    private volatile boolean leaveInterrupted;         // cancelled by the app closing: the run directory keeps "training"
    private final int longestSource;   // tokens of the longest valid probe: the store's attention width over sources

    public TrainingSession(RunSetup setup) {
        this.setup = setup;
        this.model = new Seq2Seq(setup.model(), setup.train().threads());
        model.initialize(setup.train().seed());
        this.trainer = new Trainer(model, setup.train(), setup.dataset().train(), setup.dataset().valid(), setup.order());
        this.probePass = new ProbePass(model, setup.dataset().srcVocab(), setup.dataset().trgVocab(), setup.train().maxDecode(),
                ProbePass.BATCH, setup.capture());
        // the decoder's limit, not max_decode: it is also bounded by the positional table (max_length)
        this.probes = Probe.resolveAll(setup.probes(), setup.dataset().srcVocab(), setup.dataset().trgVocab(),
                setup.dataset().tokenizer(), setup.model().maxLength(), probePass.decoder().maxTokens());
        this.longestSource = probes.stream().filter(Probe::isValid).mapToInt(p -> p.srcIds().length).max().orElse(0);
    }

    public RunSetup setup() {
        return setup;
    }

    public Seq2Seq model() {
        return model;
    }

    /** The probes, resolved against the vocabularies; invalid ones carry their problem and are not captured. */
    public List<Probe> probes() {
        return probes;
    }

    public SnapshotBus snapshots() {
        return bus;
    }

    public List<Trainer.EpochResult> epochs() {
        return List.copyOf(epochs);
    }

    public State state() {
        return state.get();
    }

    public Throwable failure() {
        return failure;
    }

    /** Wall-clock seconds spent in probe passes so far. */
    public double probeSeconds() {
        return probeSeconds;
    }

    /** Greedy translation with the model's current weights: only while training is not running (or from a listener). */
    public ProbePass probePass() {
        return probePass;
    }

    /**
     * Streams this run's snapshots and losses into a new run directory at {@code dir} (which must not exist or be
     * empty); call before the run starts.
     */
    public RunStore storeIn(Path dir, TensorCache cache) {
        if (state.get() != State.READY) throw new IllegalStateException("the run has started");
        store = RunDirectory.create(dir, this, cache);
        activity = RunActivity.claim(dir);
        return store;
    }

    /**
     * Goes on with the run in the existing run directory {@code dir} (written by {@link #storeIn} for this same setup):
     * from its newest checkpoint, or from the start when it has none. What was written after that checkpoint is
     * deleted and written again as training gets there; the result is the run that was never stopped, bit for bit.
     * Returns the epoch it goes on from. Call before the run starts, instead of {@link #storeIn}.
     */
    public int resumeFrom(Path dir, TensorCache cache) {
        if (state.get() != State.READY) throw new IllegalStateException("the run has started");
        RunStore opened = RunStore.open(dir, cache);
        RunActivity held = RunActivity.claim(dir);          // before anything is deleted: nobody else may be training it
        try {
            return resumeFrom(dir, opened, held);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private int resumeFrom(Path dir, RunStore opened, RunActivity held) {
        org.qkvlens.io.JsonObject vocab = opened.header().getObject("vocab");
        if (!vocab.getStringList("src_itos").equals(setup.dataset().srcVocab().itos())
                || !vocab.getStringList("trg_itos").equals(setup.dataset().trgVocab().itos())) {
            throw new BadInputException(dir + ": the corpus now gives other vocabularies than the run was trained with");
        }
        TrainingCheckpoint c = TrainingCheckpoint.latest(dir);
        int from = c == null ? 0 : c.epoch();
        long step = c == null ? 0 : c.globalStep();
        if (c != null) {
            if (c.params().length != model.params.length) {
                throw new BadInputException(dir + ": its checkpoint holds " + c.params().length + " parameters, the run's"
                        + " model " + model.params.length);
            }
            if (from > setup.train().epochs()) {
                throw new BadInputException(dir + ": trained " + from + " epochs already, more than the " + setup.train().epochs()
                        + " asked for");
            }
            trainer.restore(c.epoch(), c.globalStep(), c.adamSteps(), c.stepInEpoch(), c.epochLossSum(), c.epochTokens(),
                    c.params(), c.firstMoments(), c.secondMoments());
        }
        opened.truncateAfter(from, step, c == null);
        for (org.qkvlens.io.JsonObject l : opened.losses()) {
            RunRecord.EpochLoss e = RunRecord.EpochLoss.of(l);
            epochs.add(new Trainer.EpochResult(e.epoch(), setup.train().epochs(), e.train(), e.valid(),
                    Math.round(e.tokensPerSecond() * e.seconds()), e.seconds(), 0));
        }
        resumed = c;
        store = opened;
        activity = held;
        return from;
    }

    /**
     * Also commits a checkpoint every {@code steps} global steps within epochs (0: only after each epoch), so a kill
     * loses at most that many steps; call before the run starts.
     */
    public void checkpointEvery(int steps) {
        if (steps < 0) throw new IllegalArgumentException("checkpoint every " + steps + " steps");
        this.checkpointEverySteps = steps;
    }

    /**
     * Also commits a checkpoint within an epoch once {@code interval} has passed since the last one (zero: none by
     * time), so a kill loses at most that much training; call before the run starts.
     */
    public void checkpointEvery(java.time.Duration interval) {
        if (interval.isNegative()) throw new IllegalArgumentException("checkpoint every " + interval);
        this.checkpointEveryNanos = interval.toNanos();
    }

    /** The run directory, or null when snapshots stay in memory. */
    public RunStore store() {
        return store;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Trains on a new background thread. */
    public void start() {
        begin();
        Thread t = new Thread(() -> {
            try {
                train();
            } catch (RuntimeException | Error e) {
                // recorded in failure() and reported through onState(FAILED)
            }
        }, "qkv-training");
        t.setDaemon(true);
        t.start();
    }

    /** Trains on the calling thread until finished, cancelled or failed; returns the final state. */
    public State run() {
        begin();
        return train();
    }

    private void begin() {
        if (!state.compareAndSet(State.READY, State.RUNNING)) throw new IllegalStateException("already started");
    }

    private State train() {
        notifyState(State.RUNNING);
        try {
            if (activity != null) activity.mark(RunActivity.Ended.TRAINING);
            lastCheckpointNanos = System.nanoTime();
            TrainingCheckpoint c = resumed;
            if (c == null) {
                takeSnapshot(0, 0, true, Double.NaN, Double.NaN);
            } else if (c.stepInEpoch() == 0 && !store.hasSnapshot(c.epoch(), c.globalStep(), true)) {
                // the checkpoint outran its snapshot's write: the weights are the same
                Trainer.EpochResult last = epochs.stream().filter(e -> e.epoch() == c.epoch()).findFirst().orElse(null);
                takeSnapshot(c.epoch(), c.globalStep(), true, last == null ? Double.NaN : last.trainLoss(),
                        last == null ? Double.NaN : last.validLoss());
            } else if (c.stepInEpoch() > 0 && snapshotDue(c.globalStep(), c.stepInEpoch())
                    && !store.hasSnapshot(c.epoch() + 1, c.globalStep(), false)) {
                takeSnapshot(c.epoch() + 1, c.globalStep(), false, Double.NaN, Double.NaN);
            }
            Trainer.Outcome outcome = trainer.run(new Trainer.Listener() {
                @Override
                public void onStep(Trainer.StepProgress p) {
                    for (Listener l : listeners) l.onStep(p);
                    if (snapshotDue(p.globalStep(), p.step()) && p.step() < p.stepsInEpoch()) {
                        takeSnapshot(p.epoch(), p.globalStep(), false, Double.NaN, Double.NaN);
                    }
                    int every = checkpointEverySteps;
                    long interval = checkpointEveryNanos;
                    boolean due = every > 0 && p.globalStep() % every == 0
                            || interval > 0 && System.nanoTime() - lastCheckpointNanos >= interval;
                    if (due && p.step() < p.stepsInEpoch()) checkpoint(p.epoch() - 1);
                }

                @Override
                public void onEpoch(Trainer.EpochResult r) {
                    epochs.add(r);
                    if (store != null) store.appendLoss(RunDirectory.loss(r));
                    takeSnapshot(r.epoch(), r.globalStep(), true, r.trainLoss(), r.validLoss());
                    checkpoint(r.epoch());
                    for (Listener l : listeners) l.onEpoch(r);
                }
            });
            if (outcome == Trainer.Outcome.CANCELLED && trainer.stepInEpoch() > 0) {
                checkpoint(trainer.epochsDone());      // stopped mid-epoch: going on later loses none of its steps
            }
            if (store != null) {
                try {
                    store.awaitSync();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            finish(outcome == Trainer.Outcome.FINISHED ? State.FINISHED : State.CANCELLED, null);
        } catch (RuntimeException | Error e) {
            finish(State.FAILED, e);
            throw e;
        }
        return state.get();
    }

    /**
     * Commits a checkpoint of the training state as it is now, after {@code epochsDone} whole epochs and the trainer's
     * steps into the next (training thread, between steps); nothing without a run directory.
     */
    private void checkpoint(int epochsDone) {
        if (store == null || trainer.globalStep() == lastCheckpointStep) return;   // e.g. a stop right after one
        lastCheckpointStep = trainer.globalStep();
        lastCheckpointNanos = System.nanoTime();
        Adam adam = trainer.adam();
        store.checkpoint(new TrainingCheckpoint(epochsDone, trainer.globalStep(), adam.steps(), trainer.stepInEpoch(),
                trainer.epochLossSum(), trainer.epochTokens(), model.params, adam.firstMoments(), adam.secondMoments()));
    }

    /** Whether a mid-epoch snapshot is taken after global step {@code step} ({@code stepInEpoch} steps into its epoch). */
    private boolean snapshotDue(long step, int stepInEpoch) {
        int every = setup.snapshotEverySteps();
        return every > 0 && step % every == 0 && stepInEpoch > 0;
    }

    private void takeSnapshot(int epoch, long step, boolean endOfEpoch, double trainLoss, double validLoss) {
        long t0 = System.nanoTime();
        Snapshot s;
        if (store == null) {
            s = probePass.run(epoch, step, endOfEpoch, trainLoss, validLoss, probes);
        } else {
            SnapshotSink sink = store.sink(epoch, step, endOfEpoch, trainLoss, validLoss, longestSource,
                    probePass.decoder().maxTokens());
            probePass.captureAll(probes, sink::accept);
            s = sink.finish();
        }
        probeSeconds += (System.nanoTime() - t0) / 1e9;
        bus.publish(s);
    }

    public synchronized void pause() {
        if (state.compareAndSet(State.RUNNING, State.PAUSED)) {
            trainer.pause();
            notifyState(State.PAUSED);
        }
    }

    public synchronized void resume() {
        if (state.compareAndSet(State.PAUSED, State.RUNNING)) {
            trainer.resume();
            notifyState(State.RUNNING);
        }
    }

    /**
     * Cancels like {@link #cancel}, for the app closing while the run trains: the run directory goes on saying
     * "training", so once this process is gone the next start lists the run as interrupted and offers to continue it.
     */
    public void cancelInterrupted() {
        leaveInterrupted = true;
        cancel();
    }

    public void cancel() {
        trainer.cancel();
        if (state.compareAndSet(State.READY, State.CANCELLED)) {
            notifyState(State.CANCELLED);
            done.countDown();
        }
    }

    /** Blocks until the run has ended or {@code most} has passed; whether it ended. */
    public boolean awaitEnd(java.time.Duration most) throws InterruptedException {
        return done.await(most.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Blocks until the run has ended (finished, cancelled or failed). */
    public void await() throws InterruptedException {
        done.await();
    }

    private void finish(State end, Throwable t) {
        RunActivity a = activity;
        if (a != null && !(end == State.CANCELLED && leaveInterrupted)) {
            try {
                a.mark(end == State.FINISHED ? RunActivity.Ended.FINISHED : end == State.CANCELLED ? RunActivity.Ended.STOPPED
                        : RunActivity.Ended.FAILED);
            } catch (RuntimeException e) {
                if (t == null) t = e;
            }
        }
        if (a != null) a.close();                      // training is over: the run is free to be continued or deleted
        failure = t;
        state.set(end);
        notifyState(end);
        done.countDown();
    }

    private void notifyState(State s) {
        for (Listener l : listeners) l.onState(s, failure);
    }

    /** Cancels a running session, waits for the training thread to stop, then frees the model's threads. */
    @Override
    public void close() {
        cancel();
        try {
            await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bus.close();
        model.close();
        RunActivity a = activity;
        if (a != null) a.close();
    }
}
