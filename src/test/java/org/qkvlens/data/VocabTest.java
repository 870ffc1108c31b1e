package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabTest {
    private static final List<List<String>> SENTENCES = List.of(
            List.of("b", "a", "c", "a"),
            List.of("d", "c", "a", "e"),
            List.of("b", "z", "e"));                              // a:3  b,c,e:2  d,z:1

    @Test
    void specialsComeFirstAtFixedIds() {
        Vocab vocab = Vocab.build(List.of(), 1);
        assertEquals(List.of("<unk>", "<pad>", "<sos>", "<eos>"), vocab.itos());
        assertEquals(0, Vocab.UNK);
        assertEquals(1, Vocab.PAD);
        assertEquals(2, Vocab.SOS);
        assertEquals(3, Vocab.EOS);
        assertEquals(Vocab.PAD, vocab.id("<pad>"));
    }

    @Test
    void sortsByFrequencyThenAlphabetically() {
        assertEquals(List.of("<unk>", "<pad>", "<sos>", "<eos>", "a", "b", "c", "e", "d", "z"),
                Vocab.build(SENTENCES, 1).itos());
    }

    @Test
    void minFreqDropsRareTokens() {
        Vocab vocab = Vocab.build(SENTENCES, 2);
        assertEquals(List.of("<unk>", "<pad>", "<sos>", "<eos>", "a", "b", "c", "e"), vocab.itos());
        assertFalse(vocab.contains("z"));
        assertEquals(Vocab.UNK, vocab.id("z"));
        assertEquals(8, vocab.size());
    }

    @Test
    void tiesUseStringOrderSoCapitalsAndDigitsComeFirst() {
        Vocab vocab = Vocab.build(List.of(List.of("b", "B", "1", "ä", "a")), 1);
        assertEquals(List.of("1", "B", "a", "b", "ä"), vocab.itos().subList(4, 9));
    }

    @Test
    void tokensSpelledLikeSpecialsAreNotCountedAgain() {
        Vocab vocab = Vocab.build(List.of(List.of("<unk>", "<eos>", "x", "<eos>")), 1);
        assertEquals(List.of("<unk>", "<pad>", "<sos>", "<eos>", "x"), vocab.itos());
    }

    @Test
    void encodeWrapsInSosAndEosAndMapsUnknownToUnk() {
        Vocab vocab = Vocab.build(SENTENCES, 2);
        assertArrayEquals(new int[] {Vocab.SOS, 4, 6, Vocab.UNK, Vocab.EOS}, vocab.encode(List.of("a", "c", "zz")));
        assertArrayEquals(new int[] {Vocab.SOS, Vocab.EOS}, vocab.encode(List.of()));
    }

    @Test
    void tokenAndIdAreInverse() {
        Vocab vocab = Vocab.build(SENTENCES, 1);
        for (int id = 0; id < vocab.size(); id++) {
            assertEquals(id, vocab.id(vocab.token(id)));
            assertTrue(vocab.contains(vocab.token(id)));
        }
    }

    @Test
    void itosIsUnmodifiable() {
        Vocab vocab = Vocab.build(SENTENCES, 1);
        assertThrows(UnsupportedOperationException.class, () -> vocab.itos().add("x"));
    }

    @Test
    void minFreqBelowOneIsAnError() {
        var e = assertThrows(BadInputException.class, () -> Vocab.build(SENTENCES, 0));
        assertTrue(e.getMessage().contains("--min-freq"), e.getMessage());
    }

    @Test
    void ofRoundTripsABuiltVocab() {
        Vocab built = Vocab.build(SENTENCES, 1);
        Vocab loaded = Vocab.of(built.itos(), "model.qkv");
        assertEquals(built.itos(), loaded.itos());
        assertEquals(built.id("e"), loaded.id("e"));
    }

    @Test
    void ofRejectsMissingOrMisplacedSpecials() {
        var tooShort = assertThrows(BadInputException.class, () -> Vocab.of(List.of("<unk>", "<pad>"), "m.qkv"));
        assertEquals("m.qkv: the vocabulary has 2 entries, fewer than the 4 specials [<unk>, <pad>, <sos>, <eos>]",
                tooShort.getMessage());
        var swapped = assertThrows(BadInputException.class,
                () -> Vocab.of(List.of("<unk>", "<pad>", "<eos>", "<sos>", "a"), "m.qkv"));
        assertEquals("m.qkv: vocabulary entry 2 is \"<eos>\" but must be \"<sos>\"", swapped.getMessage());
    }

    @Test
    void ofRejectsDuplicatesAndEmptyTokens() {
        var duplicate = assertThrows(BadInputException.class,
                () -> Vocab.of(List.of("<unk>", "<pad>", "<sos>", "<eos>", "a", "b", "a"), "m.qkv"));
        assertEquals("m.qkv: vocabulary entries 4 and 6 are both \"a\"", duplicate.getMessage());
        var empty = assertThrows(BadInputException.class,
                () -> Vocab.of(List.of("<unk>", "<pad>", "<sos>", "<eos>", ""), "m.qkv"));
        assertEquals("m.qkv: vocabulary entry 4 is empty", empty.getMessage());
    }
}
