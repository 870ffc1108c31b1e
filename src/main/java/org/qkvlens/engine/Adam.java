package org.qkvlens.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code torch.optim.Adam} (no weight decay, no amsgrad) as one vectorised pass over the flat parameter array,
 * preceded by {@code torch.nn.utils.clip_grad_norm_} (global L2 norm, coefficient max_norm / (norm + 1e-6) when
 * below 1). Update: m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε).
 * The norm is summed in fixed blocks, so it does not depend on the thread count. The moments m, v and the step count
 * are the optimiser's state; the arrays and the step's scalars come with each call, nothing else is kept. {@link #stepReference} is the
 * plain-loop twin. Leaves out learning-rate schedules.
 */
public final class Adam {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int BLOCK = 8192, SLICE = 1024;

    private final TrainConfig cfg;
    private final float[] m, v;
    private final double[] blockSums;
    private final Parallel parallel;
    private int t;

    public Adam(int size, TrainConfig cfg, Parallel parallel) {
        this.cfg = cfg;
        this.m = new float[size];
        this.v = new float[size];
        this.blockSums = new double[(size + BLOCK - 1) / BLOCK];
        this.parallel = parallel;
    }

    /** Steps taken so far. */
    public int steps() {
        return t;
    }

    /** The first moments, (P): the optimiser's state to checkpoint. Do not change it. */
    public float[] firstMoments() {
        return m;
    }

    /** The second moments, (P). Do not change it. */
    public float[] secondMoments() {
        return v;
    }

    /** Continues from a checkpoint: {@code steps} taken, with these moments (copied). */
    public void restore(int steps, float[] firstMoments, float[] secondMoments) {
        if (steps < 0 || firstMoments.length != m.length || secondMoments.length != v.length) {
            throw new IllegalArgumentException("Adam state of " + firstMoments.length + "/" + secondMoments.length
                    + " moments at step " + steps + " for " + m.length + " parameters");
        }
        System.arraycopy(firstMoments, 0, m, 0, m.length);
        System.arraycopy(secondMoments, 0, v, 0, v.length);
        t = steps;
    }

    /** The global L2 norm of {@code grads}. */
    public double gradNorm(float[] grads) {
        parallel.forRange(blockSums.length, parallel.grain(BLOCK, 1 << 20, 1), (b0, b1) -> {
            for (int b = b0; b < b1; b++) blockSums[b] = sumSquares(grads, b * BLOCK, Math.min(grads.length, (b + 1) * BLOCK));
        });
        double sum = 0;
        for (double s : blockSums) sum += s;
        return Math.sqrt(sum);
    }

    /** Clips the gradient (if configured) and updates params in place. Returns the norm before clipping. */
    public double step(float[] params, float[] grads) {
        double norm = gradNorm(grads);
        float gradScale = 1f;
        if (cfg.clip() > 0f) {
            double coef = cfg.clip() / (norm + 1e-6);
            if (coef < 1.0) gradScale = (float) coef;
        }
        t++;
        float bc1 = 1f - (float) Math.pow(cfg.beta1(), t);
        float bc2 = 1f - (float) Math.pow(cfg.beta2(), t);
        float stepSize = cfg.learningRate() / bc1;
        float denomScale = (float) (1.0 / Math.sqrt(bc2));
        Update u = new Update(params, grads, m, v, cfg.beta1(), cfg.beta2(), cfg.eps(), stepSize, denomScale, gradScale);
        parallel.forRange(params.length, parallel.grain(1, 1 << 20, BLOCK), u);  // ≥ 1M parameters per chunk
        return norm;
    }

    /**
     * One step's update of params, m and v from grads (scaled by gradScale), with the step's bias corrections folded
     * into stepSize and denomScale; fixed when the step starts.
     */
    private record Update(float[] params, float[] grads, float[] m, float[] v, float b1, float b2, float eps,
                          float stepSize, float denomScale, float gradScale) implements Parallel.RangeTask {
        @Override
        public void run(int start, int end) {
            // Slices, not one long loop: a method called often with short loops reaches the JIT's optimising tier
            // sooner (vector code is very slow before it), and that matters for the first steps of a run.
            for (int i = start; i < end; i += SLICE) update(i, Math.min(end, i + SLICE));
        }

        /** The update of parameters [start, end). */
        private void update(int start, int end) {
            FloatVector vb1 = FloatVector.broadcast(F, b1), vb1c = FloatVector.broadcast(F, 1f - b1);
            FloatVector vb2 = FloatVector.broadcast(F, b2), vb2c = FloatVector.broadcast(F, 1f - b2);
            FloatVector vEps = FloatVector.broadcast(F, eps), vStep = FloatVector.broadcast(F, stepSize);
            FloatVector vDen = FloatVector.broadcast(F, denomScale), vScale = FloatVector.broadcast(F, gradScale);
            int i = start;
            for (; i + L <= end; i += L) {
                FloatVector g = FloatVector.fromArray(F, grads, i).mul(vScale);
                FloatVector mi = FloatVector.fromArray(F, m, i).mul(vb1).add(g.mul(vb1c));
                FloatVector vi = FloatVector.fromArray(F, v, i).mul(vb2).add(g.mul(g).mul(vb2c));
                mi.intoArray(m, i);
                vi.intoArray(v, i);
                FloatVector denom = vi.sqrt().mul(vDen).add(vEps);
                FloatVector.fromArray(F, params, i).sub(vStep.mul(mi).div(denom)).intoArray(params, i);
            }
            for (; i < end; i++) update(i);
        }

        /** The update of parameter i, in scalar code. */
        private void update(int i) {
            float g = grads[i] * gradScale;
            m[i] = m[i] * b1 + g * (1f - b1);
            v[i] = v[i] * b2 + g * g * (1f - b2);
            float denom = (float) Math.sqrt(v[i]) * denomScale + eps;
            params[i] -= stepSize * m[i] / denom;
        }
    }

    /** The same step as {@link #step} in plain scalar code, for tests. */
    public double stepReference(float[] params, float[] grads) {
        double sum = 0;
        for (int b = 0; b < blockSums.length; b++) sum += sumSquares(grads, b * BLOCK, Math.min(grads.length, (b + 1) * BLOCK));
        double norm = Math.sqrt(sum);
        float gradScale = 1f;
        if (cfg.clip() > 0f && cfg.clip() / (norm + 1e-6) < 1.0) gradScale = (float) (cfg.clip() / (norm + 1e-6));
        t++;
        float stepSize = cfg.learningRate() / (1f - (float) Math.pow(cfg.beta1(), t));
        float denomScale = (float) (1.0 / Math.sqrt(1f - (float) Math.pow(cfg.beta2(), t)));
        Update u = new Update(params, grads, m, v, cfg.beta1(), cfg.beta2(), cfg.eps(), stepSize, denomScale, gradScale);
        for (int i = 0; i < params.length; i++) u.update(i);
        return norm;
    }

    /** Σ a[i]² over [from, to) in double: lanes in a fixed order, then the tail (same bits compiled or not). */
    private static double sumSquares(float[] a, int from, int to) {
        DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector x = FloatVector.fromArray(F, a, i);
            DoubleVector lo = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector hi = (DoubleVector) x.convertShape(VectorOperators.F2D, D, 1);
            s0 = lo.fma(lo, s0);
            s1 = hi.fma(hi, s1);
        }
        DoubleVector sv = s0.add(s1);
        double s = 0;
        for (int lane = 0; lane < D.length(); lane++) s += sv.lane(lane);
        for (; i < to; i++) s += (double) a[i] * a[i];
        return s;
    }
}
