package org.qkvlens.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.data.Vocab;
import org.qkvlens.engine.Activations;
import org.qkvlens.engine.GreedyDecoder;
import org.qkvlens.engine.Seq2Seq;

/**
 * Runs the probes through the model in eval mode, as the article did: encode the source, translate greedily, then run
 * the decoder teacher-forced on {@code <sos>} + that translation (or the probe's reference), and copy out, for every
 * layer and attention site, Q, K, V, x1, x4 and the attention weights, and each layer's output. Must run on the thread
 * that trains the model (between steps), so the weights do not change under it. Invalid probes are skipped.
 */
public final class ProbePass {
    private final Seq2Seq model;
    private final GreedyDecoder decoder;
    private final Vocab srcVocab;
    private final Vocab trgVocab;

    public ProbePass(Seq2Seq model, Vocab srcVocab, Vocab trgVocab, int maxDecode) {
        this.model = model;
        this.decoder = new GreedyDecoder(model, maxDecode);
        this.srcVocab = srcVocab;
        this.trgVocab = trgVocab;
    }

    public GreedyDecoder decoder() {
        return decoder;
    }

    public Snapshot run(int epoch, long step, boolean endOfEpoch, double trainLoss, double validLoss, List<Probe> probes) {
        List<ProbeCapture> captures = new ArrayList<>();
        for (Probe p : probes) {
            if (p.isValid()) captures.add(capture(p));
        }
        return new Snapshot(epoch, step, endOfEpoch, trainLoss, validLoss, captures);
    }

    /** Translates and captures one valid probe. */
    public ProbeCapture capture(Probe p) {
        int[] produced;
        if (p.hasReference()) {
            int[] ref = p.referenceIds();            // <sos> words <eos>
            produced = java.util.Arrays.copyOfRange(ref, 1, ref.length);
        } else {
            produced = decoder.translate(p.srcIds());
        }
        // The decoder reads <sos> + produced[:-1] and predicts produced: position i is labelled input_i -> produced_i.
        int t = produced.length;
        int[] input = new int[t];
        input[0] = Vocab.SOS;
        System.arraycopy(produced, 0, input, 1, t - 1);
        if (p.hasReference()) decoder.teacherForce(p.srcIds(), input);
        else decoder.teacherForceSameSource(input);  // translate() above has just encoded this source

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
                copyArrays(decoder.activations(), p.srcIds().length, t));
    }

    private Map<ArrayKey, Tensor> copyArrays(Activations a, int s, int t) {
        int c = model.config.hidDim();
        Map<ArrayKey, Tensor> arrays = new HashMap<>();
        for (int l = 0; l < a.encoder.length; l++) {
            Activations.EncoderLayer e = a.encoder[l];
            site(arrays, Site.ENC_SELF, l, e.self, s, s, model.config.encHeads(), c);
            arrays.put(new ArrayKey(Site.ENC_OUT, l, Kind.OUT), Tensor.copyOf(e.norm2.out, 0, s, c));
        }
        for (int l = 0; l < a.decoder.length; l++) {
            Activations.DecoderLayer d = a.decoder[l];
            site(arrays, Site.DEC_SELF, l, d.self, t, t, model.config.decHeads(), c);
            site(arrays, Site.DEC_CROSS, l, d.cross, t, s, model.config.decHeads(), c);
            arrays.put(new ArrayKey(Site.DEC_OUT, l, Kind.OUT), Tensor.copyOf(d.norm3.out, 0, t, c));
        }
        return arrays;
    }

    private static void site(Map<ArrayKey, Tensor> arrays, Site site, int layer, Activations.Site a, int tq, int tk,
                             int heads, int c) {
        arrays.put(new ArrayKey(site, layer, Kind.Q), Tensor.copyOf(a.q, 0, tq, c));
        arrays.put(new ArrayKey(site, layer, Kind.K), Tensor.copyOf(a.k, 0, tk, c));
        arrays.put(new ArrayKey(site, layer, Kind.V), Tensor.copyOf(a.v, 0, tk, c));
        arrays.put(new ArrayKey(site, layer, Kind.X1), Tensor.copyOf(a.x1, 0, tq, c));
        arrays.put(new ArrayKey(site, layer, Kind.X4), Tensor.copyOf(a.x4, 0, tq, c));
        arrays.put(new ArrayKey(site, layer, Kind.ATTENTION), Tensor.copyOf(a.att, 0, heads, tq, tk));
    }

    private static String bare(String token) {
        return token.startsWith("<") && token.endsWith(">") && token.length() > 2 ? token.substring(1, token.length() - 1) : token;
    }
}
