package org.qkvlens.app.view.scatter;

import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import org.qkvlens.probe.Kind;

/**
 * Colours, marker shapes and label font shared by the 2D and 3D scatter. Sentences: A blue, B red (vermillion), further
 * probes from the rest of the Okabe–Ito palette, which stays distinguishable with the common colour-vision deficiencies.
 * Kinds: circle Q, square K, triangle V, diamond x1, cross x4 (in 3D: sphere, cube, tetrahedron, octahedron, 3D cross).
 */
final class ScatterStyle {
    private ScatterStyle() {
    }

    enum Marker { CIRCLE, SQUARE, TRIANGLE, DIAMOND, CROSS }

    static final Color A = Color.web("#0072B2");
    static final Color B = Color.web("#D55E00");
    private static final Color[] FURTHER = {
        Color.web("#E69F00"), Color.web("#009E73"), Color.web("#CC79A7"), Color.web("#56B4E9"),
        Color.web("#000000"), Color.web("#B59F00"), Color.web("#7F7F7F")
    };

    static final Color BACKGROUND = Color.WHITE;
    static final Color INK = Color.web("#222222");
    static final Color AXIS = Color.web("#666666");
    static final Color GRID = Color.web("#ececec");
    static final Font LABEL_FONT = Font.font("System", 11);
    static final Font SMALL_FONT = Font.font("System", 11);
    static final Font TITLE_FONT = Font.font("System", 12);

    /** Colour of legend slot i: 0 = A, 1 = B, then the palette, cycling. */
    static Color color(int slot) {
        if (slot == 0) return A;
        if (slot == 1) return B;
        return FURTHER[(slot - 2) % FURTHER.length];
    }

    private static final Color[][] LABEL_COLORS = new Color[64][11];

    /** A sentence colour made darker for text, at opacity a (rounded to tenths; cached). */
    static Color labelColor(int slot, double a) {
        int level = (int) Math.round(Math.max(0, Math.min(1, a)) * 10);
        Color[] row = LABEL_COLORS[slot % 64];
        if (row[level] == null) row[level] = color(slot).deriveColor(0, 1, 0.75, level / 10.0);
        return row[level];
    }

    /** Colour of slot i as 0xRRGGBB. */
    static int rgb(int slot) {
        Color c = color(slot);
        return (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }

    static Marker marker(Kind kind) {
        return switch (kind) {
            case Q -> Marker.CIRCLE;
            case K -> Marker.SQUARE;
            case V -> Marker.TRIANGLE;
            case X1 -> Marker.DIAMOND;
            default -> Marker.CROSS;
        };
    }

    /** Opacity of a point drawn {@code fromEnd} snapshots before the current one, of {@code slots} drawn. */
    static double ageOpacity(int fromEnd, int slots) {
        if (slots <= 1 || fromEnd == 0) return 1;
        return 0.3 + 0.5 * (1 - fromEnd / (double) (slots - 1));
    }

    /** Text widths in a font without layout per call: one measured advance per character, cached. */
    static final class TextWidths {
        private final Font font;
        private final double[] ascii = new double[128];
        private final java.util.Map<Character, Double> other = new java.util.HashMap<>();
        private final Text probe = new Text();
        final double height;

        TextWidths(Font font) {
            this.font = font;
            probe.setFont(font);
            for (char c = 32; c < 128; c++) ascii[c] = measure(String.valueOf(c));
            height = probe.getLayoutBounds().getHeight();
        }

        private double measure(String s) {
            probe.setText(s);
            return probe.getLayoutBounds().getWidth();
        }

        double width(String s) {
            double w = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                w += c < 128 ? ascii[c] : other.computeIfAbsent(c, k -> measure(String.valueOf(k)));
            }
            return w;
        }

        Font font() {
            return font;
        }
    }
}
