package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.data.TextPair;
import org.qkvlens.data.Vocab;
import org.qkvlens.engine.Activations;
import org.qkvlens.engine.GreedyDecoder;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Seq2Seq;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Probe;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.probe.ProbePass;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Tensor;

/**
 * The batched probe pass against the one-by-one pass it replaced (kept here, in {@link #oneByOne}, as the reference:
 * {@link GreedyDecoder#translate} and {@link GreedyDecoder#teacherForce} on one sentence, arrays copied whole): on the
 * trained article preset and on a trained 2-layer, 4-head model, with probes of many lengths, some with references,
 * in batches of 32 and of 3 (so batches mix lengths and finished rows run on as padding). Translations must be
 * identical and every captured array bit-identical.
 */
class ProbePassBatchTest {

    @Test
    void articlePresetBatchedEqualsOneByOne() {
        compare(ArticleRuns.setup(12, 5, 2, true));
    }

    @Test
    void multiLayerMultiHeadBatchedEqualsOneByOne() {
        RunSetup article = ArticleRuns.setup(12, 9, 2, true);
        ModelConfig m = article.model();
        ModelConfig deep = new ModelConfig(m.srcVocab(), m.trgVocab(), 32, 2, 2, 4, 4, 48, 48, 0.1f, m.maxLength(),
                m.srcPadIdx(), m.trgPadIdx());
        compare(new RunSetup("deep", deep, article.train(), article.order(), article.dataset(), article.corpus(),
                article.probes(), 0));
    }

    private static void compare(RunSetup setup) {
        List<ProbeLine> lines = new ArrayList<>(setup.probes());
        int n = 0;
        for (TextPair p : CorpusReader.readPairs(Path.of("sample-sentences/eng_de.csv"))) {
            lines.add(new ProbeLine(p.source(), n % 3 == 0 ? p.target() : null, "train:" + (++n)));
        }
        lines.add(new ProbeLine("i", null, "short"));
        try (TrainingSession session = new TrainingSession(new RunSetup(setup.preset(), setup.model(),
                setup.train(), setup.order(), setup.dataset(), setup.corpus(), lines, 0))) {
            session.run();
            Seq2Seq model = session.model();
            var src = setup.dataset().srcVocab();
            var trg = setup.dataset().trgVocab();
            int maxDecode = session.probePass().decoder().maxTokens();
            List<Probe> probes = session.probes();
            Set<Integer> lengths = new HashSet<>();
            for (Probe p : probes) if (p.isValid()) lengths.add(p.srcIds().length);
            assertTrue(lengths.size() >= 4, "probes of several lengths: " + lengths);

            GreedyDecoder single = new GreedyDecoder(model, maxDecode);
            for (int batch : new int[] {ProbePass.BATCH, 3}) {
                List<ProbeCapture> got = new ProbePass(model, src, trg, maxDecode, batch).captureAll(probes);
                int i = 0;
                Set<Integer> translatedLengths = new HashSet<>();
                for (Probe p : probes) {
                    if (!p.isValid()) continue;
                    ProbeCapture c = got.get(i++);
                    assertEquals(p.index(), c.probe());
                    int[] produced = p.hasReference() ? java.util.Arrays.copyOfRange(p.referenceIds(), 1, p.referenceIds().length)
                            : single.translate(p.srcIds());
                    if (!p.hasReference()) translatedLengths.add(produced.length);
                    List<String> words = new ArrayList<>();
                    for (int id : produced) words.add(trg.token(id));
                    if (!p.hasReference()) assertEquals(words, c.translation(), "translation of " + p.text());
                    Map<ArrayKey, Tensor> want = oneByOne(single, model.config, p, produced);
                    assertEquals(want.keySet(), c.arrays().keySet());
                    for (var e : want.entrySet()) {
                        Tensor t = c.array(e.getKey());
                        assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey() + " of " + p.text());
                        assertArrayEquals(e.getValue().data(), t.data(), e.getKey() + " of " + p.text() + " (batch " + batch + ")");
                    }
                }
                assertEquals(i, got.size());
                assertTrue(translatedLengths.size() >= 2, "translations of several lengths: " + translatedLengths);
            }
        }
    }

    /** The probe pass as it was before batching: one sentence, decoded and captured on its own. */
    private static Map<ArrayKey, Tensor> oneByOne(GreedyDecoder d, ModelConfig cfg, Probe p, int[] produced) {
        int t = produced.length, s = p.srcIds().length, c = cfg.hidDim();
        int[] input = new int[t];
        input[0] = Vocab.SOS;
        System.arraycopy(produced, 0, input, 1, t - 1);
        d.teacherForce(p.srcIds(), input);
        Activations a = d.activations();
        Map<ArrayKey, Tensor> arrays = new HashMap<>();
        for (int l = 0; l < a.encoder.length; l++) {
            site(arrays, Site.ENC_SELF, l, a.encoder[l].self, s, s, cfg.encHeads(), c);
            arrays.put(new ArrayKey(Site.ENC_OUT, l, Kind.OUT), Tensor.copyOf(a.encoder[l].norm2.out, 0, s, c));
        }
        for (int l = 0; l < a.decoder.length; l++) {
            site(arrays, Site.DEC_SELF, l, a.decoder[l].self, t, t, cfg.decHeads(), c);
            site(arrays, Site.DEC_CROSS, l, a.decoder[l].cross, t, s, cfg.decHeads(), c);
            arrays.put(new ArrayKey(Site.DEC_OUT, l, Kind.OUT), Tensor.copyOf(a.decoder[l].norm3.out, 0, t, c));
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
}
