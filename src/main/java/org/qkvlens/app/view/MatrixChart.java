package org.qkvlens.app.view;

import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.draw.FxPen;
import org.qkvlens.app.draw.Pen;
import org.qkvlens.app.draw.Recorder;
import org.qkvlens.app.view.paint.PixelCanvas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.qkvlens.app.figure.ColorScale;
import org.qkvlens.app.figure.MatrixFigure;
import org.qkvlens.app.figure.MatrixPanel;
import org.qkvlens.app.figure.Ticks;
import org.qkvlens.app.state.TokenRef;

/**
 * Draws a {@link MatrixFigure} on a Canvas like a figure in a paper: title, panels of coloured cells with their values,
 * row labels on the left, column labels on top (turned 45° when they do not fit a cell), axis titles, and a colour
 * legend with ticks. The cells grow and shrink with the space it is given (between {@link #MIN_CELL} and the preferred
 * cell size; in less space the whole figure is zoomed out, so nothing is ever cut off); its preferred size is the
 * figure at the preferred cell size. Hovering a cell shows its exact value and
 * both tokens; clicking a label or a cell reports the token ({@link #setOnTokenClicked}); the highlighted token's row or
 * column is outlined; when search matches or selected points are {@linkplain #markedProperty() marked}, the other
 * rows and columns are dimmed. Repaints at most once per pulse: changes mark it dirty and request a layout, and
 * {@link #layoutChildren()} paints. {@link #setPixelScale} repaints at a higher pixel density for a sharp PNG export.
 * FX thread only.
 */
public final class MatrixChart extends Region {
    /** Below this cell edge the whole figure is zoomed out instead, like a thumbnail, so nothing is ever cut off. */
    static final double MIN_CELL = 30;
    private static final double PAD = 18;
    private static final double TITLE_GAP = 16;
    private static final double PANEL_GAP = 40;
    private static final double LEGEND_GAP = 28;
    private static final double LEGEND_BAR = 14;
    private static final double LABEL_GAP = 7;
    private static final double SIN45 = Math.sqrt(0.5);

    private static final String FAMILY = Font.getDefault().getFamily();
    private static final Font TITLE = Font.font(FAMILY, FontWeight.BOLD, 15);
    private static final Font SUBTITLE = Font.font(FAMILY, 12.5);
    private static final Font CAPTION = Font.font(FAMILY, FontWeight.BOLD, 13);
    private static final Font AXIS = Font.font(FAMILY, 12.5);
    private static final Font LABEL = Font.font(FAMILY, 13);
    private static final Font LABEL_BOLD = Font.font(FAMILY, FontWeight.BOLD, 13);
    private static final Font TICK = Font.font(FAMILY, 11.5);
    private static final Font MESSAGE = Font.font(FAMILY, 14);
    private static final double VALUE_FONT = 12.5;
    private static final Color INK = Color.web("#1a1a1a");
    private static final Color MUTED = Color.web("#555555");
    /** Labels of rows and columns dimmed beside marked ones, and how far their cells fade to white. */
    private static final Color DIMMED = Color.web("#b4b4b4");
    static final double VEIL = 0.75;

    private final Canvas canvas = new Canvas();
    private final Canvas overlay = new Canvas();
    private final ObjectProperty<MatrixFigure> figure = new SimpleObjectProperty<>(this, "figure", MatrixFigure.message("", ""));
    private final ObjectProperty<TokenRef> highlighted = new SimpleObjectProperty<>(this, "highlighted");
    private final Tooltip tooltip = new Tooltip();
    private final Text measure = new Text();
    private final Map<Font, Map<String, Double>> widths = new HashMap<>();
    private final Set<TokenRef> outlined = new HashSet<>();
    private final ObjectProperty<Set<TokenRef>> marked = new SimpleObjectProperty<>(this, "marked", Set.of());
    /** Rows and columns the last paint dimmed (tests). */
    private final Set<TokenRef> dimmed = new HashSet<>();
    private Consumer<TokenRef> onTokenClicked = t -> { };
    private double preferredCell = 48;
    private int pixelScale = 1;
    private boolean paintDirty = true;
    private Geometry geometry;
    /** The figure at the preferred cell size, for the size queries; null until first asked after a change. */
    private Geometry preferred;
    private Hit hover;

