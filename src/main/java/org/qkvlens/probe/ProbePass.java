package org.qkvlens.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.qkvlens.data.Vocab;
import org.qkvlens.engine.Activations;
import org.qkvlens.engine.GreedyDecoder;
import org.qkvlens.engine.Seq2Seq;

/**
 * Runs the probes through the model in eval mode, as the article did: encode the source, translate greedily, then run
 * the decoder teacher-forced on {@code <sos>} + that translation (or the probe's reference) — the greedy decoding
 * itself leaves those activations behind, a reference being fed instead of the arg-max — and copy out, for every
 * layer and attention site, Q, K, V, x1, x4 and the attention weights, and each layer's output. Must run on the thread
 * that trains the model (between steps), so the weights do not change under it. Invalid probes are skipped.
 * <p>
 * Probes go through in batches of up to {@link #BATCH}, sorted by source length so rows pad little, masked as
 * training batches are (see {@link GreedyDecoder#translateBatch}); each probe's arrays are cut out of its batch row
 * and come out the same as a batch of one. Leaves out choosing the probes (see {@link Probe}).
 */
public final class ProbePass {
    /** Probes per batch: large enough to keep the kernels busy, small enough that the logits stay tens of MB. */
    public static final int BATCH = 32;

    private final Seq2Seq model;
    private final GreedyDecoder decoder;
    private final Vocab srcVocab;
    private final Vocab trgVocab;
    private final CaptureFilter filter;

    public ProbePass(Seq2Seq model, Vocab srcVocab, Vocab trgVocab, int maxDecode) {
        this(model, srcVocab, trgVocab, maxDecode, BATCH, CaptureFilter.ALL);
    }

    /** With {@code batch} probes at most per batch (1: one by one). */
    public ProbePass(Seq2Seq model, Vocab srcVocab, Vocab trgVocab, int maxDecode, int batch) {
        this(model, srcVocab, trgVocab, maxDecode, batch, CaptureFilter.ALL);
    }

    /** With {@code batch} probes at most per batch, keeping the arrays {@code filter} keeps. */
    public ProbePass(Seq2Seq model, Vocab srcVocab, Vocab trgVocab, int maxDecode, int batch, CaptureFilter filter) {
        this.model = model;
        this.decoder = new GreedyDecoder(model, maxDecode, batch);
        this.srcVocab = srcVocab;
        this.trgVocab = trgVocab;
        this.filter = filter;
    }

    public CaptureFilter filter() {
        return filter;
    }

    public GreedyDecoder decoder() {
        return decoder;
    }

    public Snapshot run(int epoch, long step, boolean endOfEpoch, double trainLoss, double validLoss, List<Probe> probes) {
        return new Snapshot(epoch, step, endOfEpoch, trainLoss, validLoss, captureAll(probes));
    }

    /** Translates and captures one valid probe. */
    public ProbeCapture capture(Probe p) {
        if (!p.isValid()) throw new IllegalArgumentException("probe " + p.index() + " is invalid: " + p.problem());
        return captureAll(List.of(p)).getFirst();
    }

    /** Translates and captures every valid probe, in the order given. */
    public List<ProbeCapture> captureAll(List<Probe> probes) {
        ProbeCapture[] captures = new ProbeCapture[probes.size()];
        Map<Integer, Integer> position = new HashMap<>();
        for (int i = 0; i < probes.size(); i++) position.put(probes.get(i).index(), i);
        captureAll(probes, c -> captures[position.get(c.probe())] = c);
        List<ProbeCapture> out = new ArrayList<>();
        for (ProbeCapture c : captures) if (c != null) out.add(c);
        return out;
    }

    /**
     * Translates and captures every valid probe, handing each capture to {@code sink} as soon as its batch is done,
     * in {@link #captureOrder} (so only one batch's arrays are in memory at a time).
     */
    public void captureAll(List<Probe> probes, Consumer<ProbeCapture> sink) {
        List<Probe> order = captureOrder(probes);
        try {
            for (int from = 0; from < order.size(); from += decoder.maxBatch()) {
                for (ProbeCapture c : captureBatch(order.subList(from, Math.min(order.size(), from + decoder.maxBatch())))) {
                    sink.accept(c);
                }
            }
        } finally {
            decoder.releaseLargeBatch();   // hundreds of MB for the tutorial preset, used once an epoch
        }
    }

    /** The valid probes in the order they are captured: by source length, ties in the order given. */
    public static List<Probe> captureOrder(List<Probe> probes) {
        List<Probe> order = new ArrayList<>();
        for (Probe p : probes) if (p.isValid()) order.add(p);
        order.sort(Comparator.comparingInt(p -> p.srcIds().length));
        return order;
    }

