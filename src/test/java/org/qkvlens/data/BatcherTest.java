package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Pinned orders come from an independent Python implementation of the same definition. */
class BatcherTest {
    /** 2003 examples: three BUCKET pools of 800, 800 and 403 at batch size 8, a short last RANDOM batch. */
    private static final List<Example> EXAMPLES = SyntheticCorpus.generate(1234, 2003, 0, 50).train();

    private static long orderHash(List<int[]> batches) {
        long h = 0;
        for (int[] batch : batches) {
            for (int i : batch) {
                h = h * 31 + i;
            }
        }
        return h;
    }

    @Test
    void randomOrderMatchesTheReference() {
        List<int[]> order = Batcher.epochOrder(EXAMPLES, 8, BatchOrder.RANDOM, 1234, 0);
        assertEquals(251, order.size());
        assertArrayEquals(new int[] {1821, 1761, 1867, 1688, 1124, 1392, 1784, 1460}, order.getFirst());
        assertEquals(3, order.getLast().length);
        assertEquals(5204494235805149585L, orderHash(order));
        assertArrayEquals(new int[] {621, 1095, 750, 994, 797, 78, 239, 608},
                Batcher.epochOrder(EXAMPLES, 8, BatchOrder.RANDOM, 1234, 1).getFirst());
    }

    @Test
    void bucketOrderMatchesTheReference() {
        List<int[]> order = Batcher.epochOrder(EXAMPLES, 8, BatchOrder.BUCKET, 1234, 0);
        assertEquals(251, order.size());
        assertArrayEquals(new int[] {104, 187, 759, 1336, 499, 124, 667, 898}, order.getFirst());
        assertEquals(8, order.getLast().length);
        assertEquals(5365819452426457949L, orderHash(order));
        assertArrayEquals(new int[] {1396, 571, 1629, 765, 1772, 462, 551, 1487},
                Batcher.epochOrder(EXAMPLES, 8, BatchOrder.BUCKET, 1234, 1).getFirst());
    }

    @Test
    void everyEpochUsesEveryExampleExactlyOnce() {
        for (BatchOrder kind : BatchOrder.values()) {
            int[] all = Batcher.epochOrder(EXAMPLES, 8, kind, 5, 3).stream().flatMapToInt(Arrays::stream).sorted()
                    .toArray();
            assertArrayEquals(IntStream.range(0, EXAMPLES.size()).toArray(), all, kind.name());
        }
    }

    @Test
    void bucketBatchesHoldSentencesOfSimilarLength() {
        int padded = 0;
        for (Batch batch : Batcher.epochBatches(EXAMPLES, 8, BatchOrder.BUCKET, 1234, 0)) {
            padded += batch.size() * (batch.srcLen() + batch.trgLen()) - batch.tokens();
        }
        int randomPadded = 0;
        for (Batch batch : Batcher.epochBatches(EXAMPLES, 8, BatchOrder.RANDOM, 1234, 0)) {
            randomPadded += batch.size() * (batch.srcLen() + batch.trgLen()) - batch.tokens();
        }
        assertTrue(padded * 10 < randomPadded, "bucket padding " + padded + " vs random " + randomPadded);
    }

    @Test
    void bucketSortsByTargetLengthWhenSourceLengthsTie() {
        var examples = List.of(
                new Example(new int[] {2, 4, 3}, new int[] {2, 4, 4, 4, 3}, "long target"),
                new Example(new int[] {2, 4, 4, 3}, new int[] {2, 3}, "longer source"),
                new Example(new int[] {2, 4, 3}, new int[] {2, 4, 3}, "short target"));
        int[] order = Batcher.epochOrder(examples, 3, BatchOrder.BUCKET, 0, 0).getFirst();
        assertArrayEquals(new int[] {2, 0, 1}, order);
    }

    @Test
    void epochsAndSeedsGiveDifferentOrders() {
        long e0 = orderHash(Batcher.epochOrder(EXAMPLES, 8, BatchOrder.RANDOM, 1234, 0));
        assertFalse(e0 == orderHash(Batcher.epochOrder(EXAMPLES, 8, BatchOrder.RANDOM, 1234, 1)));
        assertFalse(e0 == orderHash(Batcher.epochOrder(EXAMPLES, 8, BatchOrder.RANDOM, 1235, 0)));
        assertEquals(e0, orderHash(Batcher.epochOrder(EXAMPLES, 8, BatchOrder.RANDOM, 1234, 0)));
    }

    @Test
    void epochBatchesFollowTheOrder() {
        List<int[]> order = Batcher.epochOrder(EXAMPLES, 8, BatchOrder.BUCKET, 9, 2);
        List<Batch> batches = Batcher.epochBatches(EXAMPLES, 8, BatchOrder.BUCKET, 9, 2);
        assertEquals(order.size(), batches.size());
        int first = order.getFirst()[0];
        Batch batch = batches.getFirst();
        assertArrayEquals(EXAMPLES.get(first).src(), Arrays.copyOf(batch.src(), EXAMPLES.get(first).src().length));
    }

    @Test
    void inOrderKeepsCorpusOrder() {
        List<Batch> batches = Batcher.inOrder(EXAMPLES.subList(0, 10), 4);
        assertEquals(List.of(4, 4, 2), batches.stream().map(Batch::size).toList());
        Batch last = batches.getLast();
        assertArrayEquals(EXAMPLES.get(8).src(), Arrays.copyOf(last.src(), EXAMPLES.get(8).src().length));
        assertTrue(Batcher.inOrder(List.of(), 4).isEmpty());
    }

    @Test
    void batchSizeBelowOneIsAnError() {
        var e = assertThrows(BadInputException.class, () -> Batcher.inOrder(EXAMPLES, 0));
        assertEquals("--batch-size must be at least 1, got 0", e.getMessage());
        assertThrows(BadInputException.class, () -> Batcher.epochBatches(EXAMPLES, -1, BatchOrder.RANDOM, 1, 0));
    }
}
