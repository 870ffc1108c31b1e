package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.SplitMix64;

/**
 * {@link Seq2Seq#decodeStep} against the full {@link Seq2Seq#decode} of the prefix: at every position, each row's
 * logits are bit-identical, with sources of different lengths padded in one batch and a row that turns to padding
 * half way (as a finished sentence does in greedy decoding).
 */
class DecodeStepTest {
    private static final int PAD = 1;

    @Test
    void eachStepEqualsDecodingTheWholePrefix() {
        ModelConfig cfg = new ModelConfig(20, 23, 24, 2, 2, 3, 3, 40, 40, 0.1f, 30, PAD, PAD);
        try (Seq2Seq model = new Seq2Seq(cfg, 2, true)) {
            model.initialize(11);
            int batch = 4, s = 7, steps = 9, stride = steps + 1;
            SplitMix64 rng = new SplitMix64(3);
            int[] src = new int[batch * s];
            int[] lengths = {7, 3, 5, 4};
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < s; j++) src[b * s + j] = j < lengths[b] ? 2 + rng.nextInt(18) : PAD;
            }
            int[] trg = new int[batch * stride];
            Arrays.fill(trg, PAD);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) trg[b * stride + t] = b == 2 && t > 3 ? PAD : 2 + rng.nextInt(21);
            }
            Activations full = new Activations(cfg, batch, s, steps, false);
            Activations enc = new Activations(cfg, batch, s, steps, false);
            DecodeCache cache = new DecodeCache(cfg, batch, s, steps);
            model.encode(enc, src, s, batch, s, false, 0, 0);
            model.encode(full, src, s, batch, s, false, 0, 0);
            int v = cfg.trgVocab();
            for (int t = 0; t < steps; t++) {
                model.decode(full, trg, stride, t + 1, true);
                model.decodeStep(enc, cache, trg, stride, t);
                for (int b = 0; b < batch; b++) {
                    float[] want = Arrays.copyOfRange(full.logits, (b * (t + 1) + t) * v, (b * (t + 1) + t + 1) * v);
                    float[] got = Arrays.copyOfRange(cache.logits, b * v, (b + 1) * v);
                    assertArrayEquals(want, got, "row " + b + " position " + t);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> model.decodeStep(enc, cache, trg, stride, steps));
        }
    }
}
