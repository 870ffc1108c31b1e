package org.qkvlens.engine;

import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.qkvlens.data.Batch;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.Batcher;
import org.qkvlens.data.Example;

/**
 * The tutorial's training loop: per epoch, shuffled batches (see {@link Batcher}), each step zero-grad → forward →
 * cross-entropy → backward → clip → Adam; then the mean validation loss in eval mode. Runs on the thread that calls
 * {@link #run}; {@link #pause}, {@link #resume} and {@link #cancel} may be called from any other thread and take
 * effect between steps. Listener callbacks run on the training thread and must return quickly (hand work off).
 * Leaves out the probe pass and snapshots (package probe/session) and anything about files.
 */
public final class Trainer {

    /** Progress after one step. {@code epoch} is 1-based; {@code step} counts from 1 within the epoch. */
    public record StepProgress(int epoch, int step, int stepsInEpoch, long globalStep, double loss, double epochLoss,
                               long epochTokens, double epochSeconds) {
        public double tokensPerSecond() {
            return epochSeconds > 0 ? epochTokens / epochSeconds : 0;
        }
    }

    /** One finished epoch: mean training loss over its batches and mean validation loss (NaN without validation data). */
    public record EpochResult(int epoch, int epochs, double trainLoss, double validLoss, long tokens, double seconds,
                              long globalStep) {
        public double tokensPerSecond() {
            return seconds > 0 ? tokens / seconds : 0;
        }
    }

    public interface Listener {
        default void onStep(StepProgress progress) {
        }

        /** Called after the validation pass; the model holds this epoch's weights until the callback returns. */
        default void onEpoch(EpochResult result) {
        }
    }

    public enum Outcome { FINISHED, CANCELLED }

    private final Seq2Seq model;
    private final TrainConfig cfg;
    private final List<Example> train;
    private final List<Example> valid;
    private final BatchOrder order;
    private final Adam adam;
    private final Activations acts;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition unpaused = lock.newCondition();
    private volatile boolean paused;
    private volatile boolean cancelled;
    private long globalStep;
    private int epochsDone;
    // the epoch under way: steps taken, their loss sum and tokens (restored mid-epoch from a checkpoint)
    private int stepInEpoch;
    private double lossSum;
    private long tokens;

    public Trainer(Seq2Seq model, TrainConfig cfg, List<Example> train, List<Example> valid, BatchOrder order) {
        if (train.isEmpty()) throw new IllegalArgumentException("no training examples");
        this.model = model;
        this.cfg = cfg;
        this.train = List.copyOf(train);
        this.valid = List.copyOf(valid);
        this.order = order;
        this.adam = new Adam(model.params.length, cfg, model.parallel());
        int maxSrc = 1, maxTrg = 2;
        for (List<Example> list : List.of(this.train, this.valid)) {
            for (Example e : list) {
                maxSrc = Math.max(maxSrc, e.src().length);
                maxTrg = Math.max(maxTrg, e.trg().length);
            }
        }
        // a batch never holds more pairs than its split: a --batch beyond that allocates no more
        int largestBatch = Math.min(cfg.batchSize(), Math.max(this.train.size(), this.valid.size()));
        this.acts = new Activations(model.config, largestBatch, maxSrc, maxTrg - 1, true);
    }

    public Activations activations() {
        return acts;
    }

    public int epochsDone() {
        return epochsDone;
    }

    public long globalStep() {
        return globalStep;
    }

    /** The optimiser, whose moments a checkpoint saves. */
    public Adam adam() {
        return adam;
    }

