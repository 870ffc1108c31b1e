package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.SplitMix64;

/**
 * {@link Seq2Seq#decodeStep} against the full {@link Seq2Seq#decode} of the prefix: at every position, each row's
 * logits are bit-identical, with sources of different lengths padded in one batch and a row that turns to padding
 * half way (as a finished sentence does in greedy decoding); and after the last step, every decoder array the steps
 * keep (Q, K, V, attention, x1, x4 of both attention sites, the norm outputs) is bit-identical to the full decode's.
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
            assertEquals(steps, enc.trgLen());
            for (int l = 0; l < cfg.decLayers(); l++) {
                Activations.DecoderLayer want = full.decoder[l], got = enc.decoder[l];
                sameSite(want.self, got.self, batch * steps * cfg.hidDim(), batch * steps * cfg.hidDim(),
                        batch * cfg.decHeads() * steps * steps, "self " + l);
                sameSite(want.cross, got.cross, batch * steps * cfg.hidDim(), batch * s * cfg.hidDim(),
                        batch * cfg.decHeads() * steps * s, "cross " + l);
                int n = batch * steps * cfg.hidDim();
                same(want.norm1.out, got.norm1.out, n, "norm1 " + l);
                same(want.norm2.out, got.norm2.out, n, "norm2 " + l);
                same(want.norm3.out, got.norm3.out, n, "norm3 " + l);
            }
            assertThrows(IllegalArgumentException.class, () -> model.decodeStep(enc, cache, trg, stride, steps));
        }
    }

    private static void sameSite(Activations.Site want, Activations.Site got, int nq, int nk, int natt, String what) {
        same(want.q, got.q, nq, what + " q");
        same(want.k, got.k, nk, what + " k");
        same(want.v, got.v, nk, what + " v");
        same(want.att, got.att, natt, what + " attention");
        same(want.x1, got.x1, nq, what + " x1");
        same(want.x4, got.x4, nq, what + " x4");
    }

    private static void same(float[] want, float[] got, int n, String what) {
        assertArrayEquals(Arrays.copyOf(want, n), Arrays.copyOf(got, n), what);
    }
}
