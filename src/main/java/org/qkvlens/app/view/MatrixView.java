package org.qkvlens.app.view;

import java.util.function.Supplier;
import java.util.List;
import java.util.concurrent.Callable;
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
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.figure.Csv;
import org.qkvlens.app.figure.MatrixFigure;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Playback;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.probe.Snapshot;

/**
 * What the heatmap and the attention view share: a toolbar (the view's own controls, then the export button the
 * window gives it, see {@link #placeExportButton}), a {@link MatrixChart} below it, and the update cycle. Any change
 * of the selection, the playback position or the run marks the figure stale and queues one recomputation, however many
 * changes arrive before it runs. The FX thread only reads the inputs (selection, snapshot, run info); the figure is
 * computed on {@link Background} (snapshot arrays may be read from disk), one computation at a time per view, and a
 * result whose inputs changed meanwhile is dropped for the next. The chart gets the new figure and lays it out on the
 * next pulse. Layout methods only size things: the figure is never computed in them. {@link #figure()} (export, tests)
 * computes a stale figure at once on the calling thread. The chart dims what the search and the selected points leave
 * out ({@link Selection#markedTokens()}). Listeners on the shared state are weak, so a closed view can
 * be collected. FX thread only.
 */
public abstract sealed class MatrixView extends BorderPane implements ExportableView permits HeatmapView, AttentionView {
    protected final Selection selection;
    protected final Playback playback;
    protected final LiveRun live;
    private final Background background;
    protected final MatrixChart chart = new MatrixChart();
    protected final HBox toolbar = new HBox(6);
    private final Label status = new Label();
    private final InvalidationListener onChange = o -> invalidate();
    private boolean dirty;
    /** A computation is on the background executor; a change meanwhile waits for it (dirty) and starts the next. */
    private boolean computing;
    /** Counts input changes, so a result computed from older inputs is recognised and dropped. */
    private long generation;
    private MatrixFigure figure;
    private int computations;

    MatrixView(Selection selection, Playback playback, LiveRun live, Background background, double preferredCell) {
        this.selection = selection;
        this.playback = playback;
        this.live = live;
        this.background = background;
        getStyleClass().add("matrix-view");
        chart.setPreferredCell(preferredCell);
        chart.highlightedProperty().bind(selection.highlightedProperty());
        chart.setOnTokenClicked(t -> selection.highlightedProperty().set(t));
        chart.markedProperty().set(selection.markedTokens());
        watchMarks(selection, chart);
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

    /** The chart's marked tokens follow the search's matches and the selected points (weakly: views may be closed). */
    private static void watchMarks(Selection selection, MatrixChart chart) {
        java.lang.ref.WeakReference<MatrixChart> ref = new java.lang.ref.WeakReference<>(chart);
        InvalidationListener l = new InvalidationListener() {
            @Override
            public void invalidated(Observable o) {
                MatrixChart c = ref.get();
                if (c == null) {
                    selection.searchMatchesProperty().removeListener(this);
                    selection.selectedPointsProperty().removeListener(this);
                } else {
                    c.markedProperty().set(selection.markedTokens());
                }
            }
        };
        selection.searchMatchesProperty().addListener(l);
        selection.selectedPointsProperty().addListener(l);
    }

    /**
     * Reads the selection (FX thread) and returns the computation of the figure for it at snapshot {@code current},
     * which runs on the background executor and must read nothing from the FX side.
     */
    protected abstract Callable<MatrixFigure> computation(Snapshot current, RunInfo info);

    /** Recomputes on the next pulse when any of these change. */
    protected final void watch(Observable... observables) {
        WeakInvalidationListener weak = new WeakInvalidationListener(onChange);
        for (Observable o : List.of(observables)) o.addListener(weak);
    }

    /** Adds a control to the toolbar, left of the status and the export button. */
    protected final void addTool(Node... nodes) {
        toolbar.getChildren().addAll(toolbar.getChildren().indexOf(status) - 1, List.of(nodes));
    }

    /** The first figure, once the subclass has set up what {@link #computation} reads (end of its constructor). */
    protected final void computeNow() {
        dirty = true;
        generation++;
        refresh();
    }

    /** Marks the figure stale and queues one recomputation for all changes until it runs. */
    private void invalidate() {
        generation++;
        if (!dirty) {
            dirty = true;
            if (!computing) Platform.runLater(this::refresh);
        }
    }

    /** Starts the computation of a stale figure on the background executor, unless one is running (FX thread). */
    private void refresh() {
        if (!dirty || computing) return;
        dirty = false;
        computing = true;
        long g = generation;
        background.run(computation(playback.current(), live.info()), f -> computed(g, f),
                e -> computed(g, MatrixFigure.message("", "could not compute the figure: " + e.getMessage())));
    }

    /** FX thread: shows the figure if its inputs are still current, and starts the next computation if they are not. */
    private void computed(long g, MatrixFigure f) {
        computing = false;
        if (g == generation) show(f);
        refresh();
    }

    private void show(MatrixFigure f) {
        figure = f;
        computations++;
        chart.setFigure(f);
    }

    /** The figure shown; a stale one is computed first, on the calling thread (export and tests need it now). */
    public MatrixFigure figure() {
        if (dirty || computing || figure == null) {
            try {
                show(computation(playback.current(), live.info()).call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            generation++;                          // a computation still running has a stale result now
            dirty = false;
        }
        return figure;
    }

    /** How often a figure was computed and shown (tests: many changes within one pulse cost one computation). */
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
    public Supplier<Drawing> vectorDrawing() {
        return () -> {
            figure();
            return chart.drawing();
        };
    }

    @Override
    public void setExportScale(int scale) {
        figure();
        chart.setPixelScale(scale);
    }
}
