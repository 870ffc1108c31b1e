package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static final List<TextPair> TRAIN = List.of(
            new TextPair("I eat apple.", "Ich esse Apfel.", "t.csv:1"),
            new TextPair("We eat bread.", "Wir essen Brot.", "t.csv:2"));
    private static final List<TextPair> VALID = List.of(new TextPair("I eat pizza!", "Ich esse Pizza!", "v.csv:1"));

    @Test
    void buildsVocabsFromTrainOnlyAndEncodesBothSplits() {
        Dataset data = Dataset.build(TRAIN, VALID, TokenizerKind.WORDS, 1, 100);
        assertEquals(TokenizerKind.WORDS, data.tokenizer());
        // counts: eat 2, . 2, then apple bread i we (1 each, alphabetical)
        assertEquals(List.of("<unk>", "<pad>", "<sos>", "<eos>", ".", "eat", "apple", "bread", "i", "we"),
                data.srcVocab().itos());
        assertFalse(data.srcVocab().contains("pizza"));
        assertFalse(data.trgVocab().contains("pizza"));
        Example first = data.train().getFirst();
        assertArrayEquals(new int[] {Vocab.SOS, 8, 5, 6, 4, Vocab.EOS}, first.src());
        assertEquals("t.csv:1", first.origin());
        Example valid = data.valid().getFirst();
        assertArrayEquals(new int[] {Vocab.SOS, 8, 5, Vocab.UNK, Vocab.UNK, Vocab.EOS}, valid.src());
        assertEquals("v.csv:1", valid.origin());
    }

    @Test
    void minFreqAppliesToBothSides() {
        Dataset data = Dataset.build(TRAIN, List.of(), TokenizerKind.WORDS, 2, 100);
        assertEquals(List.of("<unk>", "<pad>", "<sos>", "<eos>", ".", "eat"), data.srcVocab().itos());
        assertEquals(List.of("<unk>", "<pad>", "<sos>", "<eos>", "."), data.trgVocab().itos());
        assertTrue(data.valid().isEmpty());
    }

    @Test
    void spacesTokenizerKeepsPunctuationAttached() {
        Dataset data = Dataset.build(TRAIN, List.of(), TokenizerKind.SPACES, 1, 100);
        assertTrue(data.srcVocab().contains("apple."));
    }

    @Test
    void maxLengthCountsSosAndEos() {
        var pair = List.of(new TextPair("a b c", "x y", "t.csv:4"));
        assertEquals(5, Dataset.build(pair, List.of(), TokenizerKind.WORDS, 1, 5).train().getFirst().src().length);
        var e = assertThrows(BadInputException.class, () -> Dataset.build(pair, List.of(), TokenizerKind.WORDS, 1, 4));
        assertEquals("t.csv:4: the English sentence is 5 tokens long with <sos> and <eos>, over the limit of 4;"
                + " use --max-length or shorten it", e.getMessage());
    }

    @Test
    void tooLongValidationSentenceIsAnErrorToo() {
        var valid = List.of(new TextPair("a", "x y z", "v.csv:9"));
        var e = assertThrows(BadInputException.class,
                () -> Dataset.build(List.of(new TextPair("a", "x", "t.csv:1")), valid, TokenizerKind.WORDS, 1, 4));
        assertTrue(e.getMessage().startsWith("v.csv:9: the German sentence is 5 tokens long"), e.getMessage());
    }

    @Test
    void sideWithoutTokensIsAnError() {
        var pairs = List.of(new TextPair("a", "\u200B", "t.csv:3"));
        var e = assertThrows(BadInputException.class, () -> Dataset.build(pairs, List.of(), TokenizerKind.WORDS, 1, 100));
        assertTrue(e.getMessage().startsWith("t.csv:3: the German sentence has no tokens"), e.getMessage());
    }

    @Test
    void badSettingsAreErrors() {
        assertThrows(BadInputException.class, () -> Dataset.build(List.of(), List.of(), TokenizerKind.WORDS, 1, 100));
        assertThrows(BadInputException.class, () -> Dataset.build(TRAIN, List.of(), TokenizerKind.WORDS, 1, 2));
        assertThrows(BadInputException.class, () -> Dataset.build(TRAIN, List.of(), TokenizerKind.WORDS, 0, 100));
    }

    // --- split ------------------------------------------------------------------------------------------

    private static List<TextPair> numbered(int n) {
        return IntStream.range(0, n).mapToObj(i -> new TextPair("e" + i, "d" + i, "c.csv:" + (i + 1))).toList();
    }

    @Test
    void splitHoldsOutARoundedFractionAndKeepsCorpusOrder() {
        List<TextPair> pairs = numbered(36);
        SplitPairs split = Dataset.split(pairs, 0.1, 1234);
        assertEquals(32, split.train().size());                         // round(3.6) = 4 held out
        assertEquals(4, split.valid().size());
        assertIncreasing(split.train());
        assertIncreasing(split.valid());
        var all = new HashSet<>(split.train());
        all.addAll(split.valid());
        assertEquals(new HashSet<>(pairs), all);
    }

    @Test
    void splitHoldsOutTheFirstIndicesOfTheSeededShuffle() {
        int[] order = IntStream.range(0, 10).toArray();
        SplitMix64.shuffle(order, new SplitMix64(99));                   // 6, 4, 3, 7, ...
        SplitPairs split = Dataset.split(numbered(10), 0.3, 99);
        assertEquals(List.of("e3", "e4", "e6"), split.valid().stream().map(TextPair::source).toList());
        assertEquals(List.of(6, 4, 3), List.of(order[0], order[1], order[2]));
    }

    @Test
    void splitIsReproducibleAndSeedDependent() {
        List<TextPair> pairs = numbered(200);
        assertEquals(Dataset.split(pairs, 0.2, 7), Dataset.split(pairs, 0.2, 7));
        assertFalse(Dataset.split(pairs, 0.2, 7).valid().equals(Dataset.split(pairs, 0.2, 8).valid()));
    }

    @Test
    void splitWithZeroFractionKeepsEverything() {
        SplitPairs split = Dataset.split(numbered(5), 0.0, 1);
        assertEquals(numbered(5), split.train());
        assertTrue(split.valid().isEmpty());
    }

    @Test
    void splitThatLeavesNothingToTrainOnIsAnError() {
        var e = assertThrows(BadInputException.class, () -> Dataset.split(numbered(10), 0.96, 1));
        assertTrue(e.getMessage().startsWith("holding out 10 of 10"), e.getMessage());
        assertThrows(BadInputException.class, () -> Dataset.split(numbered(10), 1.0, 1));
        assertThrows(BadInputException.class, () -> Dataset.split(numbered(10), -0.1, 1));
        assertThrows(BadInputException.class, () -> Dataset.split(numbered(10), Double.NaN, 1));
    }

    private static void assertIncreasing(List<TextPair> pairs) {
        var numbers = new ArrayList<Integer>();
        pairs.forEach(p -> numbers.add(Integer.parseInt(p.source().substring(1))));
        assertEquals(numbers.stream().sorted().toList(), numbers);
    }
}
