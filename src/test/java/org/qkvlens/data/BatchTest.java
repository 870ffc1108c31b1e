package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {
    @Test
    void padsRowsOnTheRightAndCountsRealTokens() {
        var a = new Example(new int[] {2, 7, 3}, new int[] {2, 9, 8, 5, 3}, "a");
        var b = new Example(new int[] {2, 4, 5, 6, 3}, new int[] {2, 3}, "b");
        Batch batch = Batch.of(List.of(a, b));
        assertEquals(2, batch.size());
        assertEquals(5, batch.srcLen());
        assertEquals(5, batch.trgLen());
        int p = Vocab.PAD;
        assertArrayEquals(new int[] {2, 7, 3, p, p, /**/ 2, 4, 5, 6, 3}, batch.src());
        assertArrayEquals(new int[] {2, 9, 8, 5, 3, /**/ 2, 3, p, p, p}, batch.trg());
        assertEquals(3 + 5 + 5 + 2, batch.tokens());
    }

    @Test
    void singleExampleNeedsNoPadding() {
        Batch batch = Batch.of(List.of(new Example(new int[] {2, 3}, new int[] {2, 4, 3}, "x")));
        assertArrayEquals(new int[] {2, 3}, batch.src());
        assertArrayEquals(new int[] {2, 4, 3}, batch.trg());
        assertEquals(5, batch.tokens());
    }

    @Test
    void emptyOrMisshapenBatchIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> Batch.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Batch(2, 3, 1, new int[5], new int[2], 0));
    }
}
