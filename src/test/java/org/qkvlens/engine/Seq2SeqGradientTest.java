package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The whole model's backward against finite differences of {@link DoubleSeq2Seq} in double precision: every
 * parameter tensor, with dropout on (training mode), padding in source and target, several layers and heads.
 */
class Seq2SeqGradientTest {
    static final ModelConfig TINY = new ModelConfig(11, 13, 8, 2, 2, 2, 2, 12, 10, 0.2f, 12, 1, 1);

    // batch 3: source (3, 6), target (3, 5); 1 is <pad>
    static final int[] SRC = {2, 5, 7, 9, 3, 1, 2, 4, 3, 1, 1, 1, 2, 10, 6, 8, 4, 3};
    static final int[] TRG = {2, 7, 12, 3, 1, 2, 4, 5, 6, 3, 2, 3, 1, 1, 1};

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        try (Seq2Seq model = new Seq2Seq(TINY, 2)) {
            model.initialize(42);
            Activations acts = new Activations(TINY, 3, 6, 4, true);
            model.zeroGrad();
            double loss = model.forwardBackward(acts, SRC, 6, TRG, 5, 3, 7, 3);

            DoubleSeq2Seq ref = new DoubleSeq2Seq(TINY, model.params);
            assertEquals(ref.loss(SRC, 6, TRG, 5, 3, true, 7, 3), loss, 1e-5, "loss");
            for (Weights.Tensor t : model.weights.tensors()) {
                GradientAssert.assertClose(t.name(), model.grads, t.offset(), t.offset() + t.size(),
                        i -> GradientAssert.numeric(ref.p, i, () -> ref.loss(SRC, 6, TRG, 5, 3, true, 7, 3)), 2e-3);
            }
        }
    }

    @Test
    void evalLossMatchesTheReferenceWithoutDropout() {
        try (Seq2Seq model = new Seq2Seq(TINY, 1)) {
            model.initialize(5);
            Activations acts = new Activations(TINY, 3, 6, 4, false);
            double loss = model.evaluate(acts, SRC, 6, TRG, 5, 3);
            DoubleSeq2Seq ref = new DoubleSeq2Seq(TINY, model.params);
            assertEquals(ref.loss(SRC, 6, TRG, 5, 3, false, 0, 0), loss, 1e-5);
        }
    }
}
