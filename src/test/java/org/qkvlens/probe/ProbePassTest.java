package org.qkvlens.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.Dataset;
import org.qkvlens.data.TextPair;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Seq2Seq;

/**
 * The probe pass on an (untrained) 2-head model: what is fed to the decoder, the labels, which probes are skipped,
 * and that the captured attention is what attention must be (causal in the decoder, rows summing to 1).
 */
class ProbePassTest {
    private static final int HID = 16, HEADS = 2, MAX_DECODE = 10;

    private Dataset data;
    private Seq2Seq model;
    private ProbePass pass;

    @BeforeEach
    void buildModel() {
        List<TextPair> pairs = List.of(
                new TextPair("i eat apple", "ich essen apfel", "t:1"), new TextPair("we eat apple", "wir essen apfel", "t:2"),
                new TextPair("i eat bread", "ich essen brot", "t:3"), new TextPair("we eat bread", "wir essen brot", "t:4"));
        data = Dataset.build(pairs, List.of(), TokenizerKind.WORDS, 1, 100);
        ModelConfig config = new ModelConfig(data.srcVocab().size(), data.trgVocab().size(), HID, 1, 1, HEADS, HEADS,
                32, 32, 0.1f, 100, 1, 1);
        model = new Seq2Seq(config, 1);
        model.initialize(7);
        pass = new ProbePass(model, data.srcVocab(), data.trgVocab(), MAX_DECODE);
    }

    @AfterEach
    void closeModel() {
        model.close();
    }

    private Probe probe(int index, String text, String reference) {
        return Probe.resolve(index, new ProbeLine(text, reference, "p.txt:" + (index + 1)), data.srcVocab(),
                data.trgVocab(), TokenizerKind.WORDS, 100, MAX_DECODE);
    }

    @Test
    void referenceIsFedToTheDecoderAndLabelsItsPositions() {
        ProbeCapture c = pass.capture(probe(0, "i eat apple", "ich essen apfel"));

        assertTrue(c.fromReference());
        assertEquals(List.of("ich", "essen", "apfel", "<eos>"), c.translation());
        assertEquals(List.of("sos->ich", "ich->essen", "essen->apfel", "apfel->eos"), c.decoderLabels());
        assertEquals(List.of("<sos>", "i", "eat", "apple", "<eos>"), c.sourceLabels());
        assertEquals(List.of(4, HID), dims(c.array(key(Site.DEC_SELF, Kind.Q))));
    }

    @Test
    void withoutReferenceTheGreedyTranslationIsFed() {
        Probe p = probe(0, "we eat bread", null);
        int[] greedy = pass.decoder().translate(p.srcIds());
        ProbeCapture c = pass.capture(p);

        assertFalse(c.fromReference());
        assertEquals(greedy.length, c.translation().size());
        for (int i = 0; i < greedy.length; i++) assertEquals(data.trgVocab().token(greedy[i]), c.translation().get(i));
        assertEquals(c.translation().size(), c.decoderLabels().size());
        assertTrue(c.decoderLabels().getFirst().startsWith("sos->"), c.decoderLabels().toString());
    }

    @Test
    void unknownWordsAreLabelledWithTheWord() {
        ProbeCapture c = pass.capture(probe(0, "we eat pizza", null));
        assertEquals(List.of("<sos>", "we", "eat", "<unk:pizza>", "<eos>"), c.sourceLabels());
        assertEquals(List.of(5, HID), dims(c.array(key(Site.ENC_SELF, Kind.K))));
    }

    @Test
    void invalidProbesAreSkipped() {
        List<Probe> probes = List.of(probe(0, "i eat apple", null), probe(1, "", "ich essen"), probe(2, "xyz qqq", null),
                probe(3, "we eat bread", "wir essen brot"));
        assertFalse(probes.get(1).isValid());
        assertFalse(probes.get(2).isValid());

        Snapshot s = pass.run(1, 5, true, 2.0, Double.NaN, probes);

        assertEquals(List.of(0, 3), s.probes().stream().map(ProbeCapture::probe).toList());
        assertNull(s.probe(1));
        assertNull(s.probe(2));
        assertEquals("we eat bread", s.probe(3).text());
    }

    @Test
    void decoderSelfAttentionIsCausalAndEveryAttentionRowSumsToOne() {
        ProbeCapture c = pass.capture(probe(0, "we eat apple", "wir essen apfel"));
        int s = 5, t = 4;

        Tensor decSelf = c.array(key(Site.DEC_SELF, Kind.ATTENTION));
        assertEquals(List.of(HEADS, t, t), dims(decSelf));
        float[] a = decSelf.data();
        for (int h = 0; h < HEADS; h++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    float w = a[(h * t + i) * t + j];
                    if (j > i) assertEquals(0f, w, "head " + h + ": query " + i + " sees the later key " + j);
                    else assertTrue(w > 0, "head " + h + ": query " + i + ", key " + j);
                }
            }
        }
        assertEquals(List.of(HEADS, s, s), dims(c.array(key(Site.ENC_SELF, Kind.ATTENTION))));
        assertEquals(List.of(HEADS, t, s), dims(c.array(key(Site.DEC_CROSS, Kind.ATTENTION))));
        for (Site site : List.of(Site.ENC_SELF, Site.DEC_SELF, Site.DEC_CROSS)) {
            Tensor att = c.array(key(site, Kind.ATTENTION));
            int cols = att.dim(2);
            for (int row = 0; row < att.data().length / cols; row++) {
                double sum = 0;
                for (int j = 0; j < cols; j++) sum += att.data()[row * cols + j];
                assertEquals(1.0, sum, 1e-5, site.id() + " row " + row);
            }
        }
    }

    @Test
    void capturedArraysAreCopiesNotViewsOfTheLiveActivations() {
        ProbeCapture first = pass.capture(probe(0, "i eat apple", "ich essen apfel"));
        float[] before = first.array(key(Site.ENC_SELF, Kind.Q)).data().clone();
        pass.capture(probe(1, "we eat bread", "wir essen brot"));
        assertArrayEquals(before, first.array(key(Site.ENC_SELF, Kind.Q)).data());
    }

    private static ArrayKey key(Site site, Kind kind) {
        return new ArrayKey(site, 0, kind);
    }

    private static List<Integer> dims(Tensor t) {
        return java.util.Arrays.stream(t.shape()).boxed().toList();
    }
}
