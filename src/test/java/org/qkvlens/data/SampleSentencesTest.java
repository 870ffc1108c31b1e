package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The toy corpus shipped in sample-sentences/ reads cleanly and survives min_freq 2 whole. */
class SampleSentencesTest {
    private static final List<TextPair> PAIRS = CorpusReader.readPairs(Path.of("sample-sentences/eng_de.csv"));

    @Test
    void has36PairsInTheDocumentedOrder() {
        assertEquals(36, PAIRS.size());
        assertEquals(new TextPair("i want to eat apple", "ich mochten apfel essen", "eng_de.csv:1"), PAIRS.getFirst());
        assertEquals(new TextPair("i eat apple", "ich essen apfel", "eng_de.csv:13"), PAIRS.get(12));
        assertEquals(new TextPair("we can read newspaper", "wir konnen zeitung lesen", "eng_de.csv:30"), PAIRS.get(29));
        assertEquals(new TextPair("we read newspaper", "wir lesen zeitung", "eng_de.csv:36"), PAIRS.getLast());
    }

    @Test
    void everyTokenOccursAtLeastTwiceOnEachSide() {
        assertEveryTokenTwice(TextPair::source);
        assertEveryTokenTwice(TextPair::target);
    }

    @Test
    void minFreqTwoKeepsTheWholeVocabulary() {
        Dataset data = Dataset.build(PAIRS, List.of(), TokenizerKind.WORDS, 2, 100);
        assertEquals(4 + 14, data.srcVocab().size());     // 2 subjects, want, to, can, 3 verbs, 6 objects
        assertEquals(4 + 13, data.trgVocab().size());     // 2 subjects, 2 modals, 3 verbs, 6 objects
        for (Example e : data.train()) {
            for (int id : e.src()) {
                assertTrue(id != Vocab.UNK);
            }
            for (int id : e.trg()) {
                assertTrue(id != Vocab.UNK);
            }
        }
    }

    private static void assertEveryTokenTwice(Function<TextPair, String> side) {
        Map<String, Integer> counts = new HashMap<>();
        PAIRS.forEach(p -> Tokenizer.tokenize(side.apply(p), TokenizerKind.WORDS)
                .forEach(t -> counts.merge(t, 1, Integer::sum)));
        counts.forEach((token, count) -> assertTrue(count >= 2, token + " occurs " + count + " time(s)"));
    }
}
