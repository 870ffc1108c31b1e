package org.qkvlens.app.figure;

import javafx.scene.paint.Color;

/**
 * The sentence colours of every scatter: A blue, B vermillion, further probes from the rest of the Okabe–Ito palette,
 * which stays distinguishable with the common colour-vision deficiencies; labels in the same colour, darker. When
 * there are more further probes than palette colours they all share one neutral grey ({@link #OTHERS}) rather than
 * repeating colours as if they meant something. A colour is a value here (no node), so figure builders and renderers
 * share it.
 */
public final class Palette {
    public static final Color A = Color.web("#0072B2");
    public static final Color B = Color.web("#D55E00");
    private static final Color[] FURTHER = {
        Color.web("#E69F00"), Color.web("#009E73"), Color.web("#CC79A7"), Color.web("#56B4E9"),
        Color.web("#000000"), Color.web("#B59F00"), Color.web("#7F7F7F")
    };

    /** The one colour of all further probes when there are more than {@link #FURTHER_COLOURS}. */
    public static final Color OTHERS = Color.web("#a3a3a3");
    /** How many further probes get a colour of their own. */
    public static final int FURTHER_COLOURS = FURTHER.length;
    /** The slot of {@link #OTHERS}: after A, B and the palette. */
    public static final int OTHERS_SLOT = 2 + FURTHER_COLOURS;

    private Palette() {
    }

    /** Colour of slot i: 0 = A, 1 = B, then the palette; {@link #OTHERS_SLOT} and beyond the neutral grey. */
    public static Color sentence(int slot) {
        if (slot == 0) return A;
        if (slot == 1) return B;
        return slot < OTHERS_SLOT ? FURTHER[slot - 2] : OTHERS;
    }

    /**
     * The slot of the {@code ordinal}-th further probe (from 0) of {@code others}: its own palette colour while all
     * fit, else the shared grey.
     */
    public static int furtherSlot(int ordinal, int others) {
        return others > FURTHER_COLOURS ? OTHERS_SLOT : 2 + ordinal;
    }

    /** The colour of a label of slot i's points at opacity {@code a}: the sentence colour, darker. */
    public static Color label(int slot, double a) {
        return sentence(slot).deriveColor(0, 1, 0.75, a);
    }
}
