package org.qkvlens.app.view;

import java.util.List;
import javafx.beans.Observable;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import org.qkvlens.app.state.EpochsShown;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.SearchModel;
import org.qkvlens.app.state.TokenSearch;
import org.qkvlens.app.state.Selection;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;

/**
 * The toolbar above the views, saying what they show: attention site, layer, head (or all), the vector kinds to plot,
 * the kind the heatmap compares, which epochs the scatter shows, and further probes to plot besides A and B; first the
 * search box (a {@link SearchModel}). Binds to {@link Selection}.
 */
public final class SelectionPanel extends FlowPane {

    public SelectionPanel(Selection selection, LiveRun live, SearchModel search) {
        ComboBox<Site> site = new ComboBox<>();
        site.setId("select-site");
        site.getItems().setAll(Site.ENC_SELF, Site.DEC_SELF, Site.DEC_CROSS);
        site.valueProperty().bindBidirectional(selection.siteProperty());
        site.setCellFactory(v -> siteCell());
        site.setButtonCell(siteCell());

        ComboBox<Integer> layer = new ComboBox<>();
        layer.setId("select-layer");
        ComboBox<Integer> head = new ComboBox<>();
        head.setId("select-head");
        head.setCellFactory(v -> headCell());
        head.setButtonCell(headCell());
        Runnable refillShape = () -> {
            RunInfo info = live.info();
            boolean enc = selection.site().isEncoder();
            int layers = info.layers(enc), heads = info.heads(enc);
            layer.getItems().setAll(range(0, layers));
            layer.setValue(Math.min(selection.layer(), layers - 1));
            head.getItems().setAll(range(-1, heads));
            head.setValue(selection.head() < heads ? selection.head() : -1);
        };
        live.infoProperty().addListener((Observable o) -> refillShape.run());
        selection.siteProperty().addListener((Observable o) -> refillShape.run());
        refillShape.run();
        layer.valueProperty().addListener((o, a, b) -> {
            if (b != null) selection.layerProperty().set(b);
        });
        head.valueProperty().addListener((o, a, b) -> {
            if (b != null) selection.headProperty().set(b);
        });
        // set elsewhere (a click on a head overview tile): show it
        selection.layerProperty().addListener((o, a, b) -> layer.setValue(b.intValue()));
        selection.headProperty().addListener((o, a, b) -> head.setValue(b.intValue()));

        HBox kinds = new HBox(6);
        kinds.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        for (Kind k : Kind.VECTORS) {
            CheckBox box = new CheckBox(k.id());
            box.setId("select-kind-" + k.id());
            box.setSelected(selection.kinds().contains(k));
            box.selectedProperty().addListener((o, a, b) -> {
                if (b) selection.kinds().add(k);
                else selection.kinds().remove(k);
            });
            selection.kinds().addListener((SetChangeListener<Kind>) c -> box.setSelected(selection.kinds().contains(k)));
            kinds.getChildren().add(box);
        }

        ComboBox<Kind> heatKind = new ComboBox<>();
        heatKind.setId("select-heatmap-kind");
        heatKind.getItems().setAll(Kind.VECTORS);
        heatKind.valueProperty().bindBidirectional(selection.heatmapKindProperty());
        heatKind.setCellFactory(v -> kindCell());
        heatKind.setButtonCell(kindCell());

        ComboBox<EpochsShown> epochs = new ComboBox<>();
        epochs.setId("select-epochs");
        epochs.getItems().setAll(EpochsShown.values());
        epochs.valueProperty().bindBidirectional(selection.epochsShownProperty());

        javafx.scene.control.Button extra = ExtraProbesChooser.button(new ExtraProbesChooser(selection, live));

        getChildren().addAll(searchBox(search), group("Site", site), group("Layer", layer), group("Head", head), group("Plot", kinds),
                group("Heatmap", heatKind), group("Epochs", epochs), extra);
        setHgap(14);
        setVgap(6);
        setPadding(new Insets(6, 10, 6, 10));
        setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getStyleClass().add("selection-bar");
    }

    /**
     * The search field, its mode and the count of matches. Enter goes to the next match, Shift+Enter to the previous,
     * Escape ends the search.
     */
    private static HBox searchBox(SearchModel search) {
        TextField field = new TextField();
        field.setId("search-field");
        field.setPromptText("Search tokens");
        field.setPrefColumnCount(11);
        field.textProperty().bindBidirectional(search.queryProperty());
        field.setTooltip(new Tooltip("Find tokens in every probe: matches are emphasised in every view, the rest dimmed.\n"
                + "Enter: next match (highlighted in every view), Shift+Enter: previous, Escape: clear.\n"
                + "A decoder position prev->next matches when either word does."));
        field.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                search.step(e.isShiftDown() ? -1 : 1);
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                search.clear();
                e.consume();
            }
        });
        ComboBox<TokenSearch.Mode> mode = new ComboBox<>();
        mode.setId("search-mode");
        mode.getItems().setAll(TokenSearch.Mode.values());
        mode.valueProperty().bindBidirectional(search.modeProperty());
        mode.setTooltip(new Tooltip("exact word, prefix, regular expression (found anywhere in a word; ^…$ for whole words),"
                + " or sentence (every token of the sentences whose text contains it)"));
        Label count = new Label();
        count.setId("search-count");
        count.textProperty().bind(search.countProperty());
        count.setPrefWidth(215);                           // the bar does not reflow as the count changes
        count.setMinWidth(215);
        count.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(search.countProperty());
        count.setTooltip(whole);
        count.styleProperty().bind(search.resultProperty().map(r -> r.error() != null ? "-fx-text-fill: #b00020;" : ""));
        return group("Search", new HBox(4, field, mode, count));
    }

    private static HBox group(String label, javafx.scene.Node control) {
        HBox box = new HBox(5, new Label(label), control);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return box;
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().toList();
    }

    private static ListCell<Site> siteCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Site s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.label());
            }
        };
    }

    private static ListCell<Integer> headCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Integer h, boolean empty) {
                super.updateItem(h, empty);
                setText(empty || h == null ? null : h < 0 ? "all heads" : "head " + (h + 1));
            }
        };
    }

    private static ListCell<Kind> kindCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Kind k, boolean empty) {
                super.updateItem(k, empty);
                setText(empty || k == null ? null : k.id());
            }
        };
    }
}
