package org.qkvlens.app.view;

import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.SetChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.ProbeChoice;
import org.qkvlens.app.state.Selection;
import org.qkvlens.session.RunRecord;

/**
 * "Also plot" for runs of thousands of sentences: a button that opens a panel (staying open while the user picks) with
 * a substring filter, All / None over what the filter shows, a seeded sample of N, a list of check boxes that toggle
 * only on a click, and the count "k of 1,000 sentences plotted (cap 500)". Binds to {@link Selection#extraProbes()}.
 * Leaves out A and B, which the probe panel chooses.
 */
final class ExtraProbesChooser extends VBox {
    final TextField filter = new TextField();
    final Button all = new Button("All");
    final Button none = new Button("None");
    final TextField sampleSize = new TextField("50");
    final TextField seed = new TextField("1");
    final Button sample = new Button("Sample");
    final Button close = new Button("Close");
    final Label count = new Label();
    final ListView<Integer> list = new ListView<>();
    private final ObservableList<Integer> shown = FXCollections.observableArrayList();
    private final Selection selection;
    private final LiveRun live;
    private String note = "";

    ExtraProbesChooser(Selection selection, LiveRun live) {
        super(6);
        this.selection = selection;
        this.live = live;
        setId("extra-chooser");
        getStyleClass().add("extra-chooser");
        setStyle("-fx-background-color: white; -fx-border-color: #b0b0b0; -fx-padding: 8;"
                + " -fx-effect: dropshadow(gaussian, rgba(0,0,0,0.25), 8, 0, 0, 2);");
        setPrefSize(460, 420);
        filter.setId("extra-filter");
        filter.setPromptText("filter: words the sentence contains");
        all.setId("extra-all");
        none.setId("extra-none");
        sampleSize.setId("extra-sample-size");
        seed.setId("extra-seed");
        sample.setId("extra-sample");
        count.setId("extra-count");
        list.setId("extra-list");
        sampleSize.setPrefColumnCount(5);
        seed.setPrefColumnCount(4);
        HBox.setHgrow(filter, Priority.ALWAYS);
        list.setItems(shown);
        list.setCellFactory(v -> new ProbeCell());
        VBox.setVgrow(list, Priority.ALWAYS);
        count.setWrapText(true);
        count.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        filter.textProperty().addListener((Observable o) -> refilter());
        live.infoProperty().addListener((Observable o) -> refilter());
        all.setOnAction(e -> pick(shown));
        none.setOnAction(e -> pick(List.of()));
        sample.setOnAction(e -> sample());
        selection.extraProbes().addListener((SetChangeListener<Integer>) c -> changed());
        InvalidationListener pair = o -> changed();
        selection.sentenceAProperty().addListener(pair);
        selection.sentenceBProperty().addListener(pair);

        close.setId("extra-close");
        HBox top = new HBox(6, filter, all, none, close);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox sampling = new HBox(6, new Label("Sample"), sampleSize, new Label("of the filtered, seed"), seed, sample);
        sampling.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(top, sampling, count, list);
        refilter();
    }

    /** Replaces the further probes with {@code probes} (cut to the cap, which the count then says). */
    private void pick(List<Integer> probes) {
        int cut = selection.setExtraProbes(probes);
        note = cut > 0 ? String.format(" — %,d more left out by the cap", cut) : "";
        changed();
    }

    private void sample() {
        int n;
        long s;
        try {
            n = Integer.parseInt(sampleSize.getText().strip());
            s = Long.parseLong(seed.getText().strip());
            if (n < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            note = "";
            count.setText("Sample: N must be a whole number ≥ 0 and the seed a whole number (N is \""
                    + sampleSize.getText() + "\", seed \"" + seed.getText() + "\")");
            return;
        }
        List<Integer> from = shown.stream().filter(p -> p != a() && p != b()).toList();
        pick(ProbeChoice.sample(from, n, s));
    }

    private int a() {
        return selection.sentenceAProperty().get();
    }

    private int b() {
        return selection.sentenceBProperty().get();
    }

    private void refilter() {
        shown.setAll(ProbeChoice.filter(live.info().probes(), filter.getText()));
        changed();
    }

    private void changed() {
        int total = (int) live.info().probes().stream().filter(p -> p.problem() == null).count();
        java.util.Set<Integer> plotted = new java.util.HashSet<>(selection.extraProbes());
        plotted.add(a());
        plotted.add(b());
        count.setText(String.format("%,d of %,d sentences plotted (A, B and up to %,d more)%s · %,d match the filter",
                Math.min(plotted.size(), Math.max(total, plotted.size())), total, Selection.EXTRA_CAP, note, shown.size()));
        list.refresh();
    }

    /** The text of probe {@code index}. */
    String text(int index) {
        for (RunRecord.ProbeInfo p : live.info().probes()) if (p.index() == index) return p.text();
        return "probe " + index;
    }

    /** A check box per probe: toggled by a click on it (never by hover); A and B are shown, fixed. */
    private final class ProbeCell extends ListCell<Integer> {
        private final CheckBox box = new CheckBox();

        ProbeCell() {
            box.setOnAction(e -> {
                Integer p = getItem();
                if (p == null || p == a() || p == b()) return;
                java.util.Set<Integer> want = new java.util.LinkedHashSet<>(selection.extraProbes());
                if (box.isSelected()) want.add(p);
                else want.remove(p);
                pick(List.copyOf(want));
            });
        }

        @Override
        protected void updateItem(Integer p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            boolean fixed = p == a() || p == b();
            box.setText((p == a() ? "A  " : p == b() ? "B  " : "") + text(p));
            box.setSelected(fixed || selection.extraProbes().contains(p));
            box.setDisable(fixed);
            setGraphic(box);
        }
    }

    /**
     * The "Also plot" button: opens the chooser below itself and closes it again; it stays open while picking and while
     * the user looks at the plot (Close, Escape or the button close it). Not auto-hiding: under X11 a popup hidden by a
     * click outside did not reopen on the next click of its button.
     */
    static Button button(ExtraProbesChooser chooser) {
        Button b = new Button();
        b.setId("select-extra");
        Runnable label = () -> b.setText(String.format("Also plot (%,d)…", chooser.selection.extraProbes().size()));
        chooser.selection.extraProbes().addListener((SetChangeListener<Integer>) c -> label.run());
        label.run();
        Popup popup = new Popup();
        popup.setAutoHide(false);
        chooser.close.setOnAction(e -> popup.hide());
        popup.setHideOnEscape(true);
        popup.getContent().add(chooser);
        b.setOnAction(e -> {
            if (popup.isShowing()) {
                popup.hide();
                return;
            }
            javafx.geometry.Bounds at = b.localToScreen(b.getBoundsInLocal());
            popup.show(b, at.getMinX(), at.getMaxY() + 2);
            chooser.filter.requestFocus();
        });
        return b;
    }
}
