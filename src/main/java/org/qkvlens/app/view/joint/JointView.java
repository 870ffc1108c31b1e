package org.qkvlens.app.view.joint;

import java.util.function.Supplier;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.draw.NodeDrawing;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.figure.JointFigure;
import org.qkvlens.joint.AttentionLines;
import org.qkvlens.joint.Metric;
import org.qkvlens.projection.Method;

/**
 * The joint query–key view: a toolbar (method, metric, scale, labels, the head while the selection says "all heads",
 * Export), the {@link JointCanvas}, on the right the picked query's attention weights, and below what is shown (points,
 * sentences, what a budget left out) and what the mouse is over. Click a query to draw its lines to its keys; click
 * empty space to clear. Binds to a {@link JointModel}; computes nothing itself.
 */
public final class JointView extends BorderPane implements ExportableView {
    private final JointModel model;
    private final JointCanvas canvas = new JointCanvas();
    private final HBox toolbar;
    private final Label info = new Label();
    private final Label hover = new Label(" ");
    private final ListView<String> weights = new ListView<>();
    private final Label weightsTitle = new Label("Click a query (green) to see its attention");
    private final ComboBox<Integer> headChoice = new ComboBox<>();
    private final Label headNote = new Label();

    public JointView(JointModel model) {
        this.model = model;
        ComboBox<Method> method = new ComboBox<>(FXCollections.observableArrayList(Method.values()));
        method.valueProperty().bindBidirectional(model.methodProperty());
        method.setTooltip(new Tooltip("how queries and keys are laid out together"));
        ComboBox<Metric> metric = new ComboBox<>(FXCollections.observableArrayList(Metric.values()));
        metric.valueProperty().bindBidirectional(model.metricProperty());
        metric.setTooltip(new Tooltip("COSINE: vectors scaled to unit length before laying out; EUCLIDEAN: as they are"));
        CheckBox scaled = new CheckBox("Scale");
        scaled.selectedProperty().bindBidirectional(model.scaledProperty());
        scaled.setTooltip(new Tooltip("keys × c, queries ÷ c with c = √(mean‖q‖ / mean‖k‖): same mean norm, same q·k"));
        CheckBox labels = new CheckBox("Labels");
        labels.selectedProperty().bindBidirectional(model.labelsProperty());
        headChoice.setId("joint-head");
        headChoice.setTooltip(new Tooltip("the head shown while the toolbar above says all heads"));
        headChoice.valueProperty().addListener((o, a, b) -> {
            if (b != null) model.ownHeadProperty().set(b - 1);
        });
        model.headsProperty().addListener(o -> fillHeads());
        fillHeads();
        headNote.textProperty().bind(model.headNoteProperty());
        headNote.setStyle("-fx-text-fill: #8a5a00;");
        headChoice.disableProperty().bind(model.headNoteProperty().isEmpty());
        toolbar = new HBox(6, method, metric, scaled, labels, new Label("head"), headChoice);
        toolbar.setPadding(new Insets(4));
        toolbar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        Tooltip.install(canvas, new Tooltip("Spearman: rank correlation of q·k with closeness in this picture, over every"
                + " query–key pair of a sentence: 1 = near means attended, 0 = distances say nothing about attention"));
        info.setId("joint-info");
        hover.setId("joint-hover");
        FlowPane top = new FlowPane(8, 2, toolbar, headNote);
        top.setPadding(new Insets(0, 4, 2, 4));

        weights.setId("joint-weights");
        weights.setPrefWidth(160);
        weights.setStyle("-fx-font-family: monospace;");
        weightsTitle.setWrapText(true);
        VBox side = new VBox(4, weightsTitle, weights);
        side.setPadding(new Insets(4));
        side.setPrefWidth(170);
        VBox.setVgrow(weights, Priority.ALWAYS);

        VBox bottom = new VBox(2, info, hover);
        bottom.setPadding(new Insets(2, 6, 4, 6));
        setTop(top);
        setCenter(canvas);
        setRight(side);
        setBottom(bottom);

        canvas.setOnMouseClicked(e -> model.pick(canvas.pointAt(e.getX(), e.getY())));
        canvas.setOnMouseMoved(e -> model.hover(canvas.pointAt(e.getX(), e.getY())));
        canvas.setOnMouseExited(e -> model.hover(-1));
        // one repaint for however many of these change together (a new layout sets four of them); the pick too, whose
        // lines stay the same empty list when a key or nothing is picked
        for (javafx.beans.Observable o : List.of(model.figureProperty(), model.linesProperty(), model.hoveredProperty(),
                model.labelsProperty(), model.statusProperty(), model.pickedProperty())) {
            o.addListener(x -> requestRedraw());
        }
        getStyleClass().add("joint-view");
        redraw();
    }

    private void fillHeads() {
        int n = model.headsProperty().get();
        List<Integer> hs = java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
        headChoice.getItems().setAll(hs);
        headChoice.setValue(Math.min(n, model.ownHeadProperty().get() + 1));
    }

    private boolean redrawQueued;

    private void requestRedraw() {
        if (redrawQueued) return;
        redrawQueued = true;
        javafx.application.Platform.runLater(() -> {
            redrawQueued = false;
            redraw();
        });
    }

    private void redraw() {
        JointFigure f = model.figure();
        canvas.show(f, model.pickedProperty().get(), model.linesProperty().get(), model.hoveredProperty().get(),
                model.labelsProperty().get());
        String status = model.statusProperty().get();
        info.setText((status.isEmpty() ? "" : status + "  ") + f.coverage());
        int h = model.hoveredProperty().get();
        hover.setText(h >= 0 && h < f.points().size() ? JointCanvas.describe(f, h) : " ");
        List<AttentionLines.Line> ls = model.linesProperty().get();
        int p = model.pickedProperty().get();
        if (p >= 0 && !ls.isEmpty()) {
            weightsTitle.setText("Attention of query \"" + f.points().get(p).token() + "\" (probe " + ls.getFirst().query().probe() + ")");
            weights.getItems().setAll(ls.stream()
                    .map(l -> String.format(Locale.ROOT, "%-14s %.3f", l.keyWord(), l.weight())).toList());
        } else {
            weightsTitle.setText(p >= 0 ? "A key: click a query (green) to see its attention" : "Click a query (green) to see its attention");
            weights.getItems().clear();
        }
    }

    /** The canvas (tests click on it). */
    JointCanvas canvas() {
        return canvas;
    }

    /** Where point i of the figure is on screen, in the canvas's coordinates. */
    public double[] screenPositionOfPoint(int i) {
        return canvas.screenOf(i);
    }

    @Override
    public String exportName() {
        return "joint";
    }

    @Override
    public Node exportNode() {
        return canvas;
    }

    @Override
    public String csv() {
        JointFigure f = model.figure();
        return f.isEmpty() ? null : f.csv();
    }

    @Override
    public void setExportScale(int scale) {
        canvas.setPixelScale(scale);
    }

    @Override
    public Supplier<Drawing> vectorDrawing() {
        return () -> NodeDrawing.of(canvas);
    }

    @Override
    public void placeExportButton(Node button) {
        toolbar.getChildren().add(button);
    }

    @Override
    public Consumer<String> exportMessages() {
        return text -> info.setText(text);
    }

    public JointModel model() {
        return model;
    }
}
