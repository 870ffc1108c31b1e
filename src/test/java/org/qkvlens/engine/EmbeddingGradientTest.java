package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.qkvlens.engine.GradientAssert.assertClose;
import static org.qkvlens.engine.GradientAssert.numeric;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The embedding ({@code dropout(tok[id]·√C + pos[t])}, {@link Seq2Seq#embed} / {@link Seq2Seq#embedBackward})
 * against finite differences of a plain double version under the loss {@code Σ out·R}, through a tiny model with
 * dropout on: gradients of the token table (repeated ids add up, unused rows stay zero) and of the position table,
 * reading ids with a row stride larger than the length as the decoder does. Tolerance: relative 1e-4.
 */
class EmbeddingGradientTest {
    private static final ModelConfig TINY = new ModelConfig(11, 13, 8, 1, 1, 2, 2, 12, 10, 0.25f, 12, 1, 1);
    private static final double REL_TOL = 1e-4;
    private static final int BATCH = 3, LEN = 5, STRIDE = 6;
    // (3, 6) ids, the decoder reading the first 5 of each row; 4 and 7 repeat, 1 is <pad>.
    private static final int[] IDS = {2, 4, 7, 4, 3, 9, 2, 7, 7, 3, 1, 10, 2, 5, 3, 1, 1, 1};

    @Test
    void backwardMatchesFiniteDifferences() {
        long key = Dropout.key(7, 2, Seq2Seq.SITE_DEC_EMB);
        float p = TINY.dropout();
        try (Seq2Seq model = new Seq2Seq(TINY, 1)) {
            model.initialize(3);
            Weights w = model.weights;
            int c = TINY.hidDim();
            float[] r = KernelAssert.uniform(new Random(4), BATCH * LEN * c, 1f);
            double[] pd = KernelAssert.toDouble(model.params);
            DoubleSupplier loss = () -> {
                double[] out = forward(pd, w.decTok, w.decPos, c, key, p);
                double s = 0;
                for (int i = 0; i < out.length; i++) s += out[i] * r[i];
                return s;
            };

            float[] out = new float[BATCH * LEN * c];
            model.embed(IDS, STRIDE, BATCH, LEN, w.decTok, w.decPos, TINY.trgVocab(), out, key, p);
            double[] outD = forward(pd, w.decTok, w.decPos, c, key, p);
            for (int i = 0; i < out.length; i++) assertEquals(outD[i], out[i], 1e-5, "out[" + i + "]");

            model.zeroGrad();
            model.embedBackward(r, IDS, STRIDE, BATCH, LEN, w.decTok, w.decPos, key, p);
            int tokSize = TINY.trgVocab() * c, posSize = TINY.maxLength() * c;
            assertClose("decoder.tok_embedding", model.grads, w.decTok, w.decTok + tokSize, i -> numeric(pd, i, loss), REL_TOL);
            assertClose("decoder.pos_embedding", model.grads, w.decPos, w.decPos + posSize, i -> numeric(pd, i, loss), REL_TOL);
            for (int i = 0; i < model.grads.length; i++) {
                boolean table = (i >= w.decTok && i < w.decTok + tokSize) || (i >= w.decPos && i < w.decPos + posSize);
                if (!table) assertEquals(0f, model.grads[i], 0f, "grads[" + i + "] outside the two tables");
            }
        }
    }

    @Test
    void anIdOutsideTheVocabularyIsRejected() {
        try (Seq2Seq model = new Seq2Seq(TINY, 1)) {
            int[] ids = {2, 11};
            float[] out = new float[2 * TINY.hidDim()];
            assertThrows(IllegalArgumentException.class, () -> model.embed(ids, 2, 1, 2, model.weights.encTok,
                    model.weights.encPos, TINY.srcVocab(), out, 0L, 0f));
        }
    }

    /** out (B, T, C) = (tok[id]·√C + pos[t]) · mask, in double. The engine scales by √C rounded to float. */
    private static double[] forward(double[] p, int tok, int pos, int c, long key, float drop) {
        double scale = (float) Math.sqrt(c);
        double[] out = new double[BATCH * LEN * c];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < LEN; t++) {
                int id = IDS[b * STRIDE + t];
                for (int j = 0; j < c; j++) {
                    int e = (b * LEN + t) * c + j;
                    out[e] = (p[tok + id * c + j] * scale + p[pos + t * c + j]) * Dropout.scale(key, e, drop);
                }
            }
        }
        return out;
    }
}
