package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expected values come from an independent Python implementation (plain integers masked to 64 bits). */
class SplitMix64Test {
    @Test
    void matchesTheReferenceStream() {
        assertEquals(0xe220a8397b1dcdafL, new SplitMix64(0).nextU64());          // Vigna's splitmix64.c, seed 0
        var rng = new SplitMix64(1234);
        assertEquals(-4968325692281840421L, rng.nextU64());
        assertEquals(-7509856599009106652L, rng.nextU64());
        assertEquals(3728693401281897946L, rng.nextU64());
    }

    @Test
    void nextIntMatchesTheReference() {
        var rng = new SplitMix64(42);
        int[] drawn = new int[10];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = rng.nextInt(10);
        }
        assertArrayEquals(new int[] {1, 3, 1, 5, 5, 7, 2, 3, 7, 4}, drawn);
    }

    @Test
    void nextFloatMatchesTheReferenceAndStaysBelowOne() {
        var rng = new SplitMix64(7);
        assertEquals(0.38982969522476196f, rng.nextFloat());
        assertEquals(0.016788244247436523f, rng.nextFloat());
        assertEquals(0.9007606506347656f, rng.nextFloat());
        for (int i = 0; i < 100_000; i++) {
            float f = rng.nextFloat();
            assertTrue(f >= 0f && f < 1f, "nextFloat gave " + f);
        }
    }

    @Test
    void shuffleMatchesTheReference() {
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        SplitMix64.shuffle(a, new SplitMix64(99));
        assertArrayEquals(new int[] {6, 4, 3, 7, 9, 5, 8, 2, 0, 1}, a);
    }

    @Test
    void shuffleOfTinyArraysDrawsNothing() {
        var rng = new SplitMix64(5);
        SplitMix64.shuffle(new int[0], rng);
        SplitMix64.shuffle(new int[] {3}, rng);
        assertEquals(new SplitMix64(5).nextU64(), rng.nextU64());
    }
}