    public MatrixChart() {
        getStyleClass().add("matrix-chart");
        getChildren().addAll(canvas, overlay);
        overlay.setMouseTransparent(true);
        canvas.setManaged(false);
        overlay.setManaged(false);
        figure.addListener((o, a, b) -> {
            widths.clear();
            preferred = null;
            markDirty();
        });
        highlighted.addListener((o, a, b) -> markDirty());
        marked.addListener((o, a, b) -> markDirty());
        tooltip.setShowDelay(Duration.millis(120));
        tooltip.setHideDelay(Duration.ZERO);
        setOnMouseMoved(this::mouseMoved);
        setOnMouseExited(e -> setHover(null, e));
        setOnMouseClicked(this::mouseClicked);
    }

    // ------------------------------------------------------------------------------------------------ API

    public ObjectProperty<MatrixFigure> figureProperty() {
        return figure;
    }

    public MatrixFigure getFigure() {
        return figure.get();
    }

    public void setFigure(MatrixFigure f) {
        figure.set(Objects.requireNonNull(f));
    }

    /** The token whose row or column is outlined (views bind it to the shared selection). */
    public ObjectProperty<TokenRef> highlightedProperty() {
        return highlighted;
    }

    /**
     * Tokens to emphasise (search matches, selected points): when a panel shows any of them, its other rows and columns
     * are dimmed (labels grey, cells in neither a marked row nor a marked column veiled) and theirs set in bold.
     */
    public ObjectProperty<Set<TokenRef>> markedProperty() {
        return marked;
    }

    /**
     * Called with the token of a clicked row label, column label or cell (the row's token; with Shift the column's), or
     * with null for a click beside the matrix.
     */
    public void setOnTokenClicked(Consumer<TokenRef> handler) {
        onTokenClicked = handler == null ? t -> { } : handler;
    }

    /** The cell edge at the preferred size, in pixels. */
    public void setPreferredCell(double size) {
        preferredCell = size;
        preferred = null;
        requestLayout();
    }

    /**
     * Paints at once with {@code scale} device pixels per layout pixel (PNG export), or back at 1. JavaFX already backs
     * a Canvas with the screen's render scale (2 on a HiDPI screen), so only the remaining factor is added here.
     */
    public void setPixelScale(int scale) {
        if (scale < 1) throw new IllegalArgumentException("scale " + scale);
        double screen = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getRenderScaleX() : 1;
        pixelScale = Math.max(1, (int) Math.ceil(scale / Math.max(1, screen) - 1e-9));
        paint();
    }

    /**
     * What the chart shows now, as a drawing description for SVG and PDF: the same painting as the screen and the PNG,
     * at the chart's current size (its preferred size before the first layout). FX thread.
     */
    public Drawing drawing() {
        double w = getWidth() > 0 ? getWidth() : Math.ceil(preferredGeometry().width);
        double h = getHeight() > 0 ? getHeight() : Math.ceil(preferredGeometry().height);
        Geometry geo = geometry != null && geometry.availableW == w && geometry.availableH == h && !paintDirty ? geometry : fit(w, h);
        Recorder r = new Recorder();
        draw(r, geo);
        return r.drawing(w, h);
    }

    // ------------------------------------------------------------------------------------------------ layout

    private void markDirty() {
        paintDirty = true;
        requestLayout();
    }

    @Override
    protected double computePrefWidth(double height) {
        return Math.ceil(preferredGeometry().width);
    }

    @Override
    protected double computePrefHeight(double width) {
        return Math.ceil(preferredGeometry().height);
    }

    /** The preferred size's geometry, measured once per figure (layout passes ask for it many times). */
    private Geometry preferredGeometry() {
        if (preferred == null) preferred = Geometry.of(this, figure.get(), preferredCell);
        return preferred;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 160;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 120;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        if (paintDirty || geometry == null || geometry.availableW != w || geometry.availableH != h) paint();
    }

    /** Lays out the figure for the current size and paints it (and clears the hover). */
    private void paint() {
        paintDirty = false;
        double w = Math.max(1, getWidth()), h = Math.max(1, getHeight());
        geometry = fit(w, h);
        PixelCanvas.size(overlay, w, h, pixelScale);
        GraphicsContext g = PixelCanvas.begin(canvas, w, h, pixelScale);
        outlined.clear();
        dimmed.clear();
        draw(new FxPen(g), geometry);
        hover = null;
        paintOverlay();
    }

