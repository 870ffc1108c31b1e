package org.qkvlens.engine;

import java.util.Arrays;
import java.util.List;
import org.qkvlens.data.Vocab;

/**
 * The tutorial's {@code translate_sentence}: encode once, then feed {@code <sos>} and each predicted token back,
 * taking the arg-max of the last position, until {@code <eos>} or the length limit; the whole prefix is decoded
 * each time, exactly as the tutorial does, except that fc_out (the widest layer) runs on the last position only —
 * every layer works row by row, so the arg-max is the same. Eval mode, its own activations.
 * <p>
 * {@link #translateBatch} does the same for a batch of sentences at once, masked as training batches are: sources
 * padded to the longest, and a row that produced {@code <eos>} goes on with padding, which the self-attention masks
 * as a key. Each step runs one new position through the decoder ({@link Seq2Seq#decodeStep}), the earlier positions'
 * keys and values kept in the batch's activations. Every kernel works row by row and a masked key weighs exactly 0,
 * so each row gets the same ids as {@link #translate} alone, and the activations left behind are those of running
 * the decoder teacher-forced on {@code <sos>} + the row's output without its last token: a row may also be fed given
 * tokens instead of its arg-max (a probe's reference), so the probe pass needs no second decoder run
 * (ProbePassBatchTest checks the ids and that every captured number matches the one-by-one teacher-forced pass).
 * Leaves out beam search.
 */
public final class GreedyDecoder {
    private final Seq2Seq model;
    private final int maxTokens;
    private final Activations acts;
    private final int[] src;
    private final int[] trg;
    private final int maxBatch;
    private Activations batchActs;   // (maxBatch, capacity, maxTokens), allocated on first use, grown for longer sources
    private int capacity;            // the longest source batchActs holds
    private int[] batchSrc, batchTrg;
    private DecodeCache cache;

    /** @param maxTokens the most tokens generated, {@code <eos>} included (limited by the positional table) */
    public GreedyDecoder(Seq2Seq model, int maxTokens) {
        this(model, maxTokens, 1);
    }

