package org.qkvlens.app.view;

import org.qkvlens.app.view.paint.PixelCanvas;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.draw.FxPen;
import org.qkvlens.app.draw.Pen;
import org.qkvlens.app.draw.Recorder;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.qkvlens.analysis.ClusterReport;
import org.qkvlens.app.figure.AnalysisFigure;
import org.qkvlens.app.figure.Ticks;

/**
 * Draws an {@link AnalysisFigure} on a canvas: title and note on top, then two panels side by side over the epochs,
 * "NMI of the clusters with …" (0…1) and "mean cosine across sentences" (its data's range, 0 included), each with
 * its legend, a point per computed epoch joined by lines, and a dashed vertical marker at the figure's marker epoch.
 * Used by the Clusters tab and by {@code export --view analysis}; {@link #setPixelScale} repaints for a sharp PNG.
 * Leaves out hover read-outs (the table beside it lists the numbers).
 */
public final class AnalysisChart extends Region {
    private static final Font TITLE = Font.font("System", FontWeight.BOLD, 12);
    private static final Font SMALL = Font.font("System", 11);
    private static final Color INK = Color.web("#222222");
    private static final Color GRID = Color.web("#e6e6e6");
    private static final Color MARKER = Color.web("#555555");

    private final Canvas canvas = new Canvas();
    private AnalysisFigure figure = AnalysisFigure.EMPTY;
    private int pixelScale = 1;
    private String empty = "no clusters yet";
    private boolean showHeader = true;

    public AnalysisChart() {
        getChildren().add(canvas);
        canvas.setManaged(false);
        setMinSize(240, 160);
    }

    public void setFigure(AnalysisFigure f) {
        figure = f;
        paint();
    }

    public AnalysisFigure figure() {
        return figure;
    }

    /** Whether the figure's title and note are drawn on top (the Clusters tab shows them in labels above instead). */
    public void setShowHeader(boolean show) {
        showHeader = show;
        paint();
    }

    /** What the chart says while the figure has no epochs. */
    public void setEmptyText(String text) {
        empty = text;
        paint();
    }

    /** Paints at {@code scale} pixels per layout pixel (PNG export), or back at 1. */
    public void setPixelScale(int scale) {
        pixelScale = Math.max(1, scale);
        paint();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 720;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 300;
    }

    @Override
    protected void layoutChildren() {
        paint();
    }

    private void paint() {
        double w = Math.max(1, getWidth()), h = Math.max(1, getHeight());
        draw(new FxPen(PixelCanvas.begin(canvas, w, h, pixelScale)), w, h, showHeader);
    }

    /**
     * The chart as shown, with ({@code header}) or without its title and note, as a drawing for SVG and PDF: the same
     * painting as the screen and the PNG. FX thread.
     */
    public Drawing drawing(boolean header) {
        double w = Math.max(1, getWidth() > 0 ? getWidth() : computePrefWidth(-1));
        double h = Math.max(1, getHeight() > 0 ? getHeight() : computePrefHeight(-1));
        Recorder r = new Recorder();
        draw(r, w, h, header);
        return r.drawing(w, h);
    }

    private void draw(Pen g, double w, double h, boolean header) {
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        double top = 6;
        if (header) {
            g.setFill(INK);
            g.setFont(TITLE);
            g.fillText(fit(figure.title(), TITLE, w - 20), 10, top);
            g.setFont(SMALL);
            g.setFill(Color.web("#555555"));
            g.fillText(fit(figure.note(), SMALL, w - 20), 10, top + 17);
            top += 38;
        }
        g.setFont(SMALL);
        if (figure.isEmpty()) {
            g.setFill(Color.web("#777777"));
            g.fillText(empty, 10, top + 4);
            return;
        }
        top = legend(g, 10, top, w - 20) + 6;
        double gap = 16, pw = (w - 3 * gap) / 2;
        panel(g, "NMI of the k-means clusters with the label", AnalysisFigure.NMI, gap, top, pw, h - top - 4, 0, 1);
        double[] range = cosineRange();
        panel(g, "mean cosine across sentences (same label)", AnalysisFigure.COSINE, 2 * gap + pw, top, pw, h - top - 4,
                range[0], range[1]);
    }

    /**
     * One legend for both panels (word and position have the same colours in both: NMI with the word, cosine of the same
     * word), entries wrapping to further rows; a series with no value at all (kind, with one kind) is left out. Returns
     * the y below it.
     */
    private double legend(Pen g, double x, double y, double w) {
        List<AnalysisFigure.Series> entries = new java.util.ArrayList<>();
        for (AnalysisFigure.Series s : AnalysisFigure.NMI) if (hasValues(s)) entries.add(s);
        entries.add(AnalysisFigure.COSINE.getLast());
        double lx = x, ly = y;
        for (AnalysisFigure.Series s : entries) {
            String name = s.name();
            double ew = 18 + textWidth(name, SMALL) + 14;
            if (lx > x && lx + ew > x + w) {
                lx = x;
                ly += 15;
            }
            g.setStroke(s.color());
            g.setLineWidth(2);
            g.strokeLine(lx, ly + 7, lx + 14, ly + 7);
            g.setFill(INK);
            g.fillText(name, lx + 18, ly);
            lx += ew;
        }
        return ly + 15;
    }