    /**
     * The geometry at the largest cell size (up to the preferred one) whose figure fits {@code w × h}; when not even
     * {@link #MIN_CELL} fits, that figure zoomed out to fit.
     */
    private Geometry fit(double w, double h) {
        MatrixFigure f = figure.get();
        Geometry beside = fit(f, w, h, false);
        if (f.panels().size() < 2 || f.isEmpty()) return beside;
        Geometry stacked = fit(f, w, h, true);
        // Panels side by side or one above the other: whichever shows the cells bigger in this space.
        return stacked.cell * stacked.zoom > beside.cell * beside.zoom ? stacked : beside;
    }

    private Geometry fit(MatrixFigure f, double w, double h, boolean stacked) {
        double lo = Math.min(MIN_CELL, preferredCell), hi = preferredCell;
        Geometry best = Geometry.of(this, f, hi, stacked);
        if (best.width <= w && best.height <= h) return best.placed(w, h);
        best = Geometry.of(this, f, lo, stacked);
        if (f.isEmpty() || best.width > w || best.height > h) return best.placed(w, h);
        for (int i = 0; i < 18 && hi - lo > 0.25; i++) {
            double mid = (lo + hi) / 2;
            Geometry g = Geometry.of(this, f, mid, stacked);
            if (g.width <= w && g.height <= h) {
                lo = mid;
                best = g;
            } else {
                hi = mid;
            }
        }
        return best.placed(w, h);
    }

    double textWidth(String s, Font font) {
        return widths.computeIfAbsent(font, k -> new HashMap<>()).computeIfAbsent(s, k -> {
            measure.setFont(font);
            measure.setText(k);
            return measure.getLayoutBounds().getWidth();
        });
    }

    double lineHeight(Font font) {
        return Math.ceil(font.getSize() * 1.3);
    }

    /** Where everything goes, for one cell size; offset by ({@code x0}, {@code y0}) once placed. */
    private static final class Geometry {
        double cell, valueFont, width, height, availableW, availableH, x0, y0, zoom = 1;
        boolean showValues;
        double titleY, subtitleY, gridTop;
        double legendX, legendTop, legendHeight, legendWidth;
        final List<PanelGeometry> panels = new ArrayList<>();
        MatrixFigure figure;

        static Geometry of(MatrixChart chart, MatrixFigure f, double cell) {
            return of(chart, f, cell, false);
        }

