package org.qkvlens.app.figure;

import javafx.scene.paint.Color;

/**
 * The sentence colours of every scatter: A blue, B vermillion, further probes from the rest of the Okabe–Ito palette,
 * which stays distinguishable with the common colour-vision deficiencies; labels in the same colour, darker. A colour
 * is a value here (no node), so figure builders and renderers share it.
 */
public final class Palette {
    public static final Color A = Color.web("#0072B2");
    public static final Color B = Color.web("#D55E00");
    private static final Color[] FURTHER = {
        Color.web("#E69F00"), Color.web("#009E73"), Color.web("#CC79A7"), Color.web("#56B4E9"),
        Color.web("#000000"), Color.web("#B59F00"), Color.web("#7F7F7F")
    };

    private Palette() {
    }

    /** Colour of legend slot i: 0 = A, 1 = B, then the palette, cycling. */
    public static Color sentence(int slot) {
        if (slot == 0) return A;
        if (slot == 1) return B;
        return FURTHER[(slot - 2) % FURTHER.length];
    }

    /** The colour of a label of slot i's points at opacity {@code a}: the sentence colour, darker. */
    public static Color label(int slot, double a) {
        return sentence(slot).deriveColor(0, 1, 0.75, a);
    }
}
