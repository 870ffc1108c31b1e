package org.qkvlens.app.view;

import javafx.beans.InvalidationListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.TextFieldListCell;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.converter.DefaultStringConverter;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.ProbeStatus;
import org.qkvlens.app.state.RunModel;
import org.qkvlens.app.state.Selection;

/**
 * The probe sentences: an editable list (add, change by double-click, remove) whose invalid lines are flagged inline
 * with the reason, used by the next run, and a probe set besides them ({@link ProbeSetRow}); and the choice of
 * sentence A and B among the probes of the run on screen, each with a search field (a run may have thousands).
 */
public final class ProbePanel extends VBox {

    public ProbePanel(RunModel run, LiveRun live, Selection selection) {
        ListView<String> list = new ListView<>(run.probeLines());
        list.setId("probe-list");
        list.setEditable(true);
        list.setPrefHeight(170);
        list.setCellFactory(v -> new ProbeCell(run));
        run.probeStatus().addListener((InvalidationListener) o -> list.refresh());

        TextField entry = new TextField();
        entry.setId("probe-entry");
        entry.setPromptText("new probe, e.g. we can drink beer");
        HBox.setHgrow(entry, Priority.ALWAYS);
        Button add = new Button("Add");
        add.setId("probe-add");
        add.setOnAction(e -> {
            if (!entry.getText().isBlank()) {
                run.probeLines().add(entry.getText().strip());
                entry.clear();
                list.scrollTo(run.probeLines().size() - 1);
            }
        });
        entry.setOnAction(add.getOnAction());
        Button remove = new Button("Remove");
        remove.setId("probe-remove");
        remove.disableProperty().bind(list.getSelectionModel().selectedIndexProperty().lessThan(0));
        remove.setOnAction(e -> {
            int i = list.getSelectionModel().getSelectedIndex();
            if (i >= 0) run.probeLines().remove(i);
        });
        Label hint = new Label("Changes apply to the next run. A TAB then a German sentence feeds that reference to the decoder.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");

        ProbeSearchChoice searchA = new ProbeSearchChoice(live, selection.sentenceAProperty().getValue(), "sentence-a");
        ProbeSearchChoice searchB = new ProbeSearchChoice(live, selection.sentenceBProperty().getValue(), "sentence-b");
        GridPane.setHgrow(searchA, Priority.ALWAYS);
        GridPane.setHgrow(searchB, Priority.ALWAYS);
        ComboBox<Integer> a = searchA.box, b = searchB.box;
        a.valueProperty().addListener((o, x, y) -> {
            if (y != null) selection.sentenceAProperty().set(y);
        });
        b.valueProperty().addListener((o, x, y) -> {
            if (y != null) selection.sentenceBProperty().set(y);
        });
        selection.sentenceAProperty().addListener((o, x, y) -> a.setValue(y.intValue()));
        selection.sentenceBProperty().addListener((o, x, y) -> b.setValue(y.intValue()));
        GridPane pair = new GridPane();
        pair.setHgap(6);
        pair.setVgap(4);
        Label la = new Label("Sentence A");
        la.getStyleClass().add("sentence-a-label");
        Label lb = new Label("Sentence B");
        lb.getStyleClass().add("sentence-b-label");
        la.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        lb.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        pair.addRow(0, la, searchA);
        pair.addRow(1, lb, searchB);

        getChildren().addAll(list, new HBox(6, entry, add, remove), hint, new ProbeSetRow(run), pair);
        setSpacing(6);
        setPadding(new Insets(8));
    }

    /** A probe line with its status: red and the reason when invalid, amber when it has unknown words. */
    private static final class ProbeCell extends TextFieldListCell<String> {
        private final RunModel run;

        ProbeCell(RunModel run) {
            super(new DefaultStringConverter());
            this.run = run;
        }

        @Override
        public void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("probe-invalid", "probe-warning");
            setTooltip(null);
            if (empty || item == null || isEditing()) return;
            int i = getIndex();
            ProbeStatus status = i >= 0 && i < run.probeStatus().size() ? run.probeStatus().get(i) : null;
            String shown = item.replace("\t", "  ⇥  ");
            if (status != null && !status.note().isEmpty()) {
                getStyleClass().add(status.valid() ? "probe-warning" : "probe-invalid");
                setText((status.valid() ? "⚠ " : "✖ ") + shown + "\n    " + status.note());
                setTooltip(new Tooltip(status.note()));
            } else {
                setText(shown);
            }
        }
    }
}
