package org.qkvlens.engine;

/**
 * The shape of bentrevett's Seq2Seq Transformer, with the field names of the PyTorch tutorial's
 * {@code config.json} ({@code hid_dim}, {@code enc_layers}, …). Dropout is part of the model as in PyTorch;
 * everything about training (batch, learning rate, epochs) lives in {@link TrainConfig}.
 *
 * @param srcVocab   source vocabulary size (rows of encoder.tok_embedding)
 * @param trgVocab   target vocabulary size (rows of decoder.tok_embedding and decoder.fc_out)
 * @param hidDim     C, the model width
 * @param encLayers  encoder layers
 * @param decLayers  decoder layers
 * @param encHeads   encoder attention heads (hidDim must divide evenly)
 * @param decHeads   decoder attention heads, for both self and cross attention
 * @param encPfDim   encoder feed-forward inner width
 * @param decPfDim   decoder feed-forward inner width
 * @param dropout    drop probability in [0, 1)
 * @param maxLength  rows of the learned positional tables: the longest sequence (with sos/eos) the model takes
 * @param srcPadIdx  id of the source padding token
 * @param trgPadIdx  id of the target padding token
 */
public record ModelConfig(int srcVocab, int trgVocab, int hidDim, int encLayers, int decLayers, int encHeads,
                          int decHeads, int encPfDim, int decPfDim, float dropout, int maxLength,
                          int srcPadIdx, int trgPadIdx) {

    public ModelConfig {
        positive("src_vocab", srcVocab);
        positive("trg_vocab", trgVocab);
        positive("hid_dim", hidDim);
        positive("enc_layers", encLayers);
        positive("dec_layers", decLayers);
        positive("enc_heads", encHeads);
        positive("dec_heads", decHeads);
        positive("enc_pf_dim", encPfDim);
        positive("dec_pf_dim", decPfDim);
        positive("max_length", maxLength);
        if (hidDim % encHeads != 0) {
            throw new IllegalArgumentException("hid_dim " + hidDim + " is not divisible by enc_heads " + encHeads);
        }
        if (hidDim % decHeads != 0) {
            throw new IllegalArgumentException("hid_dim " + hidDim + " is not divisible by dec_heads " + decHeads);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (srcPadIdx < 0 || srcPadIdx >= srcVocab) {
            throw new IllegalArgumentException("src_pad_idx " + srcPadIdx + " is outside the source vocabulary (" + srcVocab + ")");
        }
        if (trgPadIdx < 0 || trgPadIdx >= trgVocab) {
            throw new IllegalArgumentException("trg_pad_idx " + trgPadIdx + " is outside the target vocabulary (" + trgVocab + ")");
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be a positive integer, got " + value);
        }
    }

    /**
     * Floats in the flat parameter array of a model of this shape ({@link Weights#size()}), counted without
     * allocating anything; {@link Long#MAX_VALUE} when the count does not fit in a long.
     */
    public long parameterCount() {
        try {
            long c = hidDim;
            long attention = 4 * Math.addExact(Math.multiplyExact(c, c), c);
            long encLayer = Math.addExact(Math.addExact(4 * c, attention), feedForward(c, encPfDim));
            long decLayer = Math.addExact(Math.addExact(6 * c, 2 * attention), feedForward(c, decPfDim));
            long n = Math.multiplyExact(c, (long) srcVocab + trgVocab + 2L * maxLength);
            n = Math.addExact(n, Math.multiplyExact(encLayers, encLayer));
            n = Math.addExact(n, Math.multiplyExact(decLayers, decLayer));
            return Math.addExact(n, Math.multiplyExact(c + 1, (long) trgVocab));
        } catch (ArithmeticException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    private static long feedForward(long c, long pf) {
        return Math.addExact(Math.multiplyExact(2 * c, pf), pf + c);
    }

    public int encHeadDim() {
        return hidDim / encHeads;
    }

    public int decHeadDim() {
        return hidDim / decHeads;
    }

    public ModelConfig withVocab(int srcVocab, int trgVocab) {
        return new ModelConfig(srcVocab, trgVocab, hidDim, encLayers, decLayers, encHeads, decHeads, encPfDim, decPfDim,
                dropout, maxLength, srcPadIdx, trgPadIdx);
    }
}
