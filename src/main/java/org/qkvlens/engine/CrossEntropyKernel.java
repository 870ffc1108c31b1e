package org.qkvlens.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Cross-entropy over target tokens ignoring padding, mean over the non-pad rows, as
 * {@code nn.CrossEntropyLoss(ignore_index = trg_pad_idx)}. With {@code backward} the logits are overwritten by
 * dLoss/dlogits = (softmax − onehot) / count (zero rows for padding), as llm.c does, saving a (N, V) buffer.
 * Per row: the max, then {@code e = exp(logit − max)} once per logit ({@link VectorMath#exp}, vectorised), summed in
 * double in a fixed lane order; the softmax is {@code e / Σe}. Rows split across threads; the loss is summed in row
 * order in double. Each call is pure: shapes and targets come with it, nothing is kept between calls.
 * {@link #rowReference} is the plain-loop twin.
 */
final class CrossEntropyKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /**
     * Where the target of each logits row is: row r = (b, t) with {@code b = r / perSequence},
     * {@code t = r mod perSequence} predicts {@code ids[offset + b·stride + t]}; rows whose target is {@code pad} are
     * ignored. The id array is referenced, not copied.
     */
    record Targets(int[] ids, int offset, int stride, int perSequence, int pad) {
        /** The target id of logits row r. */
        int of(int r) {
            return ids[offset + (r / perSequence) * stride + r % perSequence];
        }
    }

    private final Parallel parallel;

    CrossEntropyKernel(Parallel parallel) {
        this.parallel = parallel;
    }

    /**
     * Mean loss over rows of logits (rows, V) whose target is not padding. {@code rowLoss} (rows) is scratch.
     * Returns NaN when every target is padding.
     */
    double lossAndGradient(float[] logits, int rows, int vocab, Targets targets, float[] rowLoss, boolean backward) {
        int pad = targets.pad();
        int count = 0;
        for (int r = 0; r < rows; r++) {
            if (targets.of(r) != pad) count++;
        }
        float invCount = count == 0 ? 0f : 1f / count;
        parallel.forRange(rows, parallel.grain(vocab, 1_000_000, 1), (r0, r1) -> {  // ≥ 1M logits per chunk
            for (int r = r0; r < r1; r++) {
                int target = targets.of(r);
                int off = r * vocab;
                if (target == pad) {
                    rowLoss[r] = 0f;
                    if (backward) java.util.Arrays.fill(logits, off, off + vocab, 0f);
                    continue;
                }
                rowLoss[r] = row(logits, off, vocab, target, invCount, backward);
            }
        });
        double sum = 0;
        for (int r = 0; r < rows; r++) sum += rowLoss[r];
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The loss of one row; with {@code backward} the row becomes its gradient. */
    private static float row(float[] logits, int off, int vocab, int target, float invCount, boolean backward) {
        int end = off + vocab;
        float targetLogit = logits[off + target];
        float max = max(logits, off, end);
        double sum = sumExp(logits, off, end, max, backward);
        float loss = (float) (max + Math.log(sum)) - targetLogit;
        if (backward) {
            scale(logits, off, end, (float) (invCount / sum));
            logits[off + target] -= invCount;
        }
        return loss;
    }

    private static float max(float[] x, int j, int end) {
        FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (; j + L <= end; j += L) mv = mv.max(FloatVector.fromArray(F, x, j));
        float max = Lanes.max(mv);
        for (; j < end; j++) max = Math.max(max, x[j]);
        return max;
    }

    /** Σ exp(x − max) over [j, end), in double: lanes added in a fixed order, then the tail; with {@code store}
     * exp(x − max) is left in x. */
    private static double sumExp(float[] x, int j, int end, float max, boolean store) {
        FloatVector mb = FloatVector.broadcast(F, max);
        DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D);
        for (; j + L <= end; j += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(F, x, j).sub(mb));
            if (store) e.intoArray(x, j);
            s0 = s0.add(e.convertShape(VectorOperators.F2D, D, 0));
            s1 = s1.add(e.convertShape(VectorOperators.F2D, D, 1));
        }
        double sum = laneSum(s0.add(s1));
        for (; j < end; j++) {
            float e = VectorMath.exp(x[j] - max);
            if (store) x[j] = e;
            sum += e;
        }
        return sum;
    }

    private static double laneSum(DoubleVector s) {
        double sum = 0;
        for (int lane = 0; lane < D.length(); lane++) sum += s.lane(lane);
        return sum;
    }

    private static void scale(float[] x, int j, int end, float scale) {
        FloatVector sv = FloatVector.broadcast(F, scale);
        for (; j + L <= end; j += L) FloatVector.fromArray(F, x, j).mul(sv).intoArray(x, j);
        for (; j < end; j++) x[j] *= scale;
    }

    /** One row in plain loops, in double: the definition {@link #row} is held to by tests. */
    static float rowReference(float[] logits, int off, int vocab, int target, float invCount, boolean backward) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) max = Math.max(max, logits[off + j]);
        double sum = 0;
        for (int j = 0; j < vocab; j++) sum += Math.exp(logits[off + j] - max);
        float loss = (float) (max + Math.log(sum) - logits[off + target]);
        if (backward) {
            for (int j = 0; j < vocab; j++) logits[off + j] = (float) (Math.exp(logits[off + j] - max) / sum * invCount);
            logits[off + target] -= invCount;
        }
        return loss;
    }
}
