package org.qkvlens.app.view.scatter;

import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.qkvlens.projection.Method;

/**
 * The controls above a scatter: layout method, labels, trajectories, reset view, and the projection's progress.
 * The main window may append its own buttons (export) to {@link #getChildren()}.
 */
public final class ScatterToolbar extends HBox {
    final ChoiceBox<Method> method = new ChoiceBox<>(FXCollections.observableArrayList(Method.values()));
    final CheckBox labels = new CheckBox("Labels");
    final CheckBox trajectories = new CheckBox("Trajectories");
    final Button reset;
    final Label status = new Label();

    ScatterToolbar(ScatterModel model, String resetText, Runnable resetAction) {
        super(8);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));
        method.valueProperty().bindBidirectional(model.methodProperty());
        labels.selectedProperty().bindBidirectional(model.showLabelsProperty());
        trajectories.selectedProperty().bindBidirectional(model.showTrajectoriesProperty());
        reset = new Button(resetText);
        reset.setOnAction(e -> resetAction.run());
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(90);
        bar.progressProperty().bind(model.progressProperty());
        bar.visibleProperty().bind(model.busyProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        status.textProperty().bind(model.statusProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        method.setId("scatter-method");
        labels.setId("scatter-labels");
        trajectories.setId("scatter-trajectories");
        reset.setId("scatter-reset");
        getChildren().addAll(new Label("Layout"), method, labels, trajectories, reset, spacer, bar, status);
    }
}
