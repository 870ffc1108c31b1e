package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pinned ids come from an independent Python implementation of the same definition. */
class SyntheticCorpusTest {
    private static final SyntheticCorpus DEFAULT = SyntheticCorpus.generate(1234, 20_000, 1_000, 2_000);

    @Test
    void firstPairsMatchTheReference() {
        Example first = DEFAULT.train().getFirst();
        assertArrayEquals(new int[] {2, 897, 237, 892, 982, 542, 1829, 3}, first.src());
        assertArrayEquals(new int[] {2, 1802, 1332, 411, 1731, 914, 1325, 3}, first.trg());
        assertEquals("synthetic:1", first.origin());
        Example firstValid = DEFAULT.valid().getFirst();
        assertArrayEquals(new int[] {2, 48, 122, 110, 245, 630, 1573, 3}, firstValid.src());
        assertArrayEquals(new int[] {2, 1894, 955, 205, 23, 93, 602, 3}, firstValid.trg());
        assertEquals("synthetic:20001", firstValid.origin());
    }

    @Test
    void sizesAndVocabularies() {
        assertEquals(20_000, DEFAULT.train().size());
        assertEquals(1_000, DEFAULT.valid().size());
        assertEquals(2_004, DEFAULT.srcVocabSize());
        assertEquals(2_004, DEFAULT.trgVocabSize());
    }

    @Test
    void everyPairIsWellFormed() {
        for (Example e : DEFAULT.train()) {
            int n = e.src().length;
            assertTrue(n >= 5 + 2 && n <= 15 + 2, "length " + n);
            assertEquals(n, e.trg().length);
            assertEquals(Vocab.SOS, e.src()[0]);
            assertEquals(Vocab.EOS, e.src()[n - 1]);
            assertEquals(Vocab.SOS, e.trg()[0]);
            assertEquals(Vocab.EOS, e.trg()[n - 1]);
            for (int i = 1; i < n - 1; i++) {
                assertTrue(e.src()[i] >= 4 && e.src()[i] < 2_004);
                assertTrue(e.trg()[i] >= 4 && e.trg()[i] < 2_004);
            }
        }
    }

    @Test
    void sameSourceWordAlwaysMapsToTheSameTargetWordAfterTheSwap() {
        int[] mapped = new int[2_004];
        for (Example e : DEFAULT.train()) {
            int words = e.src().length - 2;
            for (int k = 0; k < words; k++) {
                int swapped = words % 2 == 1 && k == words - 1 ? k : k ^ 1;
                int source = e.src()[1 + k];
                int target = e.trg()[1 + swapped];
                assertTrue(mapped[source] == 0 || mapped[source] == target, "word " + source);
                mapped[source] = target;
            }
        }
    }

    @Test
    void badSizesAreErrors() {
        assertThrows(BadInputException.class, () -> SyntheticCorpus.generate(1, 0, 10, 10));
        assertThrows(BadInputException.class, () -> SyntheticCorpus.generate(1, 10, -1, 10));
        assertThrows(BadInputException.class, () -> SyntheticCorpus.generate(1, 10, 10, 0));
    }
}
