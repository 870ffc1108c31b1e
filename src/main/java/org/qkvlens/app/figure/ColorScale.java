package org.qkvlens.app.figure;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;

/**
 * The colour scales of the matrix views, both from ColorBrewer (Brewer &amp; Harrower, colorbrewer2.org), both
 * readable with the common colour-vision deficiencies and in greyscale print:
 * <ul>
 *   <li>{@link #DIVERGING}: cosine similarity −1 … 1, RdBu (11 classes) with blue for −1, white for 0, red for 1;</li>
 *   <li>{@link #SEQUENTIAL}: attention weights 0 … 1, YlGnBu (9 classes), pale yellow for 0, dark blue for 1.</li>
 * </ul>
 * Values between the classes are interpolated linearly in sRGB; values outside the range are clamped.
 */
public enum ColorScale {
    DIVERGING(-1, 1, new double[] {-1, -0.5, 0, 0.5, 1},
            "#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"),
    SEQUENTIAL(0, 1, new double[] {0, 0.25, 0.5, 0.75, 1},
            "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58");

    private final double min;
    private final double max;
    private final double[] ticks;
    private final Color[] stops;

    ColorScale(double min, double max, double[] ticks, String... hex) {
        this.min = min;
        this.max = max;
        this.ticks = ticks;
        this.stops = new Color[hex.length];
        for (int i = 0; i < hex.length; i++) stops[i] = Color.web(hex[i]);
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** The values the legend labels. */
    public double[] ticks() {
        return ticks.clone();
    }

    /** The colour of a value (clamped to the range); light grey for NaN. */
    public Color color(double v) {
        if (Double.isNaN(v)) return Color.gray(0.85);
        double t = (Math.max(min, Math.min(max, v)) - min) / (max - min) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(t));
        return stops[i].interpolate(stops[i + 1], t - i);
    }

    /** The whole scale as a gradient from {@code min} at the bottom to {@code max} at the top, for the legend bar. */
    public LinearGradient verticalGradient() {
        List<Stop> s = new ArrayList<>();
        for (int i = 0; i < stops.length; i++) s.add(new Stop(1 - (double) i / (stops.length - 1), stops[i]));
        return new LinearGradient(0, 0, 0, 1, true, CycleMethod.NO_CYCLE, s);
    }

    /** Dark text on light cells, white text on dark ones (by relative luminance, WCAG). */
    public static Color textOn(Color background) {
        return luminance(background) > 0.20 ? Color.web("#1a1a1a") : Color.WHITE;
    }

    static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double s) {
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
}
