package org.qkvlens.app.view;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.WeakInvalidationListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.application.Platform;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.figure.Csv;
import org.qkvlens.app.figure.MatrixFigure;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Playback;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.probe.Snapshot;

/**
 * What the heatmap and the attention view share: a toolbar (the view's own controls, then the export button the
 * window gives it, see {@link #placeExportButton}), a {@link MatrixChart} below it, and the update cycle. Any change
 * of the selection, the playback position or the run marks the figure stale and queues one recomputation (a few dozen
 * numbers, cheap enough for the FX thread), however many changes arrive before it runs; the chart gets the new figure
 * and lays it out on the next pulse. Layout methods only size things: the figure is never computed in them. Listeners
 * on the shared state are weak, so a closed view can be collected. FX thread only.
 */
public abstract sealed class MatrixView extends BorderPane implements ExportableView permits HeatmapView, AttentionView {
    protected final Selection selection;
    protected final Playback playback;
    protected final LiveRun live;
    protected final MatrixChart chart = new MatrixChart();
    protected final HBox toolbar = new HBox(6);
    private final Label status = new Label();
    private final InvalidationListener onChange = o -> invalidate();
    private boolean dirty;
    private MatrixFigure figure;
    private int computations;

    MatrixView(Selection selection, Playback playback, LiveRun live, double preferredCell) {
        this.selection = selection;
        this.playback = playback;
        this.live = live;
        getStyleClass().add("matrix-view");
        chart.setPreferredCell(preferredCell);
        chart.highlightedProperty().bind(selection.highlightedProperty());
        chart.setOnTokenClicked(t -> selection.highlightedProperty().set(t));
        setCenter(chart);
        status.getStyleClass().add("export-status");
        status.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(4, 8, 4, 8));
        // the toolbar never widens the view: the chart decides the preferred width
        toolbar.setMinWidth(0);
        toolbar.setPrefWidth(0);
        toolbar.getChildren().addAll(spacer, status);
        setTop(toolbar);
        watch(selection.siteProperty(), selection.layerProperty(), selection.headProperty(), selection.sentenceAProperty(),
                selection.sentenceBProperty(), playback.indexProperty(), live.snapshots(), live.infoProperty());
    }

    /** The figure for the current selection and playback position. */
    protected abstract MatrixFigure compute(Snapshot current, RunInfo info);

    /** Recomputes on the next pulse when any of these change. */
    protected final void watch(Observable... observables) {
        WeakInvalidationListener weak = new WeakInvalidationListener(onChange);
        for (Observable o : List.of(observables)) o.addListener(weak);
    }

    /** Adds a control to the toolbar, left of the status and the export button. */
    protected final void addTool(Node... nodes) {
        toolbar.getChildren().addAll(toolbar.getChildren().indexOf(status) - 1, List.of(nodes));
    }

    /** The first figure, once the subclass has set up what {@link #compute} reads (end of its constructor). */
    protected final void computeNow() {
        dirty = true;
        refresh();
    }

    /** Marks the figure stale and queues one recomputation for all changes until it runs. */
    private void invalidate() {
        if (!dirty) {
            dirty = true;
            Platform.runLater(this::refresh);
        }
    }

    private void refresh() {
        if (!dirty) return;
        dirty = false;
        figure = compute(playback.current(), live.info());
        computations++;
        chart.setFigure(figure);
    }

    /** The figure shown (recomputed first if something changed). */
    public MatrixFigure figure() {
        refresh();
        return figure;
    }

    /** How often the figure was computed (tests: many changes within one pulse cost one computation). */
    int computations() {
        return computations;
    }

    /** The chart: the picture without the toolbar. */
    public MatrixChart chart() {
        return chart;
    }

    @Override
    public Node exportNode() {
        return chart;
    }

    @Override
    public String csv() {
        MatrixFigure f = figure();
        return f.isEmpty() ? null : Csv.table(f);
    }

    /** The export button goes right of the status line, which shows its messages ({@link #exportMessages}). */
    @Override
    public void placeExportButton(Node button) {
        toolbar.getChildren().add(button);
    }

    @Override
    public Consumer<String> exportMessages() {
        return status::setText;
    }

    @Override
    public void setExportScale(int scale) {
        refresh();
        chart.setPixelScale(scale);
    }
}
