package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.engine.GradientAssert.assertClose;
import static org.qkvlens.engine.GradientAssert.numeric;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link CrossEntropyKernel} against a plain double {@code nn.CrossEntropyLoss(ignore_index = pad)}: the mean over
 * non-pad targets, its gradient by finite differences over the logits, exact zeros on pad rows. Targets are read as
 * Seq2Seq reads them: row (b, t) of the logits is scored against {@code trg[b·stride + t + 1]}.
 * Tolerance: loss to 1e-6 relative, gradient relative 1e-4.
 */
class CrossEntropyGradientTest {
    private static final int PAD = 1;
    private static final double REL_TOL = 1e-4;

    // trg (3, 5): the decoder sees 4 positions per row and is scored on trg[:, 1:]; 6 of the 12 targets are <pad>.
    private static final int BATCH = 3, T = 4, STRIDE = 5, VOCAB = 13;
    private static final int[] TRG = {2, 7, 12, 3, 1, 2, 4, 3, 1, 1, 2, 3, 1, 1, 1};

    /** Row (b, t) of the logits predicts {@code trg[b·stride + t + 1]}, as Seq2Seq's loss reads trg[:, 1:]. */
    private static CrossEntropyKernel.Targets next(int[] trg, int stride, int t) {
        return new CrossEntropyKernel.Targets(trg, 1, stride, t, PAD);
    }

    @Test
    void meanLossAndGradientMatchTheDoubleDefinition() {
        int rows = BATCH * T;
        float[] logits = KernelAssert.uniform(new Random(9), rows * VOCAB, 3f);
        double[] ld = KernelAssert.toDouble(logits);
        DoubleSupplier loss = () -> loss(ld, rows, VOCAB, TRG, STRIDE, T);

        try (Parallel parallel = new Parallel(1)) {
            CrossEntropyKernel kernel = new CrossEntropyKernel(parallel);
            float[] grad = logits.clone();
            double mean = kernel.lossAndGradient(grad, rows, VOCAB, next(TRG, STRIDE, T), new float[rows], true);
            double expected = loss.getAsDouble();
            assertEquals(expected, mean, 1e-6 * Math.abs(expected), "mean over the 6 non-pad targets");
            assertClose("dlogits", grad, 0, grad.length, i -> numeric(ld, i, loss), REL_TOL);
            for (int r = 0; r < rows; r++) {
                if (TRG[(r / T) * STRIDE + r % T + 1] != PAD) continue;
                float[] row = Arrays.copyOfRange(grad, r * VOCAB, (r + 1) * VOCAB);
                assertArrayEquals(new float[VOCAB], row, "pad row " + r + " must get zero gradient");
            }

            // Without backward the logits are left alone and the loss is the same.
            float[] untouched = logits.clone();
            assertEquals(mean, kernel.lossAndGradient(untouched, rows, VOCAB, next(TRG, STRIDE, T), new float[rows], false));
            assertArrayEquals(logits, untouched);
        }
    }

    /** The vectorised rows (max, exp, sum, scale) against {@link CrossEntropyKernel#rowReference}, tails included. */
    @Test
    void vectorisedRowsMatchThePlainLoopReference() {
        Random rng = new Random(4);
        for (int vocab : new int[] {5, 16, 37, 1000, 5003}) {
            int batch = 2, t = 3, stride = t + 1, rows = batch * t;
            int[] trg = new int[batch * stride];
            for (int i = 0; i < trg.length; i++) trg[i] = 2 + rng.nextInt(vocab - 2);
            trg[stride - 1] = PAD;
            float[] logits = KernelAssert.uniform(rng, rows * vocab, 8f);
            logits[3] = 40f;  // one dominant logit: exp of the others underflows towards 0
            int count = rows - 1;
            float[] expected = logits.clone(), rowLoss = new float[rows];
            float[] expectedLoss = new float[rows];
            for (int r = 0; r < rows; r++) {
                int target = trg[(r / t) * stride + r % t + 1];
                if (target == PAD) {
                    java.util.Arrays.fill(expected, r * vocab, (r + 1) * vocab, 0f);
                    continue;
                }
                expectedLoss[r] = CrossEntropyKernel.rowReference(expected, r * vocab, vocab, target, 1f / count, true);
            }
            float[] actual = logits.clone();
            try (Parallel parallel = new Parallel(2, true)) {
                new CrossEntropyKernel(parallel).lossAndGradient(actual, rows, vocab, next(trg, stride, t), rowLoss, true);
            }
            KernelAssert.assertClose("dlogits, vocab " + vocab, expected, actual, 1e-5);
            for (int r = 0; r < rows; r++) {
                assertEquals(expectedLoss[r], rowLoss[r], 1e-5 * Math.max(1, Math.abs(expectedLoss[r])), "loss of row " + r + ", vocab " + vocab);
            }
        }
    }

    @Test
    void allPaddingGivesNaNAndZeroGradient() {
        int[] allPad = new int[STRIDE];
        Arrays.fill(allPad, PAD);
        try (Parallel parallel = new Parallel(1)) {
            float[] logits = KernelAssert.uniform(new Random(1), T * VOCAB, 1f);
            double loss = new CrossEntropyKernel(parallel).lossAndGradient(logits, T, VOCAB, next(allPad, STRIDE, T), new float[T], true);
            assertTrue(Double.isNaN(loss));
            assertArrayEquals(new float[T * VOCAB], logits);
        }
    }

    @Test
    void threeThreadsGiveTheSameBitsAsOne() {
        // Rows split across threads (eager splitting: one row per grain, 40 rows over 3 threads), V = 5000.
        int batch = 4, t = 10, stride = 11, vocab = 5000, rows = batch * t;
        Random rng = new Random(2);
        int[] trg = new int[batch * stride];
        Arrays.fill(trg, PAD);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i <= stride - 1 - b; i++) trg[b * stride + i] = 2 + rng.nextInt(vocab - 2);  // row b: b pads
        }
        float[] logits = KernelAssert.uniform(rng, rows * vocab, 4f);
        float[] one = logits.clone(), three = logits.clone();
        double lossOne, lossThree;
        try (Parallel p1 = new Parallel(1); Parallel p3 = new Parallel(3, true)) {
            lossOne = new CrossEntropyKernel(p1).lossAndGradient(one, rows, vocab, next(trg, stride, t), new float[rows], true);
            lossThree = new CrossEntropyKernel(p3).lossAndGradient(three, rows, vocab, next(trg, stride, t), new float[rows], true);
        }
        assertEquals(lossOne, lossThree, 0.0);
        assertArrayEquals(one, three);
    }

    /** Mean over rows with a non-pad target of logsumexp(logits) − logits[target], in double. */
    private static double loss(double[] logits, int rows, int vocab, int[] trg, int stride, int t) {
        double sum = 0;
        int count = 0;
        for (int r = 0; r < rows; r++) {
            int target = trg[(r / t) * stride + r % t + 1];
            if (target == PAD) continue;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < vocab; j++) max = Math.max(max, logits[r * vocab + j]);
            double z = 0;
            for (int j = 0; j < vocab; j++) z += Math.exp(logits[r * vocab + j] - max);
            sum += max + Math.log(z) - logits[r * vocab + target];
            count++;
        }
        return sum / count;
    }
}