        /** {@code stacked}: panels one above the other (for tall, narrow spaces) instead of side by side. */
        static Geometry of(MatrixChart chart, MatrixFigure f, double cell, boolean stacked) {
            Geometry g = new Geometry();
            g.figure = f;
            g.cell = cell;
            double titleW = Math.max(chart.textWidth(f.title(), TITLE), chart.textWidth(f.subtitle(), SUBTITLE));
            double y = PAD;
            if (!f.title().isEmpty()) {
                g.titleY = y;
                y += chart.lineHeight(TITLE);
            }
            if (!f.subtitle().isEmpty()) {
                g.subtitleY = y + 2;
                y += chart.lineHeight(SUBTITLE) + 2;
            }
            if (y > PAD) y += TITLE_GAP;
            if (f.isEmpty()) {
                double mw = chart.textWidth(f.message(), MESSAGE);
                g.width = 2 * PAD + Math.max(Math.max(titleW, mw + 40), 420);
                g.height = Math.max(y + 120, 260);
                g.gridTop = y;
                return g;
            }
            double valueTextW = chart.textWidth("\u22120.00", Font.font(FAMILY, VALUE_FONT));
            g.valueFont = Math.min(VALUE_FONT, VALUE_FONT * (cell - 6) / valueTextW);
            g.showValues = f.alwaysShowValues() ? g.valueFont >= 6 : g.valueFont >= 9;

            double x = PAD, gridTop = 0, bottom = 0;
            if (stacked) {
                double yy = y, widest = 0;
                for (MatrixPanel p : f.panels()) {
                    PanelGeometry pg = PanelGeometry.of(chart, p, cell);
                    pg.left = PAD;
                    pg.gridY = yy + pg.above;
                    pg.gridX = pg.left + pg.leftOfGrid;
                    yy = pg.gridY + pg.gridHeight() + PANEL_GAP;
                    widest = Math.max(widest, pg.width);
                    g.panels.add(pg);
                }
                x = PAD + widest;
                g.gridTop = g.panels.getFirst().gridY;
                bottom = yy - PANEL_GAP;
            } else {
                for (MatrixPanel p : f.panels()) {
                    PanelGeometry pg = PanelGeometry.of(chart, p, cell);
                    pg.left = x;
                    x += pg.width + PANEL_GAP;
                    gridTop = Math.max(gridTop, pg.above);
                    g.panels.add(pg);
                }
                x -= PANEL_GAP;
                g.gridTop = y + gridTop;
                for (PanelGeometry pg : g.panels) {
                    pg.gridY = g.gridTop;
                    pg.gridX = pg.left + pg.leftOfGrid;
                    bottom = Math.max(bottom, g.gridTop + pg.gridHeight());
                }
            }
            // legend: title above the bar, ticks right of it; at least 140 px tall, at most the grid
            double gridH = bottom - g.gridTop;
            g.legendHeight = Math.max(140, Math.min(gridH, 360));
            double tickW = 0;
            for (double t : f.scale().ticks()) tickW = Math.max(tickW, chart.textWidth(Ticks.compact(t), TICK));
            g.legendWidth = Math.max(LEGEND_BAR + 5 + 4 + tickW, chart.textWidth(f.legendTitle(), AXIS));
            g.legendX = x + LEGEND_GAP;
            g.legendTop = g.gridTop + (gridH > g.legendHeight ? (gridH - g.legendHeight) / 2 : 0);
            bottom = Math.max(bottom, g.legendTop + g.legendHeight + chart.lineHeight(TICK) / 2);
            g.width = Math.max(g.legendX + g.legendWidth, PAD + titleW) + PAD;
            g.height = bottom + PAD;
            return g;
        }

        /** Zooms out when the figure is larger than the space, and centres it horizontally. */
        Geometry placed(double w, double h) {
            availableW = w;
            availableH = h;
            zoom = Math.min(1, Math.min(w / width, h / height));
            x0 = Math.max(0, Math.floor((w - width * zoom) / 2));
            y0 = 0;
            return this;
        }

        /** A point of the figure in chart coordinates. */
        Point2D toChart(double x, double y) {
            return new Point2D(x0 + x * zoom, y0 + y * zoom);
        }
    }

    /** One panel's boxes, relative to the figure; {@code left} is the panel's left edge, the grid starts at gridX/gridY. */
    private static final class PanelGeometry {
        MatrixPanel panel;
        double left, width, above, leftOfGrid, gridX, gridY, cell;
        double rowTitleW, rowLabelW, colLabelH, captionH, colTitleH;
        boolean rotated;
        double[] colW;

        static PanelGeometry of(MatrixChart chart, MatrixPanel p, double cell) {
            PanelGeometry g = new PanelGeometry();
            g.panel = p;
            g.cell = cell;
            g.captionH = p.caption() == null || p.caption().isEmpty() ? 0 : chart.lineHeight(CAPTION) + 6;
            double captionW = p.caption() == null ? 0 : chart.textWidth(p.caption(), CAPTION);
            if (!p.hasValues()) {
                double mw = chart.textWidth(p.message(), AXIS);
                g.width = Math.max(Math.max(captionW, mw + 32), 240);
                g.above = g.captionH;
                g.leftOfGrid = 0;
                return g;
            }
            double lh = chart.lineHeight(LABEL);
            for (String s : p.rowLabels()) g.rowLabelW = Math.max(g.rowLabelW, chart.textWidth(s, LABEL_BOLD));
            g.rowTitleW = p.rowTitle() == null ? 0 : chart.lineHeight(AXIS) + 6;
            g.colW = new double[p.cols()];
            double maxColW = 0, maxPlainW = 0;
            for (int j = 0; j < p.cols(); j++) {
                g.colW[j] = chart.textWidth(p.colLabels().get(j), LABEL_BOLD);
                maxColW = Math.max(maxColW, g.colW[j]);
                maxPlainW = Math.max(maxPlainW, chart.textWidth(p.colLabels().get(j), LABEL));
            }
            g.rotated = maxPlainW > cell - 3;
            double overhang = 0;
            if (g.rotated) {
                g.colLabelH = (maxColW + lh / 2) * SIN45 + LABEL_GAP;
                for (int j = 0; j < p.cols(); j++) {
                    overhang = Math.max(overhang, (j + 0.5 - p.cols()) * cell + (g.colW[j] + lh / 2) * SIN45);
                }
            } else {
                g.colLabelH = lh + 2;
            }
            g.colTitleH = p.colTitle() == null ? 0 : chart.lineHeight(AXIS) + 4;
            g.leftOfGrid = g.rowTitleW + g.rowLabelW + LABEL_GAP;
            g.above = g.captionH + g.colTitleH + g.colLabelH;
            double gridW = p.cols() * cell;
            double colTitleW = p.colTitle() == null ? 0 : chart.textWidth(p.colTitle(), AXIS);
            g.width = Math.max(g.leftOfGrid + gridW + Math.max(0, overhang), Math.max(captionW, g.leftOfGrid + colTitleW));
            return g;
        }

