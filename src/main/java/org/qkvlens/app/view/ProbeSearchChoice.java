package org.qkvlens.app.view;

import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.session.RunRecord;

/**
 * A choice of one probe among the run's (thousands of them): a search field that narrows the drop-down to the probes
 * whose text contains it (Enter picks the first match), beside the drop-down itself. Invalid probes are listed but
 * marked. The value is a probe index; leaves out what choosing means (the caller listens to {@link #box}).
 */
final class ProbeSearchChoice extends HBox {
    final TextField search = new TextField();
    final ComboBox<Integer> box = new ComboBox<>();
    private final ObservableList<Integer> all = FXCollections.observableArrayList();
    private final FilteredList<Integer> shown = new FilteredList<>(all);
    private final LiveRun live;
    private java.util.Map<Integer, String> texts = java.util.Map.of();

    ProbeSearchChoice(LiveRun live, int initial, String id) {
        super(6);
        this.live = live;
        box.setId(id);
        search.setId(id + "-search");
        search.setPromptText("search");
        search.setPrefColumnCount(7);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPrefWidth(200);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setItems(shown);
        box.setVisibleRowCount(14);
        Runnable refill = () -> {
            Integer keep = box.getValue();
            List<RunRecord.ProbeInfo> probes = live.info().probes();
            java.util.Map<Integer, String> t = new java.util.HashMap<>();
            for (RunRecord.ProbeInfo p : probes) t.put(p.index(), p.problem() == null ? p.text() : p.text() + "  (skipped)");
            texts = t;
            all.setAll(probes.stream().map(RunRecord.ProbeInfo::index).toList());
            box.setValue(keep != null && all.contains(keep) ? keep : all.contains(initial) ? initial : null);
        };
        live.infoProperty().addListener((Observable o) -> refill.run());
        refill.run();
        search.textProperty().addListener((o, a, b) -> {
            String f = b.strip().toLowerCase(Locale.ROOT);
            shown.setPredicate(f.isEmpty() ? null : p -> text(p).toLowerCase(Locale.ROOT).contains(f));
            if (getScene() != null && getScene().getWindow() != null && !box.isShowing() && !f.isEmpty()) box.show();
        });
        search.setOnAction(e -> {
            if (!shown.isEmpty()) box.setValue(shown.getFirst());
            box.hide();
        });
        box.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text(item));
            }
        });
        box.setButtonCell(box.getCellFactory().call(null));
        getChildren().addAll(search, box);
    }

    /** The probes the drop-down lists now (those matching the search). */
    List<Integer> shown() {
        return List.copyOf(shown);
    }

    private String text(int index) {
        String t = texts.get(index);
        return t != null ? t : "probe " + index;
    }
}