    private ProbeCapture[] captureBatch(List<Probe> batch) {
        int n = batch.size();
        List<int[]> sources = new ArrayList<>();
        int[][] forced = new int[n][];
        for (int b = 0; b < n; b++) {
            Probe p = batch.get(b);
            sources.add(p.srcIds());
            if (p.hasReference()) forced[b] = Arrays.copyOfRange(p.referenceIds(), 1, p.referenceIds().length); // words <eos>
        }
        // Position i is labelled input_i -> produced_i, the decoder reading <sos> + produced[:-1]: the activations the
        // decoding leaves behind are exactly those (a reference is fed instead of the arg-max).
        int[][] produced = decoder.translateBatch(sources, forced);
        Activations a = decoder.batchActivations();
        ProbeCapture[] out = new ProbeCapture[n];
        for (int b = 0; b < n; b++) out[b] = capture(batch.get(b), produced[b], a, b);
        return out;
    }

    /** The capture of probe p, row {@code row} of the batch whose activations are {@code a}. */
    private ProbeCapture capture(Probe p, int[] produced, Activations a, int row) {
        int t = produced.length;
        // Token texts: a reference keeps its own words (an unknown one shows as <unk:word>), else the vocabulary's.
        String[] words = new String[t];
        for (int i = 0; i < t; i++) {
            String id = trgVocab.token(produced[i]);
            words[i] = p.hasReference() && i < p.referenceTokens().size() && produced[i] == Vocab.UNK
                    ? "<unk:" + p.referenceTokens().get(i) + ">" : id;
        }
        List<String> translation = new ArrayList<>();
        List<String> decoderLabels = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            translation.add(words[i]);
            decoderLabels.add(bare(i == 0 ? "<sos>" : words[i - 1]) + "->" + bare(words[i]));
        }
        List<String> sourceLabels = p.sourceLabels(srcVocab);
        return new ProbeCapture(p.index(), p.text(), sourceLabels, translation, decoderLabels, p.hasReference(),
                copyArrays(a, row, p.srcIds().length, t));
    }

    /** Row {@code b}'s arrays, cut to its own s source and t decoder tokens from the batch's S and T. */
    private Map<ArrayKey, Tensor> copyArrays(Activations a, int b, int s, int t) {
        int c = model.config.hidDim(), bs = a.srcLen(), bt = a.trgLen();
        Rows src = new Rows(b * bs * c, bs, s), trg = new Rows(b * bt * c, bt, t);
        Map<ArrayKey, Tensor> arrays = new HashMap<>();
        for (int l = 0; l < a.encoder.length; l++) {
            Activations.EncoderLayer e = a.encoder[l];
            site(arrays, Site.ENC_SELF, l, e.self, b, src, src, model.config.encHeads(), c);
            put(arrays, new ArrayKey(Site.ENC_OUT, l, Kind.OUT), () -> Tensor.copyOf(e.norm2.out, src.from, s, c));
        }
        for (int l = 0; l < a.decoder.length; l++) {
            Activations.DecoderLayer d = a.decoder[l];
            site(arrays, Site.DEC_SELF, l, d.self, b, trg, trg, model.config.decHeads(), c);
            site(arrays, Site.DEC_CROSS, l, d.cross, b, trg, src, model.config.decHeads(), c);
            put(arrays, new ArrayKey(Site.DEC_OUT, l, Kind.OUT), () -> Tensor.copyOf(d.norm3.out, trg.from, t, c));
        }
        return arrays;
    }

    /** One batch row's tokens on one side: its first float in a (B, N, C) array, the batch's N and its own n. */
    private record Rows(int from, int all, int own) {
    }

    private void put(Map<ArrayKey, Tensor> arrays, ArrayKey key, Supplier<Tensor> copy) {
        if (filter.keeps(key)) arrays.put(key, copy.get());
    }

    private void site(Map<ArrayKey, Tensor> arrays, Site site, int layer, Activations.Site a, int b, Rows q,
                      Rows k, int heads, int c) {
        put(arrays, new ArrayKey(site, layer, Kind.Q), () -> Tensor.copyOf(a.q, q.from, q.own, c));
        put(arrays, new ArrayKey(site, layer, Kind.K), () -> Tensor.copyOf(a.k, k.from, k.own, c));
        put(arrays, new ArrayKey(site, layer, Kind.V), () -> Tensor.copyOf(a.v, k.from, k.own, c));
        put(arrays, new ArrayKey(site, layer, Kind.X1), () -> Tensor.copyOf(a.x1, q.from, q.own, c));
        put(arrays, new ArrayKey(site, layer, Kind.X4), () -> Tensor.copyOf(a.x4, q.from, q.own, c));
        if (!filter.keeps(new ArrayKey(site, layer, Kind.ATTENTION))) return;
        // attention (B, H, Tq, Tk) of the batch → (H, tq, tk) of this row
        float[] att = new float[heads * q.own * k.own];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < q.own; i++) {
                System.arraycopy(a.att, ((b * heads + h) * q.all + i) * k.all, att, (h * q.own + i) * k.own, k.own);
            }
        }
        arrays.put(new ArrayKey(site, layer, Kind.ATTENTION), new Tensor(new int[] {heads, q.own, k.own}, att));
    }

    private static String bare(String token) {
        return token.startsWith("<") && token.endsWith(">") && token.length() > 2 ? token.substring(1, token.length() - 1) : token;
    }
}
