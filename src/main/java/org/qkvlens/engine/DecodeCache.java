package org.qkvlens.engine;

/**
 * The scratch of one greedy decoding step ({@link Seq2Seq#decodeStep}), which runs only the new position through the
 * decoder: one row per sentence for each layer's intermediate values, the keys and values of the positions so far
 * laid out compactly for the attention call, and the logits. Sized once for a largest batch, source and target
 * length. Leaves out what outlives a step: the keys and values of earlier positions and the encoder's output live in
 * the {@link Activations} being decoded into; and dropout (decoding runs in eval mode).
 */
final class DecodeCache {
    final int maxBatch, maxSrcLen, maxTrgLen;
    final float[] keys, values;       // (B, t+1, C) one layer's keys and values of positions 0…t, compact
    final float[] att;                // (B, H, 1, t+1)
    final float[] y, q, k, v, x1, x4; // (B, C) the new position's rows
    final Activations.Norm norm1, norm2, norm3;
    final Activations.FeedForward ff;
    final float[] logits;             // (B, V)

    DecodeCache(ModelConfig cfg, int maxBatch, int maxSrcLen, int maxTrgLen) {
        this.maxBatch = maxBatch;
        this.maxSrcLen = maxSrcLen;
        this.maxTrgLen = maxTrgLen;
        int c = cfg.hidDim();
        keys = new float[maxBatch * maxTrgLen * c];
        values = new float[maxBatch * maxTrgLen * c];
        att = new float[maxBatch * cfg.decHeads() * Math.max(maxTrgLen, maxSrcLen)];
        y = new float[maxBatch * c];
        q = new float[maxBatch * c];
        k = new float[maxBatch * c];
        v = new float[maxBatch * c];
        x1 = new float[maxBatch * c];
        x4 = new float[maxBatch * c];
        norm1 = new Activations.Norm(maxBatch, c);
        norm2 = new Activations.Norm(maxBatch, c);
        norm3 = new Activations.Norm(maxBatch, c);
        ff = new Activations.FeedForward(maxBatch, cfg.decPfDim(), c);
        logits = new float[maxBatch * cfg.trgVocab()];
    }
}
