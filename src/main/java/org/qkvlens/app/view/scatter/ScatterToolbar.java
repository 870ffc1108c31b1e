package org.qkvlens.app.view.scatter;

import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.qkvlens.projection.Method;

/**
 * The controls above a scatter: layout method, labels, trajectories, reset view, and the projection's progress; they
 * fit the 2D scatter's width in a 1366 px wide window. The colour-by choice ({@link #colorBy}) is made here but sits
 * on the line below, beside the coverage summary (ScatterView), as this line has no room left at 1366 px.
 * The main window may append its own buttons (export) to {@link #getChildren()}.
 *
 * <p>Fixed slots: no control ever shrinks below its preferred width (labels never turn into "…"), and the
 * progress (bar and status text) lives in a slot of {@link #PROGRESS_WIDTH} that is always laid out, whether a layout
 * runs, failed or is done, so nothing moves under the pointer. After a failed layout the slot says "failed"; its
 * tooltip has the whole error. Its minimum width is that of its first control, so a narrow window cuts the toolbar at
 * the right instead of pushing the plot under its neighbour.
 */
public final class ScatterToolbar extends HBox {
    /** Width of the progress slot: a bar and "100%" (the method is in the choice box beside it). */
    static final double PROGRESS_WIDTH = 104;

    final ChoiceBox<Method> method = new ChoiceBox<>(FXCollections.observableArrayList(Method.values()));
    final ChoiceBox<ColorBy> colorBy = new ChoiceBox<>(FXCollections.observableArrayList(ColorBy.values()));
    final CheckBox labels = new CheckBox("Labels");
    final CheckBox trajectories = new CheckBox("Trajectories");
    final Button reset;
    final Label status = new Label();
    final ProgressBar bar = new ProgressBar();

    ScatterToolbar(ScatterModel model, String resetText, Runnable resetAction) {
        super(6);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));
        method.valueProperty().bindBidirectional(model.methodProperty());
        colorBy.valueProperty().bindBidirectional(model.colorByProperty());
        colorBy.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ColorBy c) {
                return c == null ? "" : "colour: " + c;
            }

            @Override
            public ColorBy fromString(String s) {
                return null;
            }
        });
        labels.selectedProperty().bindBidirectional(model.showLabelsProperty());
        trajectories.selectedProperty().bindBidirectional(model.showTrajectoriesProperty());
        reset = new Button(resetText);
        reset.setOnAction(e -> resetAction.run());
        bar.setPrefWidth(40);
        bar.setMinWidth(40);
        bar.progressProperty().bind(model.progressProperty());
        bar.visibleProperty().bind(model.busyProperty());
        // short: the percentage while busy, "failed" after an error (whole in the tooltip and over the plot)
        status.textProperty().bind(Bindings.createStringBinding(() -> model.busyProperty().get()
                ? Math.round(model.progressProperty().get() * 100) + "%"
                : model.statusProperty().get().startsWith("projection failed") ? "failed" : model.statusProperty().get(),
                model.busyProperty(), model.progressProperty(), model.statusProperty()));
        status.setTextOverrun(OverrunStyle.ELLIPSIS);
        status.setMinWidth(0);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        Tooltip full = new Tooltip();
        full.setWrapText(true);
        full.setMaxWidth(480);
        full.textProperty().bind(model.statusProperty());
        status.tooltipProperty().bind(Bindings.when(model.statusProperty().isEmpty()).then((Tooltip) null).otherwise(full));
        HBox progress = new HBox(6, bar, status);
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.setMinWidth(PROGRESS_WIDTH);
        progress.setPrefWidth(PROGRESS_WIDTH);
        progress.setMaxWidth(PROGRESS_WIDTH);
        progress.setId("scatter-progress");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        method.setId("scatter-method");
        colorBy.setId("scatter-color-by");
        colorBy.setTooltip(new Tooltip("Colour the points by sentence, word, position, kind, epoch, cluster (Clusters tab) or,"
                + " for queries, the entropy of their attention row; the legend follows"));
        labels.setId("scatter-labels");
        trajectories.setId("scatter-trajectories");
        reset.setId("scatter-reset");
        status.setId("scatter-status");
        method.setTooltip(new Tooltip("Layout: PCA keeps the directions of largest spread, t-SNE and UMAP keep neighbourhoods"));
        for (Region r : new Region[] {method, colorBy, labels, trajectories, reset}) r.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(method, labels, trajectories, reset, spacer, progress);
        getChildren().addListener((javafx.collections.ListChangeListener<Node>) c -> {
            while (c.next()) for (Node n : c.getAddedSubList()) if (n instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
        });
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + method.minWidth(-1) + snappedRightInset();
    }
}
