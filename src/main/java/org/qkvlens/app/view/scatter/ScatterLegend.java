package org.qkvlens.app.view.scatter;

import javafx.geometry.VPos;
import org.qkvlens.app.draw.Pen;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.qkvlens.app.figure.Marker;
import org.qkvlens.app.figure.Palette;
import org.qkvlens.probe.Kind;

/**
 * The scatter's legend, drawn on a canvas so a PNG of the view carries it: the sentences with their colours (A, B,
 * further probes), the kinds with their marker shapes, and the epochs drawn, older ones fainter. Shared by both views.
 * It stays small however many sentences are plotted: A and B each get a row, further probes one row each only while
 * they have colours of their own, else one grey row "others: N sentences" (they are listed in "Also plot"). Coloured
 * by something else (see {@link Coloring}), the first section says what: the most frequent values and "other", or a
 * colour bar with its range.
 */
final class ScatterLegend {
    private static final double ROW = 17;
    private static final double PAD = 8;
    static final double MAX_WIDTH = 270;
    private static final Font HEADER = Font.font("System", FontWeight.BOLD, 11);

    /** Narrower when the legend lies over the plot than beside it. */
    static final double OVER_PLOT_WIDTH = 190;

    private final ScatterStyle.TextWidths widths;
    /** The widest the legend gets; sentence texts are cut with "…" to fit. */
    double maxWidth = MAX_WIDTH;

    ScatterLegend(ScatterStyle.TextWidths widths) {
        this.widths = widths;
    }

    /** A sentence row: colour slot, role ("A", "B", "" or "others"), text. */
    record Row(int slot, String role, String text) {
    }

    /** Role of the row that draws a continuous colouring's colour bar, its range as the text. */
    static final String BAR = "bar";

    /**
     * The rows of the colour section: the sentence rows when colouring by sentence; else the colouring's categories
     * with their counts (the most frequent, then "other"), or for a continuous colouring a colour bar with its range,
     * then the points without a value.
     */
    static java.util.List<Row> colourRows(ScatterData d) {
        Coloring c = d.coloring();
        if (c == null || c.by() == ColorBy.SENTENCE) return rows(d);
        java.util.List<Row> rows = new java.util.ArrayList<>();
        if (c.continuous() && !Double.isNaN(c.min())) {
            boolean whole = c.by() != ColorBy.ENTROPY;
            String lo = whole ? String.valueOf((long) c.min()) : org.qkvlens.app.figure.Ticks.twoDecimals(c.min());
            String hi = whole ? String.valueOf((long) c.max()) : org.qkvlens.app.figure.Ticks.twoDecimals(c.max());
            rows.add(new Row(ScatterStyle.RAMP_BASE, BAR, lo + " … " + hi + (c.by() == ColorBy.ENTROPY ? " nats" : "")));
        }
        for (Coloring.Entry e : c.entries()) rows.add(new Row(e.slot(), "", String.format(java.util.Locale.ROOT, "%s (%,d)", e.label(), e.count())));
        return rows;
    }

    /** The colour section's header: "Sentences", or what the colours say. */
    static String colourHeader(ScatterData d) {
        Coloring c = d.coloring();
        if (c == null || c.by() == ColorBy.SENTENCE) return "Sentences";
        return "Colour: " + c.by();
    }

    /** The sentence rows: A and B, then the further probes one by one, or one row for all when they share a colour. */
    static java.util.List<Row> rows(ScatterData d) {
        java.util.List<Row> rows = new java.util.ArrayList<>();
        java.util.List<ScatterData.Sentence> others = d.sentences().stream().filter(x -> x.role().isEmpty()).toList();
        for (ScatterData.Sentence x : d.sentences()) {
            if (!x.role().isEmpty()) rows.add(new Row(x.role().equals("B") ? 1 : 0, x.role(), x.text()));
        }
        if (others.size() > Palette.FURTHER_COLOURS) {
            rows.add(new Row(Palette.OTHERS_SLOT, "", String.format("others: %,d sentences", others.size())));
        } else {
            for (int i = 0; i < others.size(); i++) rows.add(new Row(Palette.furtherSlot(i, others.size()), "", others.get(i).text()));
        }
        return rows;
    }

    double width(ScatterFrame f) {
        double w = 0;
        for (Row s : colourRows(f.data())) w = Math.max(w, widths.width(s.text()) + (s.role().equals(BAR) ? 90 : 50));
        w = Math.max(w, widths.width(epochLine(f, f.shown().length - 1)) + 30);
        return Math.min(maxWidth, Math.max(130, w + 2 * PAD));
    }

