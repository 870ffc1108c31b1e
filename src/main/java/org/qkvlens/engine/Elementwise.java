package org.qkvlens.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cheap per-element steps between the big kernels: residual sums with dropout, ReLU with dropout, and their
 * backward. Memory-bound single passes, vectorised (dropout multipliers from {@link Dropout#scales}, the same bits
 * as {@link Dropout#scale}) and split across threads in element ranges; each element is computed on its own, so the
 * split changes nothing. The plain loops in {@link #reference} say what each step computes; tests hold these to them.
 * Each call is pure: its arrays, size and dropout come with it, nothing is kept between calls.
 */
final class Elementwise {
    private static final VectorSpecies<Float> FS = Dropout.FS;
    private static final int L = FS.length();
    private static final int SLICE = 4096;

    enum Op { RESIDUAL, RELU_DROPOUT, SPLIT_DROPOUT, RELU_DROPOUT_BACKWARD }

    private final Parallel parallel;

    Elementwise(Parallel parallel) {
        this.parallel = parallel;
    }

    /** out = x + dropout(f). */
    void residual(float[] x, float[] f, float[] out, int n, long key, float p) {
        run(Op.RESIDUAL, x, f, out, n, key, p);
    }

    /** h = relu(h) in place; hd = dropout(h) (hd may be h itself when p = 0). */
    void reluDropout(float[] h, float[] hd, int n, long key, float p) {
        run(Op.RELU_DROPOUT, h, null, hd, n, key, p);
    }

    /**
     * The backward of {@code r = x + dropout(f)} from dR: {@code dX = dR} (copied, may be null for none) and
     * {@code dF = dR · mask}.
     */
    void residualBackward(float[] dR, float[] dX, float[] dF, int n, long key, float p) {
        run(Op.SPLIT_DROPOUT, dR, dX, dF, n, key, p);
    }

    /** d = d · mask · [h > 0] in place: from dL/d(dropout(relu)) to dL/d(pre-activation). */
    void reluDropoutBackward(float[] d, float[] h, int n, long key, float p) {
        run(Op.RELU_DROPOUT_BACKWARD, d, h, d, n, key, p);
    }

    private void run(Op op, float[] a, float[] b, float[] out, int n, long key, float p) {
        // ≥ 256k elements (~0.1 ms) per chunk
        parallel.forRange(n, parallel.grain(1, 262_144, L), new Pass(op, a, b, out, key, p, Dropout.keep(p)));
    }

    /** One call's step over element ranges: what it computes and on which arrays, fixed when the call starts. */
    private record Pass(Op op, float[] a, float[] b, float[] out, long key, float p, float keep)
            implements Parallel.RangeTask {
        @Override
        public void run(int start, int end) {
            // One small loop per case, no branches inside (see Gemm#micro on why hot vector loops stay branch-free), in
            // slices: a method called often with short loops reaches the JIT's optimising tier sooner.
            int i = start;
            while (i < end) {
                int sliceEnd = Math.min(end, i + SLICE);
                int done = slice(i, sliceEnd);
                if (done < sliceEnd) {
                    reference(op, a, b, out, done, sliceEnd, key, p);
                }
                i = sliceEnd;
            }
        }

        private int slice(int start, int end) {
            // p = 0 takes the same path: every multiplier is then exactly 1, so the bits are those of no dropout, and
            // eval passes run code the training steps have already compiled.
            return switch (op) {
                case RESIDUAL -> residual(a, b, out, start, end, key, p, keep);
                case RELU_DROPOUT -> reluDropout(a, out, start, end, key, p, keep);
                case SPLIT_DROPOUT -> split(a, b, out, start, end, key, p, keep);
                case RELU_DROPOUT_BACKWARD -> reluDropoutBackward(a, b, out, start, end, key, p, keep);
            };
        }
    }

    // Each returns the first index it left to the scalar tail.

    private static int residual(float[] x, float[] f, float[] out, int i, int end, long key, float p, float keep) {
        for (; i + L <= end; i += L) {
            FloatVector.fromArray(FS, x, i).add(FloatVector.fromArray(FS, f, i).mul(Dropout.scales(key, i, p, keep)))
                    .intoArray(out, i);
        }
        return i;
    }

    private static int reluDropout(float[] h, float[] hd, int i, int end, long key, float p, float keep) {
        for (; i + L <= end; i += L) {
            FloatVector r = FloatVector.fromArray(FS, h, i).max(0f);
            r.intoArray(h, i);
            r.mul(Dropout.scales(key, i, p, keep)).intoArray(hd, i);
        }
        return i;
    }

    private static int split(float[] d, float[] dx, float[] df, int i, int end, long key, float p, float keep) {
        if (dx != null) System.arraycopy(d, i, dx, i, end - i);
        for (; i + L <= end; i += L) {
            FloatVector.fromArray(FS, d, i).mul(Dropout.scales(key, i, p, keep)).intoArray(df, i);
        }
        return i;
    }

    private static int reluDropoutBackward(float[] d, float[] h, float[] out, int i, int end, long key, float p,
                                           float keep) {
        FloatVector zero = FloatVector.zero(FS);
        for (; i + L <= end; i += L) {
            FloatVector v = FloatVector.fromArray(FS, d, i).mul(Dropout.scales(key, i, p, keep));
            zero.blend(v, FloatVector.fromArray(FS, h, i).compare(VectorOperators.GT, 0f)).intoArray(out, i);
        }
        return i;
    }

    /** The plain-loop definition of each step over [start, end); the vector loops above compute the same bits. */
    static void reference(Op op, float[] a, float[] b, float[] out, int start, int end, long key, float p) {
        switch (op) {
            case RESIDUAL -> {
                for (int i = start; i < end; i++) out[i] = a[i] + b[i] * Dropout.scale(key, i, p);
            }
            case RELU_DROPOUT -> {
                for (int i = start; i < end; i++) {
                    float r = Math.max(a[i], 0f);
                    a[i] = r;
                    out[i] = r * Dropout.scale(key, i, p);
                }
            }
            case SPLIT_DROPOUT -> {
                for (int i = start; i < end; i++) {
                    if (b != null) b[i] = a[i];
                    out[i] = a[i] * Dropout.scale(key, i, p);
                }
            }
            case RELU_DROPOUT_BACKWARD -> {
                for (int i = start; i < end; i++) out[i] = b[i] > 0f ? a[i] * Dropout.scale(key, i, p) : 0f;
            }
        }
    }
}
