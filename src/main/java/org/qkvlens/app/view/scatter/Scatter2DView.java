package org.qkvlens.app.view.scatter;

import java.util.Arrays;
import javafx.animation.AnimationTimer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
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
 * nearest neighbours are drawn (a click on empty space clears both).
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
        initListeners();
        onFrame(model.frame(), false);
    }

    private void initListeners() {
        model.frameProperty().addListener((o, a, f) -> onFrame(f, true));
        model.highlightedProperty().addListener(o -> {
            painter.restyle(model.highlightedProperty().get());
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
            painter.zoomAt(e.getX(), e.getY(), Math.exp(e.getDeltaY() * 0.002));
            hideTip();
            requestDraw();
            e.consume();
        });
        plot.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pressX = e.getX();
            pressY = e.getY();
            pressPanX = painter.panX;
            pressPanY = painter.panY;
            panning = false;
        });
        plot.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            panning = true;
            painter.panX = pressPanX + e.getX() - pressX;
            painter.panY = pressPanY + e.getY() - pressY;
            hideTip();
            requestDraw();
        });
        plot.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() != MouseButton.PRIMARY || !e.isStillSincePress() || panning) return;
            if (e.getClickCount() == 2) {
                resetView();
                return;
            }
            int item = itemAt(e.getX(), e.getY());
            model.clickedPoint(item >= 0 ? glide.point[item] : -1);
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
        if (!painter.sameBack(w, h, backKey)) {
            GraphicsContext g = back.getGraphicsContext2D();
            g.setTransform(e, 0, 0, e, 0, 0);
            painter.paintBack(g, w, h, model.frame());
        }
        raster.resize(painter.plotX, painter.plotY, painter.plotW, painter.plotH, Math.max(Math.max(1, screen), e));
        painter.rasterMarkers(raster);
        painter.showLabels(labels);
        if (!painter.sameLegend(model.frame(), legendKey)) {
            GraphicsContext g = legend.getGraphicsContext2D();
            g.setTransform(e, 0, 0, e, 0, 0);
            g.clearRect(0, 0, w, h);
            painter.paintLegend(g, model.frame());
            painter.paintMessage(g);
        }
        stats.add(System.nanoTime() - t0);
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
