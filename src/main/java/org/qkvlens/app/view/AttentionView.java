package org.qkvlens.app.view;

import java.util.concurrent.Callable;
import org.qkvlens.app.figure.MatrixFigure;
import org.qkvlens.app.figure.MatrixFigures;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Playback;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;

/**
 * The attention weights of sentences A and B side by side: rows are query tokens, columns key tokens, at the chosen
 * site and layer, for one head ({@link Selection#headProperty()} ≥ 0) or the mean of all heads (−1), on a sequential
 * scale 0 … 1 (values printed when the cells are big enough). Encoder self-attention: source × source; decoder
 * self-attention: decoder positions × decoder positions (the causal mask leaves the upper triangle 0); decoder–encoder
 * attention: decoder positions × source tokens. Each row sums to 1.
 */
public final class AttentionView extends MatrixView {

    /** The cell edge at the preferred size, in pixels. */
    public static final double PREFERRED_CELL = 48;

    public AttentionView(AppModel model) {
        this(model.selection(), model.playback(), model.live(), model.background());
    }

    /** A view that computes its figures on the calling thread (headless export, tests). */
    public AttentionView(Selection selection, Playback playback, LiveRun live) {
        this(selection, playback, live, Background.direct());
    }

    /** A view that computes its figures on {@code background}. */
    public AttentionView(Selection selection, Playback playback, LiveRun live, Background background) {
        super(selection, playback, live, background, PREFERRED_CELL);
        computeNow();
    }

    @Override
    public String exportName() {
        return "attention";
    }

    @Override
    protected Callable<MatrixFigure> computation(Snapshot current, RunInfo info) {
        Site site = selection.site();
        int layer = selection.layer(), head = selection.head();
        int a = selection.sentenceAProperty().get(), b = selection.sentenceBProperty().get();
        return () -> MatrixFigures.attention(current, info, site, layer, head, a, b);
    }
}
