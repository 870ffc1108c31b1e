package org.qkvlens.app.figure;

import java.util.Locale;

/**
 * Every number an axis, a legend or a cell prints, in one place and independent of the user's locale: decimal point,
 * a true minus sign (U+2212) and never "−0". {@link #step} picks a round tick spacing (1, 2 or 5 × 10ⁿ),
 * {@link #label} prints a tick with as many decimals as that spacing needs, {@link #compact} a legend value as short as
 * exact, {@link #twoDecimals} a cell value. Leaves out: thousands separators and scientific notation (our axes span
 * a few units).
 */
public final class Ticks {
    private Ticks() {
    }

    /** A round spacing near {@code raw}: 1, 2, 5 or 10 times a power of ten; 1 for a spacing that is not positive and finite. */
    public static double step(double raw) {
        if (!(raw > 0) || Double.isInfinite(raw)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
    }

    /** A tick at {@code v} on an axis ticked every {@code step}: {@code −0.5}, {@code 0}, {@code 20}. */
    public static String label(double v, double step) {
        if (Math.abs(v) < step * 1e-6) v = 0;
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        return minus(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }

    /** A legend value, as short as exact to two decimals: {@code −1}, {@code −0.5}, {@code 0}, {@code 0.25}. */
    public static String compact(double v) {
        return minus(String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", ""));
    }

    /** A cell value: two decimals ({@code 0.93}, {@code −0.10}); empty for NaN. */
    public static String twoDecimals(double v) {
        if (Double.isNaN(v)) return "";
        return minus(String.format(Locale.ROOT, "%.2f", v));
    }

    /** A hyphen-minus made a true minus sign, and a negative zero ({@code -0}, {@code -0.00}) plain zero. */
    private static String minus(String s) {
        if (s.startsWith("-") && s.chars().skip(1).allMatch(c -> c == '0' || c == '.')) s = s.substring(1);
        return s.replace('-', '\u2212');
    }
}
