package org.qkvlens.app.view.scatter;

import javafx.scene.Node;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import org.qkvlens.app.exportable.ExportableView;

/**
 * What the 2D and the 3D scatter share, in one place: their input (the {@link ScatterModel}, the items gliding between
 * layouts in a {@link Glide}, and what each item is: highlight, label, label colour, in {@link ScatterItems}), their
 * toolbar and hover tip, the search's matches and the selected points (emphasised, the rest dimmed), and their export
 * (name, the plot as the picture, the projected coordinates as CSV, the Export button in the toolbar, and a redraw at
 * 2× or 4× before the picture is taken). Leaves out drawing: each view projects and paints its own way.
 * FX thread only.
 */
abstract sealed class ScatterView extends BorderPane implements ExportableView permits Scatter2DView, Scatter3DView {
    final ScatterModel model;
    final Glide glide = new Glide();
    final ScatterStyle.TextWidths widths = new ScatterStyle.TextWidths(ScatterStyle.LABEL_FONT);
    final ScatterItems items = new ScatterItems(glide, widths);
    final ScatterToolbar toolbar;
    /** The line under the toolbar: what is plotted, and the 2D view's drag modes at its right end. */
    final javafx.scene.layout.HBox coverageBar;
    final PointTip tip = new PointTip();
    final DrawStats stats = new DrawStats();
    /** 1 on screen; 2 or 4 while an export picture is taken (canvases and rasters then hold that many pixels per point). */
    int exportScale = 1;
    private final String name;

    /** {@code name}: the export name and the view's id ({@code scatter-2d}); {@code resetText}: the reset button's label. */
    ScatterView(ScatterModel model, String name, String resetText) {
        this.model = model;
        this.name = name;
        toolbar = new ScatterToolbar(model, resetText, this::resetView);
        coverageBar = coverageBar(model, toolbar.colorBy);
        setTop(new javafx.scene.layout.VBox(toolbar, coverageBar));
        setId(name);
        org.qkvlens.app.state.Selection sel = model.selection();
        items.mark(sel.searchMatchesProperty().get(), sel.selectedPointsProperty().get());
        javafx.beans.InvalidationListener marks = o -> {
            items.mark(sel.searchMatchesProperty().get(), sel.selectedPointsProperty().get());
            marksChanged();
        };
        sel.searchMatchesProperty().addListener(marks);
        sel.selectedPointsProperty().addListener(marks);
    }

    /** The search's matches or the selected points changed ({@link ScatterItems#mark} has them): restyle and redraw. */
    abstract void marksChanged();

    /**
     * The line under the toolbar: the colour-by choice, then how many points are plotted and what a budget left out
     * and why (wrapped, never cut); with the button that takes an over-budget layout's advice.
     */
    private static javafx.scene.layout.HBox coverageBar(ScatterModel model, Node colorBy) {
        javafx.scene.control.Label summary = new javafx.scene.control.Label();
        summary.setId("scatter-summary");
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        summary.textProperty().bind(model.summaryProperty());
        javafx.scene.control.Button sample = new javafx.scene.control.Button();
        sample.setId("scatter-sample");
        sample.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        sample.setOnAction(e -> model.sampleToFit());
        model.coverageProperty().addListener((o, a, c) -> {
            sample.setText(String.format("Sample to %,d sentences", c.sentencesThatFit()));
            sample.setVisible(c.overBudget());
            sample.setManaged(c.overBudget());
            summary.setStyle(c.leftSomeOut() ? "-fx-text-fill: #9a4a00;" : "-fx-text-fill: #444444;");
        });
        sample.setVisible(false);
        sample.setManaged(false);
        javafx.scene.layout.HBox.setHgrow(summary, javafx.scene.layout.Priority.ALWAYS);
        summary.setMaxWidth(Double.MAX_VALUE);
        javafx.scene.layout.HBox bar = new javafx.scene.layout.HBox(8, colorBy, summary, sample);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.setPadding(new javafx.geometry.Insets(0, 8, 2, 8));
        return bar;
    }

    /** The plot: what the view shows below its toolbar, and the picture an export takes. */
    abstract Region plot();

    /** Back to the default view of all points (undoes zoom, pan, rotation). */
    public abstract void resetView();

    /** Redraws what the view paints itself at {@link #exportScale} pixels per point, without hover marks. */
    abstract void redrawAtExportScale();

    /** Moves the view as a drag by (dx, dy) pixels would (2D pans, 3D turns); for ScatterBench's panning. */
    abstract void benchMove(double dx, double dy);

    /** Sets the plot's id and its size limits, the same for both views. */
    final void initPlot() {
        Region plot = plot();
        plot.setId(name + "-plot");
        plot.setMinSize(200, 150);
        plot.setPrefSize(800, 560);
    }

    @Override
    public final String exportName() {
        return name;
    }

    @Override
    public final Node exportNode() {
        return plot();
    }

    /**
     * Before an export picture at 2× or 4× (and back at 1×): what the view paints itself is redrawn with that many
     * pixels per point (the label nodes and a 3D scene are re-rendered at the snapshot's scale by JavaFX itself), so
     * the PNG is sharp and otherwise exactly what is shown (hover ring and tooltip left out). FX thread.
     */
    @Override
    public final void setExportScale(int scale) {
        exportScale = Math.max(1, scale);
        redrawAtExportScale();
    }

    private ScatterFrame csvFrame;
    private String csvText;

    /** The projected coordinates of the points drawn ({@link ScatterCsv}); null before any layout. Kept per frame. */
    @Override
    public final String csv() {
        ScatterFrame f = model.frame();
        if (f.data().size() == 0) return null;
        if (f != csvFrame) {
            csvText = ScatterCsv.of(f);
            csvFrame = f;
        }
        return csvText;
    }

    /** The export button goes at the right end of the toolbar. */
    @Override
    public final void placeExportButton(Node button) {
        toolbar.getChildren().add(button);
    }

    public final ScatterToolbar toolbar() {
        return toolbar;
    }

    public final ScatterModel model() {
        return model;
    }
}
