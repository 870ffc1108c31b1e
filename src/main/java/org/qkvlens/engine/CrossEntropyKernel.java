package org.qkvlens.engine;

/**
 * Cross-entropy over target tokens ignoring padding, mean over the non-pad rows, as
 * {@code nn.CrossEntropyLoss(ignore_index = trg_pad_idx)}. With {@code backward} the logits are overwritten by
 * dLoss/dlogits = (softmax − onehot) / count (zero rows for padding), as llm.c does, saving a (N, V) buffer.
 * Rows split across threads; the loss is summed in row order in double.
 */
final class CrossEntropyKernel implements Parallel.RangeTask {
    private final Parallel parallel;
    private float[] logits, rowLoss;
    private int[] targets;
    private int targetOffset, targetStride, rowsPerSeq, vocab, pad;
    private float invCount;
    private boolean backward;

    CrossEntropyKernel(Parallel parallel) {
        this.parallel = parallel;
    }

    /**
     * Mean loss over rows whose target is not {@code pad}. Row r = (b, t) has target
     * {@code targets[targetOffset + b·targetStride + t]}. {@code rowLoss} (rows) is scratch. Returns NaN when every
     * target is padding.
     */
    double lossAndGradient(float[] logits, int rows, int vocab, int[] targets, int targetOffset, int targetStride,
                           int rowsPerSeq, int pad, float[] rowLoss, boolean backward) {
        int count = 0;
        for (int r = 0; r < rows; r++) {
            if (targets[targetOffset + (r / rowsPerSeq) * targetStride + r % rowsPerSeq] != pad) count++;
        }
        this.logits = logits;
        this.rowLoss = rowLoss;
        this.targets = targets;
        this.targetOffset = targetOffset;
        this.targetStride = targetStride;
        this.rowsPerSeq = rowsPerSeq;
        this.vocab = vocab;
        this.pad = pad;
        this.invCount = count == 0 ? 0f : 1f / count;
        this.backward = backward;
        parallel.forRange(rows, Math.max(1, 65_536 / vocab), this);
        double sum = 0;
        for (int r = 0; r < rows; r++) sum += rowLoss[r];
        return count == 0 ? Double.NaN : sum / count;
    }

    @Override
    public void run(int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int target = targets[targetOffset + (r / rowsPerSeq) * targetStride + r % rowsPerSeq];
            int off = r * vocab;
            if (target == pad) {
                rowLoss[r] = 0f;
                if (backward) java.util.Arrays.fill(logits, off, off + vocab, 0f);
                continue;
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < vocab; j++) max = Math.max(max, logits[off + j]);
            double sum = 0;
            for (int j = 0; j < vocab; j++) sum += Math.exp(logits[off + j] - max);
            float logSum = (float) (max + Math.log(sum));
            rowLoss[r] = logSum - logits[off + target];
            if (backward) {
                for (int j = 0; j < vocab; j++) {
                    logits[off + j] = (float) Math.exp(logits[off + j] - logSum) * invCount;
                }
                logits[off + target] -= invCount;
            }
        }
    }
}
