package org.qkvlens.app.view;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Playback;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.projection.Cosine;
import org.qkvlens.projection.Points;

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

    public HeatmapView(AppModel model) {
        this(model.selection(), model.playback(), model.live(), model.background());
    }

    public HeatmapView(Selection selection, Playback playback, LiveRun live, Background background) {
        super(selection, playback, live, background, 52);
        watch(selection.heatmapKindProperty());
        createKindButtons();
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
    protected MatrixFigure compute(Snapshot current, RunInfo info) {
        return figure(current, info, selection.site(), selection.layer(), selection.head(),
                selection.heatmapKindProperty().get(), selection.sentenceAProperty().get(), selection.sentenceBProperty().get());
    }

    /**
     * The heatmap of probes {@code a} × {@code b} in snapshot {@code s} (null: none yet), or an empty state saying what
     * is missing. Pure; any thread.
     */
    public static MatrixFigure figure(Snapshot s, RunInfo info, Site site, int layer, int head, Kind kind, int a, int b) {
        String kindId = kind == null ? "?" : kind.id();
        String title = "Cosine similarity of " + kindId + " vectors";
        if (s == null) return MatrixFigure.message(title, "waiting for the first epoch…");
        if (site == null || !site.isAttention()) return MatrixFigure.message(title, "choose an attention site");
        if (kind == null || !Kind.VECTORS.contains(kind)) return MatrixFigure.message(title, "choose Q, K, V, x1 or x4");
        String range = Captions.outOfRange(info, site, layer, head);
        if (range != null) return MatrixFigure.message(title, range);
        boolean encoder = site == Site.ENC_SELF;
        int heads = info.heads(encoder);
        ArrayKey key = new ArrayKey(site, layer, kind);
        ProbeCapture ca = s.probe(a), cb = s.probe(b);
        if (ca == null || cb == null) {
            List<String> why = new ArrayList<>();
            if (ca == null) why.add("sentence A is not valid: " + Captions.whyMissing(info, a));
            if (cb == null) why.add("sentence B is not valid: " + Captions.whyMissing(info, b));
            return MatrixFigure.message(title, String.join("; ", why));
        }
        Tensor ta = ca.array(key), tb = cb.array(key);
        if (ta == null || tb == null) {
            return MatrixFigure.message(title, "no " + kindId + " was captured at " + site.label() + ", layer " + layer + " in this snapshot");
        }
        float[][] ra, rb;
        try {
            ra = Points.rows(ta, head, heads);
            rb = Points.rows(tb, head, heads);
        } catch (IllegalArgumentException e) {
            return MatrixFigure.message(title, "cannot cut head " + head + ": " + e.getMessage());
        }
        double[][] m = Cosine.matrix(ra, rb);
        boolean decoder = Points.decoderSide(site, kind);
        List<String> rowLabels = ca.rowLabels(key), colLabels = cb.rowLabels(key);
        String heading = head < 0 ? (heads == 1 ? "1 head" : "all " + heads + " heads concatenated") : "head " + head + " of " + heads;
        String subtitle = site.label() + " · layer " + layer + " · " + heading + " · " + Captions.epoch(s);
        MatrixPanel panel = new MatrixPanel("", null, Captions.sentence("A", ca.text()), Captions.sentence("B", cb.text()), "A", "B",
                rowLabels, colLabels, tokens(a, decoder, rowLabels.size()), tokens(b, decoder, colLabels.size()), m, null);
        return new MatrixFigure(title, subtitle, List.of(panel), ColorScale.DIVERGING, "cosine", "cos(" + kindId + ")", true, null);
    }

    static List<TokenRef> tokens(int probe, boolean decoder, int n) {
        List<TokenRef> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) t.add(new TokenRef(probe, decoder, i));
        return t;
    }
}