    double height(ScatterFrame f) {
        ScatterData d = f.data();
        return 2 * PAD + ROW * (3 + colourRows(d).size() + d.kinds().size() + epochRows(f)) + 6;
    }

    private static int epochRows(ScatterFrame f) {
        return f.shown().length <= 4 ? Math.max(1, f.shown().length) : 2;
    }

    /** Draws the legend with its top-left corner at (x, y). */
    void paint(Pen g, ScatterFrame f, double x, double y) {
        ScatterData d = f.data();
        double w = width(f), h = height(f);
        g.setFill(Color.rgb(255, 255, 255, 0.92));
        g.fillRect(x, y, w, h);
        g.setStroke(Color.web("#d0d0d0"));
        g.setLineWidth(1);
        g.strokeRect(Math.floor(x) + 0.5, Math.floor(y) + 0.5, Math.round(w), Math.round(h));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        double cy = y + PAD + ROW / 2;
        double tx = x + PAD + 34;
        header(g, colourHeader(d), x + PAD, cy);
        cy += ROW;
        for (Row s : colourRows(d)) {
            if (s.role().equals(BAR)) {
                for (int k = 0; k < ScatterStyle.RAMP; k++) {
                    g.setFill(ScatterStyle.color(ScatterStyle.RAMP_BASE + k));
                    g.fillRect(x + PAD + k * 60.0 / ScatterStyle.RAMP, cy - 5, 60.0 / ScatterStyle.RAMP + 0.5, 10);
                }
                g.setFont(widths.font());
                g.setFill(ScatterStyle.INK);
                g.fillText(fit(s.text(), x + w - PAD - (x + PAD + 66)), x + PAD + 66, cy);
                cy += ROW;
                continue;
            }
            g.setFill(ScatterStyle.color(s.slot()));
            g.fillRoundRect(x + PAD, cy - 5, 10, 10, 3, 3);
            g.setFont(HEADER);
            g.fillText(s.role(), x + PAD + 14, cy);
            g.setFont(widths.font());
            g.setFill(ScatterStyle.INK);
            g.fillText(fit(s.text(), x + w - PAD - tx), tx, cy);
            cy += ROW;
        }
        cy += 3;
        header(g, "Kinds", x + PAD, cy);
        cy += ROW;
        g.setFont(widths.font());
        for (Kind k : d.kinds()) {
            g.setFill(Color.web("#555555"));
            g.setStroke(Color.web("#555555"));
            ScatterPainter2D.marker(g, Marker.of(k), x + PAD + 5, cy, 4.5);
            g.setFill(ScatterStyle.INK);
            g.fillText(k.id(), x + PAD + 16, cy);
            cy += ROW;
        }
        cy += 3;
        header(g, "Epochs", x + PAD, cy);
        cy += ROW;
        g.setFont(widths.font());
        int n = f.shown().length;
        if (n <= 4) {
            for (int k = n - 1; k >= 0; k--) {
                g.setFill(Color.gray(0.33, ScatterStyle.ageOpacity(n - 1 - k, n)));
                g.fillOval(x + PAD + 1, cy - 4.5, 9, 9);
                g.setFill(ScatterStyle.INK);
                g.fillText(epochLine(f, k), x + PAD + 16, cy);
                cy += ROW;
            }
        } else {
            g.setFill(Color.gray(0.33));
            g.fillOval(x + PAD + 1, cy - 4.5, 9, 9);
            g.setFill(ScatterStyle.INK);
            g.fillText(epochLine(f, n - 1), x + PAD + 16, cy);
            cy += ROW;
            g.setFill(Color.gray(0.33, 0.35));
            g.fillOval(x + PAD + 1, cy - 4.5, 9, 9);
            g.setFill(ScatterStyle.INK);
            g.fillText(fit("older: " + f.data().snapshotLabel(f.shown()[0]) + " …", w - 30), x + PAD + 16, cy);
        }
        g.setTextBaseline(VPos.BASELINE);
    }

    private String epochLine(ScatterFrame f, int k) {
        if (k < 0 || f.shown().length == 0) return "no snapshot yet";
        String s = f.data().snapshotLabel(f.shown()[k]);
        return k == f.shown().length - 1 ? s + " (current)" : s;
    }

    private void header(Pen g, String text, double x, double y) {
        g.setFont(HEADER);
        g.setFill(ScatterStyle.INK);
        g.fillText(text, x, y);
        g.setFont(widths.font());
    }

    /** The text, cut with an ellipsis to fit {@code width}. */
    String fit(String text, double width) {
        if (widths.width(text) <= width) return text;
        String t = text;
        while (t.length() > 1 && widths.width(t + "…") > width) t = t.substring(0, t.length() - 1);
        return t + "…";
    }
}
