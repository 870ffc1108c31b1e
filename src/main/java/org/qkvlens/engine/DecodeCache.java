package org.qkvlens.engine;

/**
 * The scratch of greedy decoding steps ({@link Seq2Seq#decodeStep}), which run only the new position through the
 * decoder: one row per sentence for each layer's intermediate values, each layer's keys transposed per head for the
 * attention (the self-attention's gain a column per step, the source's are transposed once per batch), and the
 * logits. Sized once for a largest batch, source and target length. Leaves out the activations the steps keep (the
 * keys and values of earlier positions, the encoder's output: the {@link Activations} being decoded into holds them)
 * and dropout (decoding runs in eval mode).
 */
final class DecodeCache {
    final int maxBatch, maxSrcLen, maxTrgLen;
    final int ldSelf, ldCross;        // columns of a transposed key head: maxTrgLen, maxSrcLen padded to whole vectors
    final float[][] selfKt;           // per layer (B·H, D, ldSelf): the self-attention keys so far, transposed per head
    final float[][] crossKt;          // per layer (B·H, D, ldCross): the source's keys, transposed per head
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
        ldSelf = AttentionKernel.paddedKeys(maxTrgLen);
        ldCross = AttentionKernel.paddedKeys(maxSrcLen);
        selfKt = new float[cfg.decLayers()][maxBatch * c * ldSelf];
        crossKt = new float[cfg.decLayers()][maxBatch * c * ldCross];
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
