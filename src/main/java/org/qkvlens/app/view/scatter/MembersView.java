package org.qkvlens.app.view.scatter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import org.qkvlens.app.state.PointClusters;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.view.scatter.MembersModel.Member;

/**
 * The Members tab: a sortable table of the selected points (token, sentence, position, kind, epoch, norm, cluster)
 * under a summary line. Ctrl/Cmd+C copies the selected rows (all rows when none is selected) as tab-separated text;
 * "Export CSV…" writes every row in the table's order. Binds to a {@link MembersModel}; leaves out selecting (the
 * scatters do that).
 */
public final class MembersView extends BorderPane implements ExportableView {
    private final MembersModel model;
    private final Background background;
    private final TableView<Member> table = new TableView<>();
    private final SortedList<Member> sorted;
    private final HBox toolbar = new HBox(6);
    private final Label status = new Label();

    public MembersView(MembersModel model, Background background) {
        this.model = model;
        this.background = background;
        sorted = new SortedList<>(model.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setId("members-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);    // headers whole; scrolls when narrow
        table.setPlaceholder(new Label("No points selected"));
        // the sentence shows "12 · text" and sorts by probe index; norm with three decimals; cluster blank when the
        // point was not clustered, "noise" for −1
        TableColumn<Member, Member> sentence = column("sentence", m -> m, 170);
        sentence.setCellFactory(c -> cell(m -> m.probe() + " \u00b7 " + m.sentence()));
        sentence.setComparator(Comparator.comparingInt(Member::probe).thenComparing(Member::sentence));
        TableColumn<Member, Double> norm = column("norm", Member::norm, 58);
        norm.setCellFactory(c -> cell(v -> String.format(Locale.ROOT, "%.3f", v)));
        TableColumn<Member, Integer> cluster = column("cluster", Member::cluster, 60);
        cluster.setCellFactory(c -> cell(PointClusters::label));
        table.getColumns().setAll(List.of(column("token", Member::token, 96), sentence, column("position", Member::position, 66),
                column("kind", Member::kind, 44), column("epoch", Member::epoch, 52), norm, cluster));
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.C && e.isShortcutDown()) {
                copy();
                e.consume();
            }
        });

        Label summary = new Label();
        summary.setId("members-summary");
        summary.textProperty().bind(model.summaryProperty());
        summary.setMinWidth(0);
        summary.setWrapText(true);
        summary.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(summary, Priority.ALWAYS);
        Button export = new Button("Export CSV\u2026");
        export.setId("members-export-csv");
        export.setMinWidth(Region.USE_PREF_SIZE);
        export.setTooltip(new Tooltip("write every row, in the table's order, as a CSV file"));
        export.setOnAction(e -> exportCsv());
        export.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(model.rows()));
        status.setMinWidth(0);
        toolbar.getChildren().addAll(summary, status, export);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(4, 8, 4, 8));
        toolbar.setMinWidth(0);
        toolbar.setPrefWidth(0);
        setTop(toolbar);
        setCenter(table);
        setId("members-view");
    }

    private static <T> TableColumn<Member, T> column(String name, Function<Member, T> value, double width) {
        TableColumn<Member, T> c = new TableColumn<>(name);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setPrefWidth(width);
        c.setId("members-" + name);
        return c;
    }

    private static <T> TableCell<Member, T> cell(Function<T, String> text) {
        return new TableCell<>() {
            @Override
            protected void updateItem(T v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : text.apply(v));
            }
        };
    }

    /** The rows as the table shows them (sorted), and the selected ones. */
    List<Member> shownRows() {
        return List.copyOf(sorted);
    }

    /** Copies the selected rows, or all when none is selected, as TSV. */
    void copy() {
        List<Member> chosen = table.getSelectionModel().getSelectedItems();
        ClipboardContent c = new ClipboardContent();
        c.putString(MembersModel.tsv(chosen.isEmpty() ? shownRows() : List.copyOf(chosen)));
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        status.setText("copied " + (chosen.isEmpty() ? sorted.size() : chosen.size()) + " rows");
    }

    private void exportCsv() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the selected points as CSV");
        fc.setInitialFileName("members.csv");
        fc.getExtensionFilters().setAll(new FileChooser.ExtensionFilter("CSV table", "*.csv"));
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) writeCsv(f.toPath(), p -> status.setText("saved " + p.getFileName()),
                t -> status.setText("CSV export failed: " + t.getMessage()));
    }

    /** Writes every row, in the table's order, as CSV to {@code file} on the background executor. */
    void writeCsv(Path file, Consumer<Path> onDone, Consumer<Throwable> onFailure) {
        String text = MembersModel.csv(shownRows());
        background.run(() -> Files.writeString(file, text), onDone, onFailure);
    }

    TableView<Member> table() {
        return table;
    }

    @Override
    public String exportName() {
        return "members";
    }

    @Override
    public Node exportNode() {
        return table;
    }

    @Override
    public String csv() {
        return sorted.isEmpty() ? null : MembersModel.csv(shownRows());
    }

    @Override
    public void placeExportButton(Node button) {
        toolbar.getChildren().add(button);
    }

    @Override
    public Consumer<String> exportMessages() {
        return status::setText;
    }
}
