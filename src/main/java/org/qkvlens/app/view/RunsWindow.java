package org.qkvlens.app.view;

import java.io.File;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.qkvlens.app.state.RunsModel;
import org.qkvlens.app.state.RunsModel.Entry;

/**
 * The Runs window (File → Runs…, and at start when runs were interrupted): the runs in the runs folder with epochs
 * done, how their training ended, size on disk and when last trained; Continue training (to the run's epochs or
 * more), Open, Delete, and the folder runs go to. Binds to {@link RunsModel}; computes nothing. Leaves out runs
 * outside the folder (File → Open run directory opens those).
 */
public final class RunsWindow {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final RunsModel model;
    private final Stage stage = new Stage();
    private final Label heading = new Label();
    private final TableView<Entry> table = new TableView<>();

    public RunsWindow(RunsModel model, Window owner) {
        this.model = model;
        stage.initOwner(owner);
        stage.setTitle("Runs");
        table.setId("runs-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setItems(model.runs());
        table.setPlaceholder(new Label("No runs in this folder yet."));
        table.getColumns().addAll(List.of(
                column("Run", 165, Entry::name),
                column("Preset", 70, Entry::preset),
                column("Corpus", 120, e -> shortName(e.corpus())),
                column("Epochs", 130, Entry::progress),
                column("State", 95, Entry::state),
                column("Size", 80, e -> size(e.bytes())),
                column("Last trained", 125, e -> WHEN.format(e.modified()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> {
            var row = new javafx.scene.control.TableRow<Entry>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) open(row.getItem());
            });
            return row;
        });

        Button goOn = new Button("Continue training…");
        goOn.setId("runs-continue");
        goOn.setDefaultButton(true);
        goOn.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            List<Entry> sel = table.getSelectionModel().getSelectedItems();
            return sel.size() != 1 || !sel.getFirst().canContinue();
        }, table.getSelectionModel().getSelectedItems()));
        goOn.setOnAction(e -> continueSelected());
        Button open = new Button("Open");
        open.disableProperty().bind(Bindings.size(table.getSelectionModel().getSelectedItems()).isNotEqualTo(1));
        open.setOnAction(e -> open(table.getSelectionModel().getSelectedItem()));
        Button delete = new Button("Delete…");
        delete.setId("runs-delete");
        delete.disableProperty().bind(Bindings.isEmpty(table.getSelectionModel().getSelectedItems()));
        delete.setOnAction(e -> deleteSelected());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> model.refresh(x -> { }));
        Button folder = new Button("Change folder…");
        folder.setDisable(!model.canChooseFolder());
        folder.setOnAction(e -> chooseFolder());
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, goOn, open, delete, refresh, gap, folder, close);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label folderLine = new Label();
        folderLine.textProperty().bind(Bindings.createStringBinding(() -> {
            var f = model.folderProperty().get();
            return f == null ? "Runs are temporary (-Dqkvlens.runs=temp): nothing is kept after the app closes."
                    : "Folder: " + f + " — " + size(model.totalBytesProperty().get()) + " on disk";
        }, model.folderProperty(), model.totalBytesProperty()));
        Label status = new Label();
        status.textProperty().bind(model.messageProperty());
        status.getStyleClass().add("hint");
        heading.setWrapText(true);
        VBox top = new VBox(4, heading, folderLine);
        BorderPane root = new BorderPane(table, top, null, new VBox(6, buttons, status), null);
        BorderPane.setMargin(table, new Insets(8, 0, 8, 0));
        root.setPadding(new Insets(10));
        Scene scene = new Scene(root, 820, 420);
        if (owner != null && owner.getScene() != null) scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        stage.setScene(scene);
    }

    /** Shows every run in the folder. */
    public void show() {
        heading.setText("Every run is kept here while it trains (a checkpoint after each epoch and every few minutes),"
                + " so a run can go on after the app or the machine stopped.");
        model.refresh(x -> { });
        stage.show();
        stage.toFront();
    }

    /**
     * At start: shows the runs with the interrupted ones selected and {@code interrupted} of them named in the heading;
     * {@code onClosed} runs when the window closes, unless a run was continued from it.
     */
    public void showInterrupted(List<Entry> interrupted, Runnable onClosed) {
        heading.setText(interrupted.size() + (interrupted.size() == 1 ? " run was" : " runs were") + " interrupted while"
                + " training (the app closed, or the process or machine stopped). Continue one where its last checkpoint"
                + " left it, or delete what you no longer need.");
        java.util.Set<java.nio.file.Path> dirs = new java.util.HashSet<>(interrupted.stream().map(Entry::dir).toList());
        table.getSelectionModel().clearSelection();       // the list the start just read: no second scan
        for (int i = 0; i < model.runs().size(); i++) {
            if (dirs.contains(model.runs().get(i).dir())) table.getSelectionModel().select(i);
        }
        boolean[] continued = {false};
        stage.setOnHidden(e -> {
            stage.setOnHidden(null);
            if (!continued[0]) onClosed.run();
        });
        afterContinue = () -> continued[0] = true;
        stage.show();
        stage.toFront();
    }

    private Runnable afterContinue = () -> { };

    private void continueSelected() {
        Entry e = table.getSelectionModel().getSelectedItem();
        if (e != null && e.canContinue()) continueRun(e, stage);
    }

    /** Asks to how many epochs to train {@code e} on, then goes on with it; over {@code owner}. */
    public void continueRun(Entry e, Window owner) {
        Dialog<Integer> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Continue training");
        d.setHeaderText(e.name() + ": " + e.epochsDone() + " of " + e.epochs() + " epochs done" + (e.stepsInto() > 0
                ? " and " + e.stepsInto() + " steps of the next" : "") + " (" + e.state() + ").");
        Spinner<Integer> epochs = new Spinner<>(Math.max(1, e.epochsDone()), 100_000,
                e.epochsDone() >= e.epochs() ? e.epochsDone() + 10 : e.epochs());
        epochs.setEditable(true);
        epochs.setId("runs-epochs");
        HBox line = new HBox(8, new Label("Train to"), epochs, new Label("epochs"));
        line.setAlignment(Pos.CENTER_LEFT);
        d.getDialogPane().setContent(line);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? epochs.getValue() : null);
        d.showAndWait().ifPresent(n -> {
            afterContinue.run();
            model.continueRun(e, n);
            if (stage.isShowing()) stage.close();
        });
    }

    private void open(Entry e) {
        if (e == null) return;
        model.open(e);
    }

    private void deleteSelected() {
        List<Entry> sel = List.copyOf(table.getSelectionModel().getSelectedItems());
        long bytes = sel.stream().mapToLong(Entry::bytes).sum();
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Delete " + (sel.size() == 1 ? sel.getFirst().name()
                : sel.size() + " runs") + " (" + size(bytes) + ")? Their snapshots and checkpoints are gone for good.",
                ButtonType.OK, ButtonType.CANCEL);
        a.initOwner(stage);
        a.setHeaderText(null);
        a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> model.delete(sel));
    }

    private void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Folder for the runs");
        var current = model.folderProperty().get();
        if (current != null && current.toFile().isDirectory()) dc.setInitialDirectory(current.toFile());
        File f = dc.showDialog(stage);
        if (f != null) model.chooseFolder(f.toPath());
    }

    private static TableColumn<Entry, String> column(String title, double width, java.util.function.Function<Entry, String> text) {
        TableColumn<Entry, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return c;
    }

    /** File names without their folders: "eng_de.csv", or "train.en + train.de" for aligned files. */
    private static String shortName(String corpus) {
        List<String> parts = new java.util.ArrayList<>();
        for (String part : corpus.split(" \\+ ")) {
            int slash = Math.max(part.lastIndexOf('/'), part.lastIndexOf('\\'));
            parts.add(slash >= 0 ? part.substring(slash + 1) : part);
        }
        return String.join(" + ", parts);
    }

    /** Bytes as B, KB, MB or GB (powers of 1024), three digits. */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v)) + " " + units[u];
    }
}
