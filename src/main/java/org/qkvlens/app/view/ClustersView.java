package org.qkvlens.app.view;

import java.util.function.Supplier;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.figure.Csv;

/**
 * The Clusters tab: a line saying what was clustered and how (or how far it is), the chart of NMIs and cosines per
 * epoch ({@link AnalysisChart}) and, below it, the table of the playback snapshot's clusters: id, size, top words,
 * top positions, top sentences, each with its count. Everything comes from {@link ClustersModel}; exports the chart
 * as PNG and the per-epoch figures plus the table as CSV.
 */
public final class ClustersView extends BorderPane implements ExportableView {
    private final ClustersModel model;
    private final AnalysisChart chart = new AnalysisChart();
    private final TableView<ClustersModel.Row> table = new TableView<>();
    private final HBox bar;

    public ClustersView(ClustersModel model) {
        this.model = model;
        setId("clusters-view");
        Label status = new Label();
        status.setId("clusters-status");
        status.setMinWidth(0);
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.setStyle("-fx-font-size: 11px; -fx-text-fill: #444444;");
        status.setMaxWidth(Double.MAX_VALUE);
        status.textProperty().bind(model.statusProperty());
        HBox.setHgrow(status, Priority.ALWAYS);
        bar = new HBox(6, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 6, 3, 6));

        chart.setId("clusters-chart");
        chart.setEmptyText("no epoch clustered yet");
        chart.setShowHeader(false);                    // the note is in the status line, the selection in the selection bar
        chart.setFigure(model.figureProperty().get());
        model.figureProperty().addListener((o, a, f) -> chart.setFigure(f));

        table.setId("clusters-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("the clusters of the shown epoch appear here"));
        table.getColumns().setAll(List.of(
                column("cluster", 58, r -> String.valueOf(r.id())),
                column("size", 58, r -> String.format("%,d", r.size())),
                column("top words", 170, ClustersModel.Row::words),
                column("top positions", 120, ClustersModel.Row::positions),
                column("top sentences", 260, ClustersModel.Row::sentences)));
        table.setItems(FXCollections.observableArrayList(model.rowsProperty().get()));
        model.rowsProperty().addListener((o, a, rows) -> table.getItems().setAll(rows));

        SplitPane split = new SplitPane(chart, table);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        chart.setMinHeight(120);
        table.setMinHeight(60);
        setTop(bar);
        setCenter(split);
    }

    private static TableColumn<ClustersModel.Row, String> column(String title, double width, Function<ClustersModel.Row, String> value) {
        TableColumn<ClustersModel.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        if (width < 100) c.setMinWidth(width);           // id and size are never cut to "…"; the texts are
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    public ClustersModel model() {
        return model;
    }

    @Override
    public String exportName() {
        return "clusters";
    }

    @Override
    public Node exportNode() {
        return chart;
    }

    /** The figures per epoch, then (after an empty line) the shown epoch's clusters. */
    @Override
    public String csv() {
        StringBuilder sb = new StringBuilder(chart.figure().csv());
        List<ClustersModel.Row> rows = model.rowsProperty().get();
        if (!rows.isEmpty()) {
            sb.append("\ncluster,size,top_words,top_positions,top_sentences\n");
            for (ClustersModel.Row r : rows) {
                sb.append(r.id()).append(',').append(r.size()).append(',').append(Csv.quote(r.words())).append(',')
                        .append(Csv.quote(r.positions())).append(',').append(Csv.quote(r.sentences())).append('\n');
            }
        }
        return sb.toString();
    }

    /** The exported picture carries the title and note; the screen's chart gets its room back once the picture is taken. */
    @Override
    public void setExportScale(int scale) {
        chart.setShowHeader(true);
        chart.setPixelScale(scale);
        javafx.application.Platform.runLater(() -> chart.setShowHeader(false));
    }

    /** The chart with its title and note, as the PNG has them. */
    @Override
    public Supplier<Drawing> vectorDrawing() {
        return () -> chart.drawing(true);
    }

    @Override
    public void placeExportButton(Node button) {
        if (button instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
        bar.getChildren().add(button);
    }
}