        double gridHeight() {
            return panel.hasValues() ? panel.rows() * cell : 110;
        }
    }

    // ------------------------------------------------------------------------------------------------ drawing

    private void draw(Pen g, Geometry geo) {
        MatrixFigure f = geo.figure;
        g.save();
        g.translate(geo.x0, geo.y0);
        g.scale(geo.zoom, geo.zoom);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        if (!f.title().isEmpty()) text(g, f.title(), TITLE, INK, PAD, geo.titleY);
        if (!f.subtitle().isEmpty()) text(g, f.subtitle(), SUBTITLE, MUTED, PAD, geo.subtitleY);
        if (f.isEmpty()) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            double cy = Math.max(geo.gridTop + 40, (getHeight() - geo.gridTop) / 2 + geo.gridTop - 20);
            text(g, f.message(), MESSAGE, MUTED, geo.width / 2 + 0, cy);
            g.restore();
            return;
        }
        for (PanelGeometry pg : geo.panels) drawPanel(g, geo, pg);
        drawLegend(g, geo);
        g.restore();
    }

    private void drawPanel(Pen g, Geometry geo, PanelGeometry pg) {
        MatrixPanel p = pg.panel;
        double c = pg.cell;
        double top = pg.gridY - pg.above;
        g.setTextBaseline(VPos.TOP);
        if (pg.captionH > 0) {
            g.setTextAlign(TextAlignment.LEFT);
            double cw = textWidth(p.caption(), CAPTION);
            double cx = p.hasValues() ? Math.max(pg.left, pg.gridX + p.cols() * c / 2 - cw / 2) : pg.left;
            text(g, p.caption(), CAPTION, INK, cx, top);
        }
        if (!p.hasValues()) {
            g.setStroke(Color.gray(0.8));
            g.setLineWidth(1);
            g.setLineDashes(4, 4);
            g.strokeRect(pg.left + 0.5, pg.gridY + 0.5, pg.width - 1, pg.gridHeight() - 1);
            g.setLineDashes();
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            text(g, p.message(), AXIS, MUTED, pg.left + pg.width / 2, pg.gridY + pg.gridHeight() / 2);
            return;
        }
        double gridW = p.cols() * c, gridH = p.rows() * c;
        TokenRef hl = highlighted.get();
        Set<TokenRef> mk = marked.get();
        boolean anyMark = p.rowTokens().stream().anyMatch(mk::contains) || p.colTokens().stream().anyMatch(mk::contains);
        boolean[] rowOn = new boolean[p.rows()], colOn = new boolean[p.cols()];
        for (int i = 0; i < p.rows(); i++) rowOn[i] = !anyMark || mk.contains(p.rowTokens().get(i)) || p.rowTokens().get(i).equals(hl);
        for (int j = 0; j < p.cols(); j++) colOn[j] = !anyMark || mk.contains(p.colTokens().get(j)) || p.colTokens().get(j).equals(hl);
        if (p.colTitle() != null) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            text(g, p.colTitle(), AXIS, MUTED, Math.max(pg.gridX + gridW / 2, pg.gridX + textWidth(p.colTitle(), AXIS) / 2 - pg.leftOfGrid),
                    top + pg.captionH);
        }
        if (p.rowTitle() != null) {
            g.save();
            g.translate(pg.left + lineHeight(AXIS) / 2, pg.gridY + gridH / 2);
            g.rotate(-90);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            text(g, elide(p.rowTitle(), AXIS, Math.max(gridH, 60)), AXIS, MUTED, 0, 0);
            g.restore();
        }
        // row labels, right-aligned against the grid
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < p.rows(); i++) {
            boolean on = p.rowTokens().get(i).equals(hl) || anyMark && rowOn[i];
            if (!rowOn[i]) dimmed.add(p.rowTokens().get(i));
            text(g, p.rowLabels().get(i), on ? LABEL_BOLD : LABEL, on ? Color.BLACK : rowOn[i] ? INK : DIMMED, pg.gridX - LABEL_GAP, pg.gridY + (i + 0.5) * c);
        }
        // column labels, horizontal or turned 45° up and to the right
        double lh = lineHeight(LABEL);
        for (int j = 0; j < p.cols(); j++) {
            boolean on = p.colTokens().get(j).equals(hl) || anyMark && colOn[j];
            if (!colOn[j]) dimmed.add(p.colTokens().get(j));
            Font font = on ? LABEL_BOLD : LABEL;
            Color ink = on ? Color.BLACK : colOn[j] ? INK : DIMMED;
            double cx = pg.gridX + (j + 0.5) * c;
            if (pg.rotated) {
                g.save();
                g.translate(cx - lh / 4, pg.gridY - LABEL_GAP);
                g.rotate(-45);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.CENTER);
                text(g, p.colLabels().get(j), font, ink, 0, 0);
                g.restore();
            } else {
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.BOTTOM);
                text(g, p.colLabels().get(j), font, ink, cx, pg.gridY - 3);
            }
        }
        // cells, with a hairline of white between them
        double gap = c >= 16 ? 1 : 0.5;
        Font valueFont = Font.font(FAMILY, geo.valueFont);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < p.rows(); i++) {
            for (int j = 0; j < p.cols(); j++) {
                double v = p.values()[i][j];
                Color fill = geo.figure.scale().color(v);
                double x = pg.gridX + j * c, y = pg.gridY + i * c;
                boolean veiled = !rowOn[i] && !colOn[j];
                if (veiled) fill = fill.interpolate(Color.WHITE, VEIL);
                g.setFill(fill);
                g.fillRect(x, y, c - gap, c - gap);
                if (geo.showValues) {
                    Color ink = ColorScale.textOn(fill);
                    text(g, Ticks.twoDecimals(v), valueFont, veiled ? ink.interpolate(fill, 0.6) : ink, x + (c - gap) / 2, y + (c - gap) / 2 + 0.5);
                }
            }
        }
        // the highlighted token's row and column: black outline with a white halo, visible on every colour
        for (int i = 0; i < p.rows(); i++) {
            if (p.rowTokens().get(i).equals(hl)) {
                outline(g, pg.gridX, pg.gridY + i * c, gridW - gap, c - gap);
                outlined.add(hl);
            }
        }
        for (int j = 0; j < p.cols(); j++) {
            if (p.colTokens().get(j).equals(hl)) {
                outline(g, pg.gridX + j * c, pg.gridY, c - gap, gridH - gap);
                outlined.add(hl);
            }
        }
    }

    private static void outline(Pen g, double x, double y, double w, double h) {
        g.setStroke(Color.WHITE);
        g.setLineWidth(4.5);
        g.strokeRect(x, y, w, h);
        g.setStroke(Color.BLACK);
        g.setLineWidth(2);
        g.strokeRect(x, y, w, h);
    }

    private void drawLegend(Pen g, Geometry geo) {
        ColorScale scale = geo.figure.scale();
        double x = geo.legendX, top = geo.legendTop, h = geo.legendHeight;
        if (!geo.figure.legendTitle().isEmpty()) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BOTTOM);
            text(g, geo.figure.legendTitle(), AXIS, MUTED, x, top - lineHeight(TICK) / 2 - 4);
        }
        g.setFill(scale.verticalGradient());
        g.fillRect(x, top, LEGEND_BAR, h);
        g.setStroke(Color.gray(0.55));
        g.setLineWidth(1);
        g.strokeRect(x + 0.5, top + 0.5, LEGEND_BAR - 1, h - 1);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        for (double t : scale.ticks()) {
            double y = top + h - (t - scale.min()) / (scale.max() - scale.min()) * h;
            double ys = Math.min(top + h - 0.5, Math.max(top + 0.5, y));
            g.strokeLine(x + LEGEND_BAR, ys, x + LEGEND_BAR + 4, ys);
            text(g, Ticks.compact(t), TICK, INK, x + LEGEND_BAR + 7, y);
        }
    }

    private static void text(Pen g, String s, Font font, Color ink, double x, double y) {
        g.setFont(font);
        g.setFill(ink);
        g.fillText(s, x, y);
    }

    private String elide(String s, Font font, double maxW) {
        if (textWidth(s, font) <= maxW) return s;
        String t = s;
        while (t.length() > 1 && textWidth(t + "…", font) > maxW) t = t.substring(0, t.length() - 1);
        return t + "…";
    }

    // ------------------------------------------------------------------------------------------------ hover, click

    /** What the mouse is over: a cell (row and col ≥ 0), a row label (col −1) or a column label (row −1). */
    record Hit(int panel, int row, int col) {
    }

    Hit hitTest(double x, double y) {
        Geometry geo = geometry;
        if (geo == null || geo.figure.isEmpty()) return null;
        x = (x - geo.x0) / geo.zoom;
        y = (y - geo.y0) / geo.zoom;
        for (int pi = 0; pi < geo.panels.size(); pi++) {
            PanelGeometry pg = geo.panels.get(pi);
            MatrixPanel p = pg.panel;
            if (!p.hasValues()) continue;
            double c = pg.cell;
            int row = (int) Math.floor((y - pg.gridY) / c), col = (int) Math.floor((x - pg.gridX) / c);
            boolean inRows = y >= pg.gridY && row < p.rows(), inCols = x >= pg.gridX && col < p.cols();
            if (inRows && inCols) return new Hit(pi, row, col);
            if (inRows && x >= pg.gridX - LABEL_GAP - textWidth(p.rowLabels().get(row), LABEL_BOLD) - 2 && x < pg.gridX) {
                return new Hit(pi, row, -1);
            }
            if (y < pg.gridY && y >= pg.gridY - pg.colLabelH) {
                double lh = lineHeight(LABEL);
                for (int j = 0; j < p.cols(); j++) {
                    double cx = pg.gridX + (j + 0.5) * c;
                    if (pg.rotated) {
                        // into the label's own frame: u along the text, v across it
                        double dx = x - (cx - lh / 4), dy = y - (pg.gridY - LABEL_GAP);
                        double u = (dx - dy) * SIN45, v = (dx + dy) * SIN45;
                        if (u >= -2 && u <= pg.colW[j] + 2 && Math.abs(v) <= lh / 2 + 1) return new Hit(pi, -1, j);
                    } else if (Math.abs(x - cx) <= Math.max(c, pg.colW[j]) / 2) {
                        return new Hit(pi, -1, j);
                    }
                }
            }
        }
        return null;
    }

    private TokenRef token(Hit h, boolean column) {
        MatrixPanel p = geometry.panels.get(h.panel()).panel;
        if (h.col() < 0) return p.rowTokens().get(h.row());
        if (h.row() < 0 || column) return p.colTokens().get(h.col());
        return p.rowTokens().get(h.row());
    }

    private void mouseMoved(MouseEvent e) {
        setHover(hitTest(e.getX(), e.getY()), e);
    }

    private void mouseClicked(MouseEvent e) {
        if (!e.isStillSincePress()) return;
        Hit h = hitTest(e.getX(), e.getY());
        onTokenClicked.accept(h == null ? null : token(h, e.isShiftDown()));
    }

    private void setHover(Hit h, MouseEvent e) {
        if (Objects.equals(h, hover)) {
            if (h != null && tooltip.isShowing()) {
                tooltip.setAnchorX(e.getScreenX() + 14);
                tooltip.setAnchorY(e.getScreenY() + 18);
            }
            return;
        }
        hover = h;
        setCursor(h == null ? Cursor.DEFAULT : Cursor.HAND);
        paintOverlay();
        if (h == null) {
            tooltip.hide();
            return;
        }
        // Another text means another size: never resize the tooltip's window while it is showing (the software
        // pipeline may be uploading the old size's pixels at that moment: "Too small int buffer size"), hide it,
        // change the text, show it anew.
        tooltip.hide();
        tooltip.setText(hoverText(h));
        if (getScene() != null && getScene().getWindow() != null) {
            tooltip.show(this, e.getScreenX() + 14, e.getScreenY() + 18);
        }
    }

    /** The hover text: the exact value and both tokens of a cell, or the token of a label. */
    String hoverText(Hit h) {
        MatrixFigure f = geometry.figure;
        MatrixPanel p = geometry.panels.get(h.panel()).panel;
        String prefix = p.name().isEmpty() ? "" : p.name() + " ";
        if (h.col() < 0) return prefix + p.rowRole() + " " + p.rowLabels().get(h.row()) + " (position " + h.row() + ")\nclick to highlight";
        if (h.row() < 0) return prefix + p.colRole() + " " + p.colLabels().get(h.col()) + " (position " + h.col() + ")\nclick to highlight";
        double v = p.values()[h.row()][h.col()];
        return String.format(Locale.ROOT, "%s%s = %.4f%n%s: %s (position %d)%n%s: %s (position %d)", prefix, f.valueName(), v,
                p.rowRole(), p.rowLabels().get(h.row()), h.row(), p.colRole(), p.colLabels().get(h.col()), h.col());
    }

    private void paintOverlay() {
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        if (hover == null || geometry == null || hover.row() < 0 || hover.col() < 0) return;
        PanelGeometry pg = geometry.panels.get(hover.panel());
        double ps = pixelScale, c = pg.cell;
        double z = geometry.zoom;
        g.setTransform(ps * z, 0, 0, ps * z, geometry.x0 * ps, geometry.y0 * ps);
        g.setStroke(Color.web("#222222"));
        g.setLineWidth(1.5);
        g.setLineDashes(3, 2);
        g.strokeRect(pg.gridX + hover.col() * c + 0.75, pg.gridY + hover.row() * c + 0.75, c - 2.5, c - 2.5);
        g.setLineDashes();
    }

    // ------------------------------------------------------------------------------------------------ for tests

    /** Centre of a cell in this chart's coordinates (after layout). */
    Point2D cellCenter(int panel, int row, int col) {
        PanelGeometry pg = geometry.panels.get(panel);
        return geometry.toChart(pg.gridX + (col + 0.5) * pg.cell, pg.gridY + (row + 0.5) * pg.cell);
    }

    /** A point on a row label. */
    Point2D rowLabelPoint(int panel, int row) {
        PanelGeometry pg = geometry.panels.get(panel);
        return geometry.toChart(pg.gridX - LABEL_GAP - 4, pg.gridY + (row + 0.5) * pg.cell);
    }

    /** A point on a column label. */
    Point2D colLabelPoint(int panel, int col) {
        PanelGeometry pg = geometry.panels.get(panel);
        double cx = pg.gridX + (col + 0.5) * pg.cell;
        if (!pg.rotated) return geometry.toChart(cx, pg.gridY - 8);
        double lh = lineHeight(LABEL), u = 6;
        return geometry.toChart(cx - lh / 4 + u * SIN45, pg.gridY - LABEL_GAP - u * SIN45);
    }

    /** The rows' and columns' tokens the last paint dimmed (tests of the views that mark tokens). */
    public Set<TokenRef> dimmed() {
        return Set.copyOf(dimmed);
    }

    /** The tokens outlined by the last paint. */
    Set<TokenRef> outlined() {
        return Set.copyOf(outlined);
    }

    /** The cell edge of the last paint, on screen. */
    double cellSize() {
        return geometry == null || geometry.panels.isEmpty() ? 0 : geometry.panels.getFirst().cell * geometry.zoom;
    }

    /** Whether the last paint printed values in the cells. */
    boolean valuesShown() {
        return geometry != null && geometry.showValues;
    }
}
