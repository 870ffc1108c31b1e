package org.qkvlens.app.view;

import java.util.ArrayList;
import java.util.List;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Playback;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;

/**
 * The attention weights of sentences A and B side by side: rows are query tokens, columns key tokens, at the chosen
 * site and layer, for one head ({@link Selection#headProperty()} ≥ 0) or the mean of all heads (−1), on a sequential
 * scale 0 … 1 (values printed when the cells are big enough). Encoder self-attention: source × source; decoder
 * self-attention: decoder positions × decoder positions (the causal mask leaves the upper triangle 0); decoder–encoder
 * attention: decoder positions × source tokens. Each row sums to 1.
 */
public final class AttentionView extends MatrixView {

    public AttentionView(AppModel model) {
        this(model.selection(), model.playback(), model.live(), model.background());
    }

    public AttentionView(Selection selection, Playback playback, LiveRun live, Background background) {
        super(selection, playback, live, background, 48);
    }

    @Override
    public String exportName() {
        return "attention";
    }

    @Override
    protected MatrixFigure compute(Snapshot current, RunInfo info) {
        return figure(current, info, selection.site(), selection.layer(), selection.head(),
                selection.sentenceAProperty().get(), selection.sentenceBProperty().get());
    }

    /** The attention panels of probes {@code a} and {@code b} in snapshot {@code s}, or an empty state. Pure; any thread. */
    public static MatrixFigure figure(Snapshot s, RunInfo info, Site site, int layer, int head, int a, int b) {
        String title = "Attention weights of sentences A and B";
        if (s == null) return MatrixFigure.message(title, "waiting for the first epoch…");
        if (site == null || !site.isAttention()) return MatrixFigure.message(title, "choose an attention site");
        String range = Captions.outOfRange(info, site, layer, head);
        if (range != null) return MatrixFigure.message(title, range);
        int heads = info.heads(site == Site.ENC_SELF);
        String heading = heads == 1 ? "1 head" : head < 0 ? "mean of " + heads + " heads" : "head " + head + " of " + heads;
        String subtitle = site.label() + " · layer " + layer + " · " + heading + " · " + Captions.epoch(s);
        List<MatrixPanel> panels = new ArrayList<>();
        panels.add(panel("A", a, s, info, site, layer, head));
        panels.add(panel("B", b, s, info, site, layer, head));
        if (panels.stream().noneMatch(MatrixPanel::hasValues)) {
            return MatrixFigure.message(title, panels.get(0).message() + "; " + panels.get(1).message());
        }
        return new MatrixFigure(title, subtitle, panels, ColorScale.SEQUENTIAL, "weight", "attention", false, null);
    }

    private static MatrixPanel panel(String name, int probe, Snapshot s, RunInfo info, Site site, int layer, int head) {
        ProbeCapture c = s.probe(probe);
        if (c == null) return MatrixPanel.unavailable(name, name + ": –", "sentence " + name + " is not valid: " + Captions.whyMissing(info, probe));
        String caption = Captions.sentence(name, c.text());
        ArrayKey key = new ArrayKey(site, layer, Kind.ATTENTION);
        Tensor t = c.array(key);
        if (t == null) return MatrixPanel.unavailable(name, caption, "no attention was captured here in this snapshot");
        int h = t.dim(0), q = t.dim(1), k = t.dim(2);
        if (head >= h) return MatrixPanel.unavailable(name, caption, "head " + head + " is not in this snapshot (" + h + " heads)");
        float[] data = t.data();
        double[][] w = new double[q][k];
        for (int hi = head < 0 ? 0 : head; hi < (head < 0 ? h : head + 1); hi++) {
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < k; j++) w[i][j] += data[(hi * q + i) * k + j];
            }
        }
        if (head < 0 && h > 1) {
            for (double[] row : w) for (int j = 0; j < k; j++) row[j] /= h;
        }
        boolean queryDecoder = site != Site.ENC_SELF, keyDecoder = site == Site.DEC_SELF;
        List<String> rows = c.rowLabels(key), cols = c.columnLabels(key);
        return new MatrixPanel(name, caption, queryDecoder ? "query (decoder)" : "query (source)",
                "key (" + (keyDecoder ? "decoder position" : "source token") + ")", "query", "key", rows, cols,
                HeatmapView.tokens(probe, queryDecoder, rows.size()), HeatmapView.tokens(probe, keyDecoder, cols.size()), w, null);
    }
}
