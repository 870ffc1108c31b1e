package org.qkvlens.app.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Ticks read the same under any default locale: decimal point, true minus sign, no "−0". */
class TicksTest {

    private static List<String> all() {
        return List.of(Ticks.label(-0.5, 0.5), Ticks.label(1.5, 0.5), Ticks.label(20, 10), Ticks.label(-3e-9, 0.1),
                Ticks.label(-0.04, 1), Ticks.compact(-1), Ticks.compact(-0.5), Ticks.compact(0), Ticks.compact(0.25),
                Ticks.compact(10), Ticks.twoDecimals(0.934), Ticks.twoDecimals(-0.001), Ticks.twoDecimals(-0.1),
                Ticks.twoDecimals(Double.NaN));
    }

    @Test
    void aGermanDefaultLocaleChangesNothing() {
        Locale before = Locale.getDefault();
        List<String> root, german;
        try {
            Locale.setDefault(Locale.ROOT);
            root = all();
            Locale.setDefault(Locale.GERMANY);
            german = all();
        } finally {
            Locale.setDefault(before);
        }
        assertEquals(root, german);
        assertEquals(List.of("\u22120.5", "1.5", "20", "0.0", "0", "\u22121", "\u22120.5", "0", "0.25", "10", "0.93", "0.00",
                "\u22120.10", ""), german);
    }

    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.5, Ticks.step(0.41), 1e-12);
        assertEquals(2, Ticks.step(1.6), 1e-12);
        assertEquals(10, Ticks.step(8), 1e-12);
        assertEquals(0.01, Ticks.step(0.012), 1e-12);
        assertEquals(1, Ticks.step(0));
        assertEquals(1, Ticks.step(Double.NaN));
    }
}