    /**
     * Continues a run from a checkpoint taken after {@code epochsDone} epochs and {@code stepInEpoch} steps of the next
     * (0 at an epoch's end): the weights, Adam's steps and moments, the global step (which keys dropout), and the
     * running loss sum and token count of the epoch under way, as they were. Batch order depends only on the seed and
     * the epoch, so the steps that follow are those the uninterrupted run took, bit for bit. Call before {@link #run}.
     */
    public void restore(int epochsDone, long globalStep, int adamSteps, int stepInEpoch, double epochLossSum,
                        long epochTokens, float[] params, float[] firstMoments, float[] secondMoments) {
        if (epochsDone < 0 || globalStep < 0 || stepInEpoch < 0 || params.length != model.params.length) {
            throw new IllegalArgumentException("a checkpoint of " + params.length + " parameters after epoch " + epochsDone
                    + " for a model of " + model.params.length);
        }
        adam.restore(adamSteps, firstMoments, secondMoments);
        System.arraycopy(params, 0, model.params, 0, params.length);
        model.parametersChanged();
        this.epochsDone = epochsDone;
        this.globalStep = globalStep;
        this.stepInEpoch = stepInEpoch;
        this.lossSum = epochLossSum;
        this.tokens = epochTokens;
    }

    /** Steps taken in the epoch under way (0 between epochs). */
    public int stepInEpoch() {
        return stepInEpoch;
    }

    /** The sum of the batch losses of the epoch under way, as {@link #run} accumulates it. */
    public double epochLossSum() {
        return lossSum;
    }

    /** Target tokens trained on in the epoch under way. */
    public long epochTokens() {
        return tokens;
    }

    /** Trains the remaining epochs (up to {@code cfg.epochs()}), or until cancelled. */
    public Outcome run(Listener listener) {
        for (int e = epochsDone; e < cfg.epochs(); e++) {
            List<Batch> batches = Batcher.epochBatches(train, cfg.batchSize(), order, cfg.seed(), e);
            long start = System.nanoTime();
            if (stepInEpoch == 0) {           // else: going on in the middle of this epoch, from a checkpoint
                lossSum = 0;
                tokens = 0;
            }
            while (stepInEpoch < batches.size()) {
                if (!awaitUnpaused()) return Outcome.CANCELLED;
                Batch b = batches.get(stepInEpoch);
                double loss = trainStep(b);
                lossSum += loss;
                tokens += b.tokens();
                stepInEpoch++;
                listener.onStep(new StepProgress(e + 1, stepInEpoch, batches.size(), globalStep, loss,
                        lossSum / stepInEpoch, tokens, (System.nanoTime() - start) / 1e9));
            }
            stepInEpoch = 0;
            double seconds = (System.nanoTime() - start) / 1e9;
            double validLoss = validationLoss();
            epochsDone = e + 1;
            listener.onEpoch(new EpochResult(e + 1, cfg.epochs(), lossSum / batches.size(), validLoss, tokens, seconds,
                    globalStep));
        }
        return Outcome.FINISHED;
    }

    /** One full step on a batch: zero-grad, forward, loss, backward, clip, Adam. Returns the batch loss. */
    public double trainStep(Batch b) {
        model.zeroGrad();
        double loss = model.forwardBackward(acts, b.src(), b.srcLen(), b.trg(), b.trgLen(), b.size(), cfg.seed(), globalStep);
        adam.step(model.params, model.grads);
        model.parametersChanged();
        globalStep++;
        return loss;
    }

    /** Mean over validation batches (in corpus order) of the batch loss, as the tutorial's evaluate(); NaN if none. */
    public double validationLoss() {
        if (valid.isEmpty()) return Double.NaN;
        double sum = 0;
        List<Batch> batches = Batcher.inOrder(valid, cfg.batchSize());
        for (Batch b : batches) sum += model.evaluate(acts, b.src(), b.srcLen(), b.trg(), b.trgLen(), b.size());
        return sum / batches.size();
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        lock.lock();
        try {
            paused = false;
            unpaused.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void cancel() {
        lock.lock();
        try {
            cancelled = true;
            unpaused.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isPaused() {
        return paused;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Blocks while paused; false once cancelled. */
    private boolean awaitUnpaused() {
        if (!paused) return !cancelled;
        lock.lock();
        try {
            while (paused && !cancelled) unpaused.awaitUninterruptibly();
            return !cancelled;
        } finally {
            lock.unlock();
        }
    }
}
