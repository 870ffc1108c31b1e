package org.qkvlens.app.view.scatter;

import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import org.qkvlens.app.figure.Palette;

/**
 * Colours, fonts and text measuring shared by the 2D and 3D scatter. The sentence colours ({@link Palette}) and the
 * marker of each kind ({@link Marker}) are the figure package's, the same the command line's scatter export uses;
 * here they are cached for per-frame drawing.
 */
final class ScatterStyle {
    private ScatterStyle() {
    }

    static final Color A = Palette.A;
    static final Color B = Palette.B;

    static final Color BACKGROUND = Color.WHITE;
    static final Color INK = Color.web("#222222");
    static final Color AXIS = Color.web("#666666");
    static final Color GRID = Color.web("#ececec");
    static final Font LABEL_FONT = Font.font("System", 11);
    static final Font SMALL_FONT = Font.font("System", 11);
    static final Font TITLE_FONT = Font.font("System", 12);

    /** First slot of the continuous ramp (colour by epoch, many positions, attention entropy). */
    static final int RAMP_BASE = Palette.OTHERS_SLOT + 1;
    /** Steps of the ramp. */
    static final int RAMP = 32;
    /** Every slot: the sentence palette with its grey, then the ramp. */
    static final int SLOTS = RAMP_BASE + RAMP;
    /** Viridis (matplotlib's, by van der Walt and Smith) up to 0.85, so its light end still shows on white. */
    private static final Color[] RAMP_STOPS = {
        Color.web("#440154"), Color.web("#3b528b"), Color.web("#21918c"), Color.web("#5ec962"), Color.web("#b5de2b")
    };

    /** Colour of slot i: 0 = A, 1 = B, then the palette and its grey; from {@link #RAMP_BASE} the ramp's steps. */
    static Color color(int slot) {
        return slot >= RAMP_BASE ? ramp((slot - RAMP_BASE + 0.5) / RAMP) : Palette.sentence(slot);
    }

    /** The ramp's colour at t in [0, 1]. */
    static Color ramp(double t) {
        double x = Math.max(0, Math.min(1, t)) * (RAMP_STOPS.length - 1);
        int i = Math.min(RAMP_STOPS.length - 2, (int) Math.floor(x));
        return RAMP_STOPS[i].interpolate(RAMP_STOPS[i + 1], x - i);
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
