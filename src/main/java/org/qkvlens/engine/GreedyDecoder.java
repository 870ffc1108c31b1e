package org.qkvlens.engine;

import java.util.Arrays;
import org.qkvlens.data.Vocab;

/**
 * The tutorial's {@code translate_sentence}: encode once, then feed {@code <sos>} and each predicted token back,
 * taking the arg-max of the last position, until {@code <eos>} or the length limit; the whole prefix is decoded
 * each time, exactly as the tutorial does, except that fc_out (the widest layer) runs on the last position only —
 * every layer works row by row, so the arg-max is the same. One sentence at a time, eval mode, its own activations.
 * Leaves out beam search, batching and caching the prefix's keys and values.
 */
public final class GreedyDecoder {
    private final Seq2Seq model;
    private final int maxTokens;
    private final Activations acts;
    private final int[] src;
    private final int[] trg;

    /** @param maxTokens the most tokens generated, {@code <eos>} included (limited by the positional table) */
    public GreedyDecoder(Seq2Seq model, int maxTokens) {
        this.model = model;
        this.maxTokens = Math.min(maxTokens, model.config.maxLength());
        this.acts = new Activations(model.config, 1, model.config.maxLength(), this.maxTokens, false);
        this.src = new int[model.config.maxLength()];
        this.trg = new int[this.maxTokens + 1];
    }

    /**
     * Activations of the last {@link #translate} or {@link #teacherForce}: read them before the next call. After
     * {@link #translate} the logits hold the last decoded position only.
     */
    public Activations activations() {
        return acts;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /**
     * Greedy translation of source ids ({@code <sos>} … {@code <eos>}). Returns the generated ids without the leading
     * {@code <sos>}; ends with {@code <eos>} unless the limit was reached first.
     */
    public int[] translate(int[] srcIds) {
        encode(srcIds);
        trg[0] = Vocab.SOS;
        int len = 1;
        while (len <= maxTokens) {
            model.decode(acts, trg, trg.length, len, true);  // only the last position's logits are read
            int next = argmaxLast(len);
            trg[len++] = next;
            if (next == Vocab.EOS) break;
        }
        return Arrays.copyOfRange(trg, 1, len);
    }

    /** Runs the decoder once, teacher-forced on {@code decoderInput} (starting with {@code <sos>}); eval mode. */
    public void teacherForce(int[] srcIds, int[] decoderInput) {
        encode(srcIds);
        teacherForceSameSource(decoderInput);
    }

    /**
     * {@link #teacherForce} against the source the last {@link #translate} or {@link #teacherForce} encoded, whose
     * encoder activations are still in place: for the probe pass, which translates a sentence and then runs the
     * decoder on that translation, without encoding the same sentence twice. The weights must not have changed since.
     */
    public void teacherForceSameSource(int[] decoderInput) {
        if (decoderInput.length > maxTokens) {
            throw new IllegalArgumentException("decoder input of " + decoderInput.length + " tokens exceeds " + maxTokens);
        }
        System.arraycopy(decoderInput, 0, trg, 0, decoderInput.length);
        model.decode(acts, trg, trg.length, decoderInput.length);
    }

    /** The arg-max token at decoder position {@code pos} of the last decode. */
    public int argmax(int pos) {
        int v = model.config.trgVocab();
        int off = pos * v, best = 0;
        for (int j = 1; j < v; j++) if (acts.logits[off + j] > acts.logits[off + best]) best = j;
        return best;
    }

    private int argmaxLast(int len) {
        return argmax(len - 1);
    }

    private void encode(int[] srcIds) {
        if (srcIds.length > src.length) {
            throw new IllegalArgumentException("source of " + srcIds.length + " tokens exceeds max_length " + src.length);
        }
        System.arraycopy(srcIds, 0, src, 0, srcIds.length);
        model.encode(acts, src, src.length, 1, srcIds.length, false, 0, 0);
    }
}
