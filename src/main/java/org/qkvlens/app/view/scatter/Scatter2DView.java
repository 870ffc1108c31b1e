package org.qkvlens.app.view.scatter;

import java.util.function.Supplier;
import java.util.Arrays;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polyline;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.draw.FxPen;
import org.qkvlens.app.draw.Recorder;
import javafx.scene.transform.Scale;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * The 2D scatter: canvases, a raster of markers and a pool of label nodes drawn by {@link ScatterPainter2D}, updated
 * at most once per pulse by an AnimationTimer that runs only while something changed or points glide. Wheel zooms
 * about the mouse, drag pans, double-click or "Reset view" refits; hover shows a point's details (a spatial grid
 * finds the point under the mouse); a click highlights its token in every view and picks the point, whose lines to its
 * nearest neighbours are drawn (a click on empty space clears both and the selection). Shift+drag selects the points
 * in a box, Alt+drag in a lasso (or a plain drag, with the toolbar's Box / Lasso mode); Ctrl/Cmd adds to the
 * selection, Escape clears it. Selected points are outlined, search matches and selected points emphasised, the rest
 * dimmed; a highlighted token off-screen is panned into view.
 * Legend, labels and axes are part of {@link #exportNode()}; {@link #setExportScale} redraws it at 2× or 4×. Input,
 * toolbar and export are shared with the 3D view ({@link ScatterView}).
 */
public final class Scatter2DView extends ScatterView {
    private final ScatterPainter2D painter = new ScatterPainter2D(glide, items, widths);
    private final Canvas back = new Canvas(1, 1);
    private final MarkerRaster raster = new MarkerRaster();
    private final LabelPool labels = new LabelPool(LabelPlacer.MAX_LABELS);
    private final Canvas legend = new Canvas(1, 1);
    private final double[] legendKey = new double[4];
    private final double[] backKey = new double[12];
    private final Pane plot = new Pane(back, raster.view, labels.layer, legend) {
        @Override
        protected void layoutChildren() {
            if (back.getWidth() != Math.max(1, getWidth()) * exportScale || back.getHeight() != Math.max(1, getHeight()) * exportScale) {
                sizeCanvases();
                requestDraw();
            }
        }
    };
    private final PointGrid grid = new PointGrid(24);
    private boolean gridValid;
    private boolean dirty;
    private boolean ticking;
    private double pressX, pressY, pressPanX, pressPanY;
    private boolean panning;
    /** What a plain drag does (the toolbar's Pan / Box / Lasso); Shift+drag always boxes, Alt+drag always lassos. */
    private final ObjectProperty<DragMode> dragMode = new SimpleObjectProperty<>(this, "dragMode", DragMode.PAN);
    /** The drag under way: what it does, and whether it adds to the selection (Ctrl/Cmd). */
    private DragMode dragging = DragMode.PAN;
    private boolean dragAdds;
    /** The box or lasso being drawn, in plot coordinates. */
    private final Polyline marquee = new Polyline();
    private double[] lassoX = new double[64], lassoY = new double[64];
    private int lassoCount;
    /** The highlighted token changed: bring its point into view at the next draw, if it is off-screen. */
    private boolean revealPending;

    /** What dragging on the plot does. */
    enum DragMode { PAN, BOX, LASSO }

    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse(now);
        }
    };

    public Scatter2DView(ScatterModel model) {
        super(model, "scatter-2d", "Reset view");
        initPlot();
        setCenter(new StackPane(plot, tip.layer()));
        back.setId("scatter-2d-canvas");
        marquee.setId("scatter-2d-marquee");
        marquee.setStroke(Color.web("#202020"));
        marquee.setFill(Color.web("#3060c0", 0.08));
        marquee.getStrokeDashArray().setAll(5.0, 4.0);
        marquee.setMouseTransparent(true);
        marquee.setVisible(false);
        marquee.setManaged(false);
        plot.getChildren().add(marquee);
        plot.setFocusTraversable(true);
        coverageBar.getChildren().add(dragModeButtons());
        initListeners();
        onFrame(model.frame(), false);
    }

    private void initListeners() {
        model.frameProperty().addListener((o, a, f) -> onFrame(f, true));
        model.highlightedProperty().addListener(o -> {
            painter.restyle(model.highlightedProperty().get());
            revealPending = model.highlightedProperty().get() != null;
            requestDraw();
        });
        model.selection().neighboursProperty().addListener(o -> {
            painter.neighbourLines.resolve(glide, model.selection().neighboursProperty().get());
            requestDraw();
        });
        model.showLabelsProperty().addListener(o -> requestDraw());
        model.showTrajectoriesProperty().addListener(o -> requestDraw());
        model.statusProperty().addListener(o -> requestDraw());
        plot.addEventHandler(ScrollEvent.SCROLL, e -> {
            revealPending = false;
            painter.zoomAt(e.getX(), e.getY(), Math.exp(e.getDeltaY() * 0.002));
            hideTip();
            requestDraw();
            e.consume();
        });
        plot.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            plot.requestFocus();
            pressX = e.getX();
            pressY = e.getY();
            pressPanX = painter.panX;
            pressPanY = painter.panY;
            panning = false;
            dragging = e.isShiftDown() ? DragMode.BOX : e.isAltDown() ? DragMode.LASSO : dragMode.get();
            dragAdds = e.isShortcutDown();
            lassoCount = 0;
        });
        plot.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            panning = true;
            hideTip();
            switch (dragging) {
                case PAN -> {
                    revealPending = false;
                    painter.panX = pressPanX + e.getX() - pressX;
                    painter.panY = pressPanY + e.getY() - pressY;
                    requestDraw();
                }
                case BOX -> {
                    double x = e.getX(), y = e.getY();
                    marquee.getPoints().setAll(pressX, pressY, x, pressY, x, y, pressX, y, pressX, pressY);
                    marquee.setVisible(true);
                }
                case LASSO -> {
                    if (lassoCount == 0) addLassoPoint(pressX, pressY);
                    double dx = e.getX() - lassoX[lassoCount - 1], dy = e.getY() - lassoY[lassoCount - 1];
                    if (dx * dx + dy * dy >= 4) {
                        addLassoPoint(e.getX(), e.getY());
                        marquee.getPoints().addAll(e.getX(), e.getY());
                    }
                    marquee.setVisible(true);
                }
            }
        });
        plot.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (!panning || dragging == DragMode.PAN) return;
            marquee.setVisible(false);
            marquee.getPoints().clear();
            if (dragging == DragMode.BOX) selectBox(pressX, pressY, e.getX(), e.getY(), dragAdds);
            else selectLasso(Arrays.copyOf(lassoX, lassoCount), Arrays.copyOf(lassoY, lassoCount), dragAdds);
        });
        plot.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.selection().clearSelectedPoints();
                e.consume();
            }
        });
        plot.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() != MouseButton.PRIMARY || !e.isStillSincePress() || panning) return;
            if (e.getClickCount() == 2) {
                resetView();
                return;
            }
            int item = itemAt(e.getX(), e.getY());
            model.clickedPoint(item >= 0 ? glide.point[item] : -1);
            if (item < 0 && !e.isShortcutDown()) model.selection().clearSelectedPoints();
        });
        plot.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
        plot.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hideTip());
    }

    private void onFrame(ScatterFrame f, boolean animate) {
        glide.retarget(f, System.nanoTime(), animate);
        painter.restyle(model.highlightedProperty().get());
        painter.neighbourLines.resolve(glide, model.selection().neighboursProperty().get());
        painter.hover = -1;
        tip.hide();
        requestDraw();
    }

    // --- drawing --------------------------------------------------------------------------------------

    private void requestDraw() {
        dirty = true;
        gridValid = false;
        if (!ticking) {
            ticking = true;
            timer.start();
        }
    }

    private void pulse(long now) {
        boolean moving = glide.animating();
        if (moving) glide.advance(now);
        if (moving || dirty) draw();
        if (!glide.animating() && !dirty) {
            timer.stop();
            ticking = false;
        }
    }

    private void draw() {
        dirty = false;
        gridValid = false;
        long t0 = System.nanoTime();
        painter.showLabels = model.showLabelsProperty().get();
        painter.showTrajectories = model.showTrajectoriesProperty().get();
        String status = model.statusProperty().get();
        Coverage c = model.frame().data().coverage();
        painter.message = glide.data().size() == 0 && c.overBudget() && status.isEmpty() ? c.leftOut()
                : glide.data().size() == 0 || status.startsWith("projection failed") ? status : "";
        double w = Math.max(1, plot.getWidth()), h = Math.max(1, plot.getHeight()), e = exportScale;
        double screen = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getOutputScaleX() : 1;
        painter.layout(w, h, model.frame());
        if (revealPending) reveal(w, h);
        if (!painter.sameBack(w, h, backKey)) {
            GraphicsContext g = back.getGraphicsContext2D();
            g.setTransform(e, 0, 0, e, 0, 0);
            painter.paintBack(new FxPen(g), w, h, model.frame());
        }
        raster.resize(painter.plotX, painter.plotY, painter.plotW, painter.plotH, Math.max(Math.max(1, screen), e));
        painter.rasterMarkers(raster);
        painter.showLabels(labels);
        if (!painter.sameLegend(model.frame(), legendKey)) {
            GraphicsContext g = legend.getGraphicsContext2D();
            g.setTransform(e, 0, 0, e, 0, 0);
            g.clearRect(0, 0, w, h);
            FxPen pen = new FxPen(g);
            painter.paintLegend(pen, model.frame());
            painter.paintMessage(pen);
        }
        stats.add(System.nanoTime() - t0);
    }

    /**
     * Pans so the highlighted token's current point is in the middle of the plot, when it is off-screen (a search
     * step to a point zoomed or panned away); done once it is found.
     */
    private void reveal(double w, double h) {
        for (int i = 0; i < glide.count; i++) {
            if (!items.main(i)) continue;
            revealPending = false;
            double x = painter.sx[i], y = painter.sy[i];
            if (x >= painter.plotX && x <= painter.plotX + painter.plotW && y >= painter.plotY && y <= painter.plotY + painter.plotH) return;
            painter.panX += painter.plotX + painter.plotW / 2 - x;
            painter.panY += painter.plotY + painter.plotH / 2 - y;
            painter.layout(w, h, model.frame());
            return;
        }
    }

    /** The canvases hold exportScale pixels per point and are shown scaled back by as much. */
    private void sizeCanvases() {
        double w = Math.max(1, plot.getWidth()), h = Math.max(1, plot.getHeight());
        for (Canvas c : new Canvas[] {back, legend}) {
            c.setWidth(w * exportScale);
            c.setHeight(h * exportScale);
            if (exportScale == 1) c.getTransforms().clear();
            else c.getTransforms().setAll(new Scale(1.0 / exportScale, 1.0 / exportScale, 0, 0));
        }
        Arrays.fill(backKey, Double.NaN);
        Arrays.fill(legendKey, Double.NaN);
    }

    /** Finishes any glide and draws now (tests, export). */
    void settle() {
        glide.advance(Long.MAX_VALUE / 4);
        draw();
    }

    /** Fits all points into the plot again (undoes zoom and pan). */
    @Override
    public void resetView() {
        painter.resetView();
        hideTip();
        requestDraw();
    }

    // --- selection ------------------------------------------------------------------------------------

    @Override
    void marksChanged() {
        painter.restyle(model.highlightedProperty().get());
        requestDraw();
    }

    /** Pan / Box / Lasso: what a plain drag does, with the modifiers that do the same in any mode in the tooltips. */
    private Node dragModeButtons() {
        ToggleGroup group = new ToggleGroup();
        HBox box = new HBox();
        box.getStyleClass().add("segmented-button");
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setId("scatter-drag-mode");
        String[][] defs = {
                {"Pan", "Drag moves the picture (wheel zooms; double-click fits all).\nShift+drag: box selection, Alt+drag: lasso."},
                {"Box", "Drag a box to select the points in it; Ctrl/Cmd+drag adds to the selection.\n"
                        + "Escape or a click on empty space clears it. The Members tab lists the selection."},
                {"Lasso", "Draw round points to select them; Ctrl/Cmd+drag adds to the selection.\n"
                        + "Escape or a click on empty space clears it. The Members tab lists the selection."}};
        for (DragMode m : DragMode.values()) {
            ToggleButton b = new ToggleButton(defs[m.ordinal()][0]);
            b.setId("scatter-drag-" + m.name().toLowerCase(java.util.Locale.ROOT));
            b.setToggleGroup(group);
            b.setUserData(m);
            b.setTooltip(new Tooltip(defs[m.ordinal()][1]));
            b.setSelected(m == dragMode.get());
            box.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) a.setSelected(true);            // one mode is always on
            else dragMode.set((DragMode) t.getUserData());
        });
        return box;
    }

    private void addLassoPoint(double x, double y) {
        if (lassoCount == lassoX.length) {
            lassoX = Arrays.copyOf(lassoX, lassoCount * 2);
            lassoY = Arrays.copyOf(lassoY, lassoCount * 2);
        }
        lassoX[lassoCount] = x;
        lassoY[lassoCount++] = y;
        if (lassoCount == 1) marquee.getPoints().setAll(x, y);
    }

    /** The plot's drawing area as (x0, y0, x1, y1): points outside it are not drawn and cannot be selected. */
    private double[] clip() {
        return new double[] {painter.plotX, painter.plotY, painter.plotX + painter.plotW, painter.plotY + painter.plotH};
    }

    /** Selects the points drawn inside the box with corners (ax, ay), (bx, by) (plot coordinates), or adds them. */
    void selectBox(double ax, double ay, double bx, double by, boolean add) {
        select(SelectionShapes.box(painter.sx, painter.sy, glide.count, ax, ay, bx, by, clip()), add);
    }

    /** Selects the points drawn inside the closed polygon (xs, ys) (plot coordinates), or adds them. */
    void selectLasso(double[] xs, double[] ys, boolean add) {
        select(SelectionShapes.lasso(painter.sx, painter.sy, glide.count, xs, ys, xs.length, clip()), add);
    }

    private void select(int[] inside, boolean add) {
        java.util.List<org.qkvlens.projection.PointKey> keys = new java.util.ArrayList<>(inside.length);
        for (int i : inside) keys.add(glide.data().points[glide.point[i]].key());
        model.selection().selectPoints(keys, add);
    }

    ObjectProperty<DragMode> dragModeProperty() {
        return dragMode;
    }

    // --- hover and click ------------------------------------------------------------------------------

    private int itemAt(double x, double y) {
        if (!gridValid) {
            grid.build(painter.sx, painter.sy, glide.count, back.getWidth(), back.getHeight());
            gridValid = true;
        }
        return grid.nearest(x, y, painter.radius + 5);
    }

    private void hover(double x, double y) {
        int item = itemAt(x, y);
        if (item != painter.hover) {
            painter.hover = item;
            requestDraw();
        }
        if (item < 0) tip.hide();
        else tip.show(glide.data(), glide.point[item], x, y, plot.getWidth(), plot.getHeight());
    }

    private void hideTip() {
        tip.hide();
        if (painter.hover >= 0) {
            painter.hover = -1;
            requestDraw();
        }
    }

    // --- export ---------------------------------------------------------------------------------------

    @Override
    Region plot() {
        return plot;
    }

    /**
     * The picture as shown, as a drawing description for SVG and PDF: drawn now (as the PNG is), then the painter's
     * layers again as vector shapes (markers as shapes instead of the raster's pixels, labels as text).
     */
    @Override
    public Supplier<Drawing> vectorDrawing() {
        return this::drawing;
    }

    /** The picture as a drawing now (tests, vector export). */
    Drawing drawing() {
        hideTip();
        draw();
        double w = Math.max(1, plot.getWidth()), h = Math.max(1, plot.getHeight());
        Recorder r = new Recorder();
        painter.paintVector(r, w, h, model.frame());
        return r.drawing(w, h);
    }

    /** Canvases and markers are redrawn with {@link #exportScale} pixels per point, the hover ring left out. */
    @Override
    void redrawAtExportScale() {
        hideTip();
        sizeCanvases();
        draw();
    }

    // --- for tests ------------------------------------------------------------------------------------

    @Override
    void benchMove(double dx, double dy) {
        painter.panX += dx;
        painter.panY += dy;
        requestDraw();
    }

    int itemCount() {
        return glide.count;
    }

    /** Screen position (in the plot) of the item showing data point p, or null. */
    double[] screenPositionOfPoint(int p) {
        for (int i = 0; i < glide.count; i++) if (glide.point[i] == p) return new double[] {painter.sx[i], painter.sy[i]};
        return null;
    }

    Glide glide() {
        return glide;
    }

    /** Moves the glide to time {@code now} and draws (a frame in mid-glide). */
    void drawAt(long now) {
        glide.advance(now);
        draw();
    }

    ScatterPainter2D painter() {
        return painter;
    }

    int labelsPlaced() {
        return labels.shown();
    }

    LabelPool labelPool() {
        return labels;
    }
}
