package org.qkvlens.app.view.neighbours;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.neighbours.NeighbourMetric;

/**
 * The Neighbours tab: the metric ({@code #neighbours-metric}) and k ({@code #neighbours-k}) above; the picked point and
 * the headline ("7 of 10 are also neighbours in the picture (t-SNE 2D)"), the whole-picture readout, and the table of
 * neighbours ({@code #neighbours-table}: rank, token, sentence, position, kind, epoch, distance, in picture). Clicking a
 * row highlights its token in every view. Exports the headline, readout and table as PNG and the rows as CSV. Binds to
 * its {@link NeighboursModel}; no logic of its own.
 */
public final class NeighboursView extends BorderPane implements ExportableView {
    private final NeighboursModel model;
    private final HBox toolbar = new HBox(8);
    private final VBox content;
    private final TableView<NeighbourRow> table = new TableView<>();

    public NeighboursView(NeighboursModel model) {
        this.model = model;
        setId("neighbours");
        ChoiceBox<NeighbourMetric> metric = new ChoiceBox<>();
        metric.setId("neighbours-metric");
        metric.getItems().setAll(NeighbourMetric.values());
        metric.valueProperty().bindBidirectional(model.metricProperty());
        Spinner<Integer> k = new Spinner<>(1, NeighboursModel.MAX_K, model.kProperty().get());
        k.setId("neighbours-k");
        k.setEditable(true);
        k.getValueFactory().setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : v.toString();
            }

            @Override
            public Integer fromString(String text) {      // typed text that is no number keeps the value (the factory clamps the rest)
                try {
                    return Integer.parseInt(text.strip());
                } catch (NumberFormatException e) {
                    return k.getValue();
                }
            }
        });
        k.setPrefWidth(72);
        k.valueProperty().addListener((o, a, v) -> model.kProperty().set(v));
        model.kProperty().addListener((o, a, v) -> k.getValueFactory().setValue(v.intValue()));
        Label busy = new Label("searching…");
        busy.visibleProperty().bind(model.busyProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        metric.setTooltip(new javafx.scene.control.Tooltip("Distance in the original space"));
        toolbar.getChildren().addAll(metric, new Label("k"), k, spacer, busy);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(4, 8, 4, 8));
        toolbar.setMinWidth(0);

        Label status = wrapped("neighbours-status", "-fx-text-fill: #444444;");
        status.textProperty().bind(model.statusProperty());
        Label headline = wrapped("neighbours-headline", "-fx-font-weight: bold;");
        headline.textProperty().bind(model.headlineProperty());
        Label keeps = wrapped("neighbours-keeps", "-fx-text-fill: #444444;");
        keeps.textProperty().bind(model.keepsProperty());
        initTable();
        content = new VBox(3, status, headline, keeps, table);
        content.setPadding(new Insets(2, 8, 4, 8));
        content.setStyle("-fx-background-color: white;");
        VBox.setVgrow(table, Priority.ALWAYS);
        setTop(toolbar);
        setCenter(content);
    }

    private static Label wrapped(String id, String style) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setStyle(style);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }

    private void initTable() {
        table.setId("neighbours-table");
        table.setItems(model.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No neighbours to list"));
        table.getColumns().add(column("#", 30, NeighbourRow::rank));
        table.getColumns().add(column("token", 64, NeighbourRow::token));
        TableColumn<NeighbourRow, String> sentence = column("sentence", 110, NeighbourRow::sentence);
        sentence.setMinWidth(50);
        table.getColumns().add(sentence);
        table.getColumns().add(column("pos", 36, NeighbourRow::position));
        table.getColumns().add(column("kind", 40, r -> r.kind().id()));
        table.getColumns().add(column("epoch", 48, NeighbourRow::epoch));
        TableColumn<NeighbourRow, Double> distance = column("distance", 66, NeighbourRow::distance);
        distance.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : String.format("%.4f", v));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        table.getColumns().add(distance);
        TableColumn<NeighbourRow, String> picture = column("in picture", 66, r -> r.inPicture() ? "yes" : "no");
        picture.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                setStyle(empty || v == null ? "" : v.equals("yes") ? "-fx-text-fill: #1a7f37;" : "-fx-text-fill: #b3261e;");
            }
        });
        table.getColumns().add(picture);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> model.highlight(row));
    }

    private static <T> TableColumn<NeighbourRow, T> column(String title, double width, Function<NeighbourRow, T> value) {
        TableColumn<NeighbourRow, T> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        if (!title.equals("sentence")) c.setMinWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }

    public NeighboursModel model() {
        return model;
    }

    public TableView<NeighbourRow> table() {
        return table;
    }

    @Override
    public String exportName() {
        return "neighbours";
    }

    /** The picked point, headline, readout and table (not the toolbar). */
    @Override
    public Node exportNode() {
        return content;
    }

    @Override
    public String csv() {
        return model.csv();
    }

    @Override
    public void placeExportButton(Node button) {
        toolbar.getChildren().add(button);
    }
}
