package org.qkvlens.engine;

/**
 * What hides an attention weight in one call, as the tutorial masks it: key j of batch row b is padding when
 * {@code keyTokens[b·keyStride + j] == keyPad}; with {@code causal} query i does not see keys j > i; and dropout
 * with probability {@code p} drawn from {@code dropKey} (see {@link Dropout}) zeroes weights after the softmax,
 * element ((b·H + h)·Tq + i)·Tk + j of the attention array. p = 0 turns dropout off.
 * The token array is referenced, not copied: it must not change between a forward and its backward.
 * Leaves out the sizes (see {@link AttentionShape}).
 */
public record AttentionMask(int[] keyTokens, int keyStride, int keyPad, boolean causal, long dropKey, float p) {

    /** Whether query i of batch row b may not see key j (padding, or later than i when causal); dropout aside. */
    public boolean hides(int b, int i, int j) {
        return (causal && j > i) || keyTokens[b * keyStride + j] == keyPad;
    }
}
