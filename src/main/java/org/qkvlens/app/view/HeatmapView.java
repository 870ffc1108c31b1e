package org.qkvlens.app.view;

import java.util.concurrent.Callable;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.qkvlens.app.figure.MatrixFigure;
import org.qkvlens.app.figure.MatrixFigures;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Playback;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;

/**
 * The cosine heatmap, sentence A × sentence B: cell (i, j) is the cosine similarity of A's token i and B's token j for
 * the chosen kind (Q, K, V, x1, x4) at the chosen site, layer and head (−1: all heads concatenated) in the snapshot
 * at the playback position, on a diverging scale −1 … 1 with every value printed, as in the article's tables.
 * Encoder-side rows are source tokens with {@code <sos>}/{@code <eos>}; decoder-side rows are {@code prev->next}
 * (decoder–encoder K and V come from the encoder, so they are source tokens). With "we can eat apple" against
 * "apple eat can we" the same word's K and V approach 1 wherever it stands: the article's finding.
 * The toolbar picks the kind ({@link Selection#heatmapKindProperty()}).
 */
public final class HeatmapView extends MatrixView {
    private final ToggleGroup kinds = new ToggleGroup();
    private final InvalidationListener kindChanged = o -> showKind();

    /** The cell edge at the preferred size, in pixels: room for a two-decimal value in every cell. */
    public static final double PREFERRED_CELL = 52;

    public HeatmapView(AppModel model) {
        this(model.selection(), model.playback(), model.live(), model.background());
    }

    /** A view that computes its figures on the calling thread (headless export, tests). */
    public HeatmapView(Selection selection, Playback playback, LiveRun live) {
        this(selection, playback, live, Background.direct());
    }

    /** A view that computes its figures on {@code background}. */
    public HeatmapView(Selection selection, Playback playback, LiveRun live, Background background) {
        super(selection, playback, live, background, PREFERRED_CELL);
        watch(selection.heatmapKindProperty());
        createKindButtons();
        computeNow();
    }

    private void createKindButtons() {
        HBox group = new HBox();
        group.getStyleClass().add("segmented-button");
        for (Kind k : Kind.VECTORS) {
            ToggleButton b = new ToggleButton(k.id());
            b.setUserData(k);
            b.setToggleGroup(kinds);
            b.setTooltip(new Tooltip("compare the " + k.id() + " vectors of A and B"));
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setOnAction(e -> {
                if (b.isSelected()) selection.heatmapKindProperty().set(k);
                else showKind();
            });
            group.getChildren().add(b);
        }
        Label label = new Label("Kind");
        label.setMinWidth(Region.USE_PREF_SIZE);
        addTool(label, group);
        selection.heatmapKindProperty().addListener(new WeakInvalidationListener(kindChanged));
        showKind();
    }

    private void showKind() {
        Kind k = selection.heatmapKindProperty().get();
        kinds.getToggles().forEach(t -> t.setSelected(t.getUserData() == k));
    }

    @Override
    public String exportName() {
        return "heatmap";
    }

    /** The cosine matrix shown (rows: A's tokens, columns: B's), a copy; null in an empty state. FX thread. */
    public double[][] matrix() {
        MatrixFigure f = figure();
        return f.isEmpty() ? null : f.panels().getFirst().copyOfValues();
    }

    @Override
    protected Callable<MatrixFigure> computation(Snapshot current, RunInfo info) {
        Site site = selection.site();
        int layer = selection.layer(), head = selection.head();
        int a = selection.sentenceAProperty().get(), b = selection.sentenceBProperty().get();
        Kind kind = selection.heatmapKindProperty().get();
        return () -> MatrixFigures.heatmap(current, info, site, layer, head, kind, a, b);
    }
}
