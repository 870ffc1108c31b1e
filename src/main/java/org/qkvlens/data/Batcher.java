package org.qkvlens.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Cuts examples into batches, reproducibly: epoch e (0-based) draws everything from
 * SplitMix64(seed + 1000003·(e + 1)), bit-compatible with the Python reference. The example indices are
 * Fisher–Yates shuffled; RANDOM then takes consecutive chunks of batchSize (the last may be smaller);
 * BUCKET takes pools of 100·batchSize consecutive shuffled indices, stably sorts each pool by
 * (source length, target length), chunks it into batches, and finally shuffles the list of all batches
 * with the same generator. {@link #inOrder} keeps the corpus order, for validation.
 * Leaves out: batching by token count (torchtext's batch_size_fn), dropping the last short batch.
 */
public final class Batcher {
    static final int POOL_BATCHES = 100;

    private Batcher() {
    }

    public static List<Batch> epochBatches(List<Example> examples, int batchSize, BatchOrder order, long seed,
                                           int epoch) {
        return toBatches(examples, epochOrder(examples, batchSize, order, seed, epoch));
    }

    public static List<Batch> inOrder(List<Example> examples, int batchSize) {
        return toBatches(examples, chunks(IntStream.range(0, examples.size()).toArray(), 0, examples.size(),
                checked(batchSize)));
    }

    /** The example indices of each batch of the epoch, in batch order (what {@link #epochBatches} builds). */
    static List<int[]> epochOrder(List<Example> examples, int batchSize, BatchOrder order, long seed, int epoch) {
        checked(batchSize);
        var rng = new SplitMix64(seed + 1000003L * (epoch + 1));
        int n = examples.size();
        int[] shuffled = IntStream.range(0, n).toArray();
        SplitMix64.shuffle(shuffled, rng);
        if (order == BatchOrder.RANDOM) {
            return chunks(shuffled, 0, n, batchSize);
        }
        Comparator<Integer> byLengths = Comparator
                .<Integer>comparingInt(i -> examples.get(i).src().length)
                .thenComparingInt(i -> examples.get(i).trg().length);
        var batches = new ArrayList<int[]>();
        int poolSize = (int) Math.min((long) POOL_BATCHES * batchSize, Math.max(n, 1));   // one pool when it holds all
        for (int from = 0; from < n; from += poolSize) {
            int to = Math.min(n, from + poolSize);
            int[] pool = Arrays.stream(shuffled, from, to).boxed().sorted(byLengths)   // stable
                    .mapToInt(Integer::intValue).toArray();
            batches.addAll(chunks(pool, 0, pool.length, batchSize));
        }
        int[] batchOrder = IntStream.range(0, batches.size()).toArray();
        SplitMix64.shuffle(batchOrder, rng);
        return Arrays.stream(batchOrder).mapToObj(batches::get).toList();
    }

    private static List<int[]> chunks(int[] indices, int from, int to, int batchSize) {
        var result = new ArrayList<int[]>();
        for (int start = from; start < to; ) {
            int end = start + Math.min(batchSize, to - start);            // no int overflow for a huge batch
            result.add(Arrays.copyOfRange(indices, start, end));
            start = end;
        }
        return result;
    }

    private static List<Batch> toBatches(List<Example> examples, List<int[]> order) {
        return order.stream()
                .map(indices -> Batch.of(Arrays.stream(indices).mapToObj(examples::get).toList()))
                .toList();
    }

    private static int checked(int batchSize) {
        if (batchSize < 1) {
            throw new BadInputException("--batch-size must be at least 1, got " + batchSize);
        }
        return batchSize;
    }
}
