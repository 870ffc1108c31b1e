package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Same configuration and seed, same batches → bit-identical losses and parameters after 5 training steps
 * (forwardBackward + Adam), whether run twice on one thread or once on 1 and once on 2 threads. The kernels run with
 * eager splitting (no minimum work per chunk: at their normal grains a model this small would stay on one thread),
 * and the model is sized so that every kernel really splits on 2 threads: 160 rows of width 128 (LayerNorm rows, and its 128 columns for
 * dγ/dβ), linear layers of 4-row grains, fc_out's 600 output rows, cross-entropy over a 600-word vocabulary, and
 * far more than one Adam block of parameters.
 */
class DeterminismTest {
    private static final ModelConfig CONFIG = new ModelConfig(50, 600, 128, 2, 2, 4, 4, 256, 192, 0.1f, 24, 1, 1);
    private static final int BATCH = 8, SRC_LEN = 20, TRG_LEN = 21, STEPS = 5;
    private static final long SEED = 1234;

    /** The losses and final parameters of one run. */
    private record Run(double[] losses, float[] params) {
    }

    @Test
    void sameSeedSameBatchesGiveBitIdenticalRuns() {
        Run first = train(1), second = train(1);
        assertArrayEquals(first.losses, second.losses);
        assertTrue(Arrays.equals(first.params, second.params), "parameters differ between two identical runs");
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalRuns() {
        Run one = train(1), two = train(2);
        assertArrayEquals(one.losses, two.losses);
        assertTrue(Arrays.equals(one.params, two.params), "parameters differ between 1 and 2 threads");
    }

    @Test
    void theRunsActuallyTrain() {
        // Guards the tests above against comparing two runs that do nothing: params move, losses are finite.
        Run run = train(1);
        for (double loss : run.losses) assertTrue(Double.isFinite(loss), "loss " + loss);
        try (Seq2Seq fresh = new Seq2Seq(CONFIG, 1)) {
            fresh.initialize(SEED);
            assertFalse(Arrays.equals(fresh.params, run.params), "5 Adam steps left the parameters unchanged");
        }
    }

    private static Run train(int threads) {
        TrainConfig tc = new TrainConfig(BATCH, 1, 5e-4f, 0.9f, 0.999f, 1e-8f, 1f, SEED, threads, 10);
        Random data = new Random(99);
        double[] losses = new double[STEPS];
        try (Seq2Seq model = new Seq2Seq(CONFIG, threads, true)) {
            model.initialize(SEED);
            Activations acts = new Activations(CONFIG, BATCH, SRC_LEN, TRG_LEN - 1, true);
            Adam adam = new Adam(model.params.length, tc, model.parallel());
            for (int step = 0; step < STEPS; step++) {
                int[] src = batch(data, CONFIG.srcVocab(), SRC_LEN);
                int[] trg = batch(data, CONFIG.trgVocab(), TRG_LEN);
                model.zeroGrad();
                losses[step] = model.forwardBackward(acts, src, SRC_LEN, trg, TRG_LEN, BATCH, SEED, step);
                adam.step(model.params, model.grads);
                model.parametersChanged();
            }
            return new Run(losses, model.params.clone());
        }
    }

    /** BATCH rows of {@code len}: ⟨sos⟩=2, random words, ⟨eos⟩=3, then padding (1) for a random length. */
    private static int[] batch(Random rng, int vocab, int len) {
        int[] ids = new int[BATCH * len];
        Arrays.fill(ids, 1);
        for (int b = 0; b < BATCH; b++) {
            int words = b == 0 ? len - 2 : 1 + rng.nextInt(len - 2);
            ids[b * len] = 2;
            for (int t = 1; t <= words; t++) ids[b * len + t] = 4 + rng.nextInt(vocab - 4);
            ids[b * len + words + 1] = 3;
        }
        return ids;
    }
}
