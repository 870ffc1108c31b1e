package org.qkvlens.engine;

/**
 * The shape of one multi-head attention call, passed with every {@link AttentionKernel} and
 * {@link AttentionReference} forward and backward: q, x1 (B, Tq, C); k, v (B, Tk, C); attention (B, H, Tq, Tk);
 * head h owns columns [h·D, (h + 1)·D) with D = C / H. Leaves out which keys are hidden (see {@link AttentionMask}).
 *
 * @param batch B
 * @param tq    Tq, query positions
 * @param tk    Tk, key (and value) positions
 * @param heads H
 * @param c     C, hid_dim: H·D
 */
public record AttentionShape(int batch, int tq, int tk, int heads, int c) {
    public AttentionShape {
        if (batch < 0 || tq < 0 || tk < 0 || heads <= 0 || c % heads != 0) {
            throw new IllegalArgumentException("attention shape B=" + batch + " Tq=" + tq + " Tk=" + tk + " H=" + heads
                    + " C=" + c + ": sizes must be ≥ 0 and C a multiple of H");
        }
    }

    /** D, the width of one head. */
    public int headDim() {
        return c / heads;
    }
}
