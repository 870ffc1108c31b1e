package org.qkvlens.engine;

/**
 * What greedy decoding keeps between its steps so that each step runs only the new position through the decoder
 * ({@link Seq2Seq#decodeStep}): every decoder layer's self-attention keys and values of the positions so far, the
 * encoder–decoder attention's keys and values (fixed for a batch of sources), and one row per sentence of scratch.
 * Sized once for a largest batch, source and target length. Leaves out the encoder's activations (an
 * {@link Activations} holds them) and dropout (decoding runs in eval mode).
 */
final class DecodeCache {
    final int maxBatch, maxSrcLen, maxTrgLen;
    final float[][] selfK, selfV;     // per layer (B, maxTrgLen, C): position t of row b at (b·maxTrgLen + t)·C
    final float[][] crossK, crossV;   // per layer (B, S, C), compact for the batch's S
    final float[] keys, values;       // (B, t+1, C) the cache of one layer laid out compactly for the attention call
    final float[] att;                // (B, H, 1, t+1)
    final float[] y, q, k, v, x1, x4; // (B, C) the new position's rows
    final Activations.Norm norm1, norm2, norm3;
    final Activations.FeedForward ff;
    final float[] logits;             // (B, V)

    DecodeCache(ModelConfig cfg, int maxBatch, int maxSrcLen, int maxTrgLen) {
        this.maxBatch = maxBatch;
        this.maxSrcLen = maxSrcLen;
        this.maxTrgLen = maxTrgLen;
        int c = cfg.hidDim(), layers = cfg.decLayers();
        selfK = new float[layers][maxBatch * maxTrgLen * c];
        selfV = new float[layers][maxBatch * maxTrgLen * c];
        crossK = new float[layers][maxBatch * maxSrcLen * c];
        crossV = new float[layers][maxBatch * maxSrcLen * c];
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
