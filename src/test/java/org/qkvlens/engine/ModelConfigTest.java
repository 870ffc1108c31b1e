package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link ModelConfig#parameterCount()} counts what {@link Weights} allocates, and saturates instead of overflowing. */
class ModelConfigTest {

    @Test
    void countMatchesTheAllocatedParameters() {
        int[][] shapes = {{18, 17, 64, 1, 1, 1, 1, 128, 128, 100}, {3331, 3721, 256, 3, 3, 8, 8, 512, 512, 100},
                {20, 24, 16, 1, 2, 2, 4, 32, 48, 7}, {5, 6, 12, 2, 1, 3, 2, 7, 9, 13}};
        for (int[] s : shapes) {
            ModelConfig c = new ModelConfig(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], 0.1f, s[9], 1, 1);
            assertEquals(new Weights(c).size(), c.parameterCount(), c.toString());
        }
    }

    @Test
    void hugeShapesSaturateInsteadOfOverflowing() {
        ModelConfig layers = new ModelConfig(20, 24, 16, 2_000_000_000, 1, 2, 2, 32, 32, 0.1f, 100, 1, 1);
        assertEquals(true, layers.parameterCount() > Integer.MAX_VALUE);
        ModelConfig wide = new ModelConfig(20, 24, 2_000_000_000, 1, 1, 1, 1, 2_000_000_000, 2_000_000_000, 0.1f,
                2_000_000_000, 1, 1);
        assertEquals(Long.MAX_VALUE, wide.parameterCount());
    }
}