    private boolean hasValues(AnalysisFigure.Series s) {
        return figure.reports().stream().anyMatch(r -> !Double.isNaN(s.value().applyAsDouble(r)));
    }

    /** The cosines' range, 0 included, widened to round ticks. */
    private double[] cosineRange() {
        double lo = 0, hi = 0;
        for (ClusterReport r : figure.reports()) {
            for (AnalysisFigure.Series s : AnalysisFigure.COSINE) {
                double v = s.value().applyAsDouble(r);
                if (Double.isNaN(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi - lo < 1e-9) hi = lo + 1;
        double step = Ticks.step((hi - lo) / 4);
        return new double[] {Math.floor(lo / step) * step, Math.ceil(hi / step) * step};
    }

    private void panel(Pen g, String title, List<AnalysisFigure.Series> all, double x, double y, double w, double h,
                       double lo, double hi) {
        List<AnalysisFigure.Series> series = all.stream().filter(this::hasValues).toList();
        g.setFont(SMALL);
        g.setFill(INK);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(fit(title, SMALL, w), x, y);
        double ly = y;
        boolean caption = h > 200;         // "epoch" under the ticks only where there is room
        double left = x + 34, right = x + w - 6, plotTop = ly + 22, bottom = y + h - (caption ? 32 : 18);
        if (right - left < 20 || bottom - plotTop < 20) return;
        List<ClusterReport> reports = figure.reports();
        int e0 = reports.getFirst().epoch(), e1 = reports.getLast().epoch();
        if (figure.markerEpoch() >= 0) {
            e0 = Math.min(e0, figure.markerEpoch());
            e1 = Math.max(e1, figure.markerEpoch());
        }
        double span = Math.max(1, e1 - e0);
        final int first = e0;
        java.util.function.DoubleUnaryOperator px = e -> left + (e - first) / span * (right - left);
        java.util.function.DoubleUnaryOperator py = v -> bottom - (v - lo) / (hi - lo) * (bottom - plotTop);
        // y grid and ticks: about one per 25 px
        double step = Ticks.step((hi - lo) / Math.max(1, Math.min(4, Math.floor((bottom - plotTop) / 25))));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.setLineWidth(1);
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9; v += step) {
            double yy = Math.round(py.applyAsDouble(v)) + 0.5;
            g.setStroke(GRID);
            g.strokeLine(left, yy, right, yy);
            g.setFill(INK);
            g.fillText(Ticks.label(v, step), left - 4, yy);
        }
        // x ticks: epochs
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        double xStep = Math.max(1, Ticks.step(span / 6));
        for (double e = Math.ceil(e0 / xStep) * xStep; e <= e1 + 1e-9; e += xStep) {
            double xx = px.applyAsDouble(e);
            g.setStroke(Color.web("#999999"));
            g.strokeLine(xx, bottom, xx, bottom + 3);
            g.fillText(Ticks.label(e, xStep), xx, bottom + 4);
        }
        g.setStroke(Color.web("#999999"));
        g.strokeLine(left, bottom + 0.5, right, bottom + 0.5);
        g.setFill(Color.web("#555555"));
        if (caption) g.fillText("epoch", (left + right) / 2, bottom + 17);
        if (figure.markerEpoch() >= 0) {
            double xx = Math.round(px.applyAsDouble(figure.markerEpoch())) + 0.5;
            g.setStroke(MARKER);
            g.setLineDashes(4, 3);
            g.strokeLine(xx, plotTop - 4, xx, bottom);
            g.setLineDashes();
        }
        for (AnalysisFigure.Series s : series) {
            g.setStroke(s.color());
            g.setFill(s.color());
            g.setLineWidth(1.8);
            double lastX = Double.NaN, lastY = Double.NaN;
            for (ClusterReport r : reports) {
                double v = s.value().applyAsDouble(r);
                if (Double.isNaN(v)) {
                    lastX = Double.NaN;
                    continue;
                }
                double xx = px.applyAsDouble(r.epoch()), yy = py.applyAsDouble(v);
                if (!Double.isNaN(lastX)) g.strokeLine(lastX, lastY, xx, yy);
                g.fillOval(xx - 2.5, yy - 2.5, 5, 5);
                lastX = xx;
                lastY = yy;
            }
        }
    }

    private static double textWidth(String s, Font font) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    /** The text, cut with "…" to fit {@code width} (never squeezed). */
    private static String fit(String text, Font font, double width) {
        if (textWidth(text, font) <= width) return text;
        int lo = 0, hi = text.length();
        while (lo < hi) {                     // the longest prefix that fits with the ellipsis
            int mid = (lo + hi + 1) / 2;
            if (textWidth(text.substring(0, mid) + "…", font) <= width) lo = mid;
            else hi = mid - 1;
        }
        return text.substring(0, lo) + "…";
    }
}