    /**
     * @param maxTokens the most tokens generated, {@code <eos>} included (limited by the positional table)
     * @param maxBatch  the most sentences {@link #translateBatch} takes at once
     */
    public GreedyDecoder(Seq2Seq model, int maxTokens, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
        this.model = model;
        this.maxTokens = Math.min(maxTokens, model.config.maxLength());
        this.maxBatch = maxBatch;
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

    /**
     * Activations of the last {@link #translateBatch}: the encoder's for the batch's S (row b of a source-side array
     * at {@code b·srcLen()·C}) and the decoder's for {@code T = trgLen()} = {@link #maxTokens} (row b of a (B, T, C)
     * array at {@code b·T·C}), valid for each row's positions 0 … its output's length − 1 only; the decoder's
     * residual sums, feed-forward, embeddings and logits are not kept. Read them before the next call.
     */
    public Activations batchActivations() {
        return batchActs;
    }

    /** Batch activations larger than this are let go after a probe pass; smaller ones are kept for the next pass. */
    static final long KEEP_BELOW_BYTES = 32L << 20;

    /**
     * Lets large batch activations go (a probe pass calls it when done; the next batch allocates them anew): the
     * tutorial's are hundreds of MB used once an epoch, while reallocating the article's small ones every pass would
     * double its cost.
     */
    public void releaseLargeBatch() {
        if (batchActs != null && batchActs.bytes() > KEEP_BELOW_BYTES) releaseBatch();
    }

    /** Lets the batch activations go; the next batch allocates them anew. */
    public void releaseBatch() {
        batchActs = null;
        batchSrc = null;
        batchTrg = null;
        cache = null;
        capacity = 0;
    }

    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Greedy translation of up to {@link #maxBatch} sources at once ({@code <sos>} … {@code <eos>} each); row b comes
     * back as {@link #translate} would return it, unless {@code forced[b]} is given ({@code forced} may be null):
     * then that row is fed those tokens (without the leading {@code <sos>}; at most {@link #maxTokens}) instead of its
     * arg-max, and comes back as them. Afterwards {@link #batchActivations} hold, for each row, the activations of the
     * decoder run teacher-forced on {@code <sos>} + its output without the last token.
     */
    public int[][] translateBatch(List<int[]> srcIds, int[][] forced) {
        int batch = encodeBatch(srcIds);
        int stride = maxTokens + 1, pad = model.config.trgPadIdx(), v = model.config.trgVocab();
        if (forced != null && forced.length != batch) {
            throw new IllegalArgumentException(forced.length + " forced rows for a batch of " + batch);
        }
        Arrays.fill(batchTrg, 0, batch * stride, pad);
        boolean[] active = new boolean[batch];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            batchTrg[b * stride] = Vocab.SOS;
            int[] f = forced == null ? null : forced[b];
            if (f != null && (f.length < 1 || f.length > maxTokens)) {
                throw new IllegalArgumentException("row " + b + ": " + f.length + " forced tokens; 1 to " + maxTokens + " fit");
            }
            active[b] = true;
        }
        int remaining = batch, len = 1;
        while (len <= maxTokens && remaining > 0) {
            model.decodeStep(batchActs, cache, batchTrg, stride, len - 1);  // the new position only
            for (int b = 0; b < batch; b++) {
                if (!active[b]) continue;             // a finished row reads padding from here on
                int[] f = forced == null ? null : forced[b];
                int next = f != null ? f[len - 1] : argmax(cache.logits, b * v, v);
                batchTrg[b * stride + len] = next;
                lengths[b] = len;
                if (f != null ? len == f.length : next == Vocab.EOS) {
                    active[b] = false;
                    remaining--;
                }
            }
            len++;
        }
        int[][] out = new int[batch][];
        for (int b = 0; b < batch; b++) out[b] = Arrays.copyOfRange(batchTrg, b * stride + 1, b * stride + 1 + lengths[b]);
        return out;
    }

    private int encodeBatch(List<int[]> srcIds) {
        int batch = srcIds.size(), maxLen = model.config.maxLength();
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("a batch of " + batch + " sentences; this decoder takes 1 to " + maxBatch);
        }
        int len = 0;
        for (int[] s : srcIds) {
            if (s.length > maxLen) throw new IllegalArgumentException("source of " + s.length + " tokens exceeds max_length " + maxLen);
            len = Math.max(len, s.length);
        }
        if (batchActs == null || capacity < len) {
            // sized to the sources at hand (rounded up to 16), not to max_length: the tutorial's 100 positions held
            // 330 MB for Multi30k sentences of at most 40 tokens
            capacity = Math.min(maxLen, (len + 15) / 16 * 16);
            batchActs = null;
            batchActs = new Activations(model.config, maxBatch, capacity, maxTokens, false);
            batchSrc = new int[maxBatch * capacity];
            batchTrg = new int[maxBatch * (maxTokens + 1)];
            cache = new DecodeCache(model.config, maxBatch, capacity, maxTokens);
        }
        Arrays.fill(batchSrc, 0, batch * len, model.config.srcPadIdx());
        for (int b = 0; b < batch; b++) System.arraycopy(srcIds.get(b), 0, batchSrc, b * len, srcIds.get(b).length);
        model.encode(batchActs, batchSrc, len, batch, len, false, 0, 0);
        return batch;
    }

    /** The arg-max token at decoder position {@code pos} of the last decode. */
    public int argmax(int pos) {
        return argmax(acts.logits, pos * model.config.trgVocab(), model.config.trgVocab());
    }

    /** The first index of the largest of {@code logits[off, off + v)}. */
    private static int argmax(float[] logits, int off, int v) {
        int best = 0;
        for (int j = 1; j < v; j++) if (logits[off + j] > logits[off + best]) best = j;
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
