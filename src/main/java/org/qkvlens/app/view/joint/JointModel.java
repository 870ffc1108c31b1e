package org.qkvlens.app.view.joint;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.qkvlens.app.figure.JointFigure;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.joint.AttentionLines;
import org.qkvlens.joint.Metric;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.PointKey;
import org.qkvlens.projection.Progress;
import org.qkvlens.projection.Projector;

/**
 * The view-model of the joint query–key view: which head (the selection's; when it says "all heads", a head of its
 * own, head 1 at first, and a note saying so), at the playback's snapshot, of the probes the scatter shows (A, B and
 * the further ones), laid out by PCA, t-SNE or UMAP with the cosine or Euclidean metric, keys and queries scaled or not.
 * Layouts run on the app's Background one at a time; a change while one runs cancels it, and the next starts at the
 * next frame (the app's ticker coalesces changes). A new epoch of the same head starts from the previous layout, so
 * points stay put. A picked query (kept across epochs by its probe and position) has its attention lines. FX thread.
 * Leaves out drawing (JointView, JointCanvas).
 */
public final class JointModel {
    private final AppModel app;
    private final Selection selection;
    private final Projector projector = new Projector();

    private final ObjectProperty<Method> method = new SimpleObjectProperty<>(this, "method", Method.PCA);
    private final ObjectProperty<Metric> metric = new SimpleObjectProperty<>(this, "metric", Metric.COSINE);
    private final BooleanProperty scaled = new SimpleBooleanProperty(this, "scaled", true);
    private final BooleanProperty labels = new SimpleBooleanProperty(this, "labels", true);
    private final IntegerProperty ownHead = new SimpleIntegerProperty(this, "ownHead", 0);
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);

    private final ReadOnlyObjectWrapper<JointFigure> figure = new ReadOnlyObjectWrapper<>(this, "figure", JointFigure.EMPTY);
    private final ReadOnlyIntegerWrapper picked = new ReadOnlyIntegerWrapper(this, "picked", -1);
    private final ReadOnlyIntegerWrapper hovered = new ReadOnlyIntegerWrapper(this, "hovered", -1);
    private final ReadOnlyObjectWrapper<List<AttentionLines.Line>> lines = new ReadOnlyObjectWrapper<>(this, "lines", List.of());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper headNote = new ReadOnlyStringWrapper(this, "headNote", "");
    private final ReadOnlyIntegerWrapper heads = new ReadOnlyIntegerWrapper(this, "heads", 1);

    private final Watch watch;
    private boolean running, cancelling;
    private final AtomicLong generation = new AtomicLong();
    private Layout previous;
    private String previousOf = "";
    private PointKey pickedTrack;


    public JointModel(AppModel app) {
        this.app = app;
        this.selection = app.selection();
        watch = new Watch(app, active, this::poll, List.of(selection.siteProperty(), selection.layerProperty(),
                selection.headProperty(), selection.sentenceAProperty(), selection.sentenceBProperty(),
                selection.extraProbes(), app.live().infoProperty(), app.live().snapshots(), app.playback().indexProperty(),
                method, metric, scaled, ownHead));
    }

    public void dispose() {
        generation.incrementAndGet();
        watch.dispose();
    }

    // --- settings

    public ObjectProperty<Method> methodProperty() {
        return method;
    }

    public ObjectProperty<Metric> metricProperty() {
        return metric;
    }

    /** Keys × c and queries ÷ c, c = √(mean‖q‖ / mean‖k‖). */
    public BooleanProperty scaledProperty() {
        return scaled;
    }

    public BooleanProperty labelsProperty() {
        return labels;
    }

    /** The head shown while the selection says "all heads" (from 0). */
    public IntegerProperty ownHeadProperty() {
        return ownHead;
    }

    /** While false (the tab is hidden) nothing is computed; turning it on catches up. */
    public BooleanProperty activeProperty() {
        return active;
    }

    // --- outputs

    public ReadOnlyObjectProperty<JointFigure> figureProperty() {
        return figure.getReadOnlyProperty();
    }

    public JointFigure figure() {
        return figure.get();
    }

    /** Index of the picked point in the figure, or −1. */
    public ReadOnlyIntegerProperty pickedProperty() {
        return picked.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty hoveredProperty() {
        return hovered.getReadOnlyProperty();
    }

    /** The picked query's lines to its keys with their attention weights (empty when no query is picked). */
    public ReadOnlyObjectProperty<List<AttentionLines.Line>> linesProperty() {
        return lines.getReadOnlyProperty();
    }

    /** "projecting (PCA)…", an error, or "". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Says which head is shown when the selection says "all heads"; "" otherwise. */
    public ReadOnlyStringProperty headNoteProperty() {
        return headNote.getReadOnlyProperty();
    }

    /** Heads at the selected site. */
    public ReadOnlyIntegerProperty headsProperty() {
        return heads.getReadOnlyProperty();
    }

    /** The head shown (from 0): the selection's, or this view's own while the selection says "all heads". */
    public int head() {
        int h = selection.head();
        return h >= 0 && h < heads.get() ? h : Math.min(Math.max(0, ownHead.get()), heads.get() - 1);
    }

    // --- commands

    /** Picks point i of the figure (−1: none). A query gets its lines to its keys. */
    public void pick(int i) {
        JointFigure f = figure.get();
        if (i < 0 || i >= f.points().size()) {
            picked.set(-1);
            pickedTrack = null;
            lines.set(List.of());
            return;
        }
        PointKey key = f.points().get(i).key();
        picked.set(i);
        pickedTrack = key.track();
        lines.set(key.kind() == Kind.Q ? AttentionLines.of(f.space(), key) : List.of());
    }

    public void hover(int i) {
        hovered.set(i);
    }

    // --- requests

    void poll() {
        if (running) {
            if (watch.dirty() && !cancelling) {
                generation.incrementAndGet();
                cancelling = true;
            }
            return;
        }
        if (!active.get() || !watch.takeDirty()) return;
        start();
    }

    private void start() {
        cancelling = false;
        RunInfo info = app.live().info();
        Site site = selection.site();
        boolean enc = site.isEncoder();
        heads.set(Math.max(1, info.heads(enc)));
        headNote.set(heads.get() == 1 || selection.head() >= 0 && selection.head() < heads.get() ? ""
                : "all heads selected: this view shows one head, head " + (head() + 1) + " (choose here)");
        Snapshot s = app.playback().current();
        if (s == null || !site.isAttention()) {
            figure.set(JointFigure.EMPTY);
            status.set(s == null ? "no snapshot yet" : site.label() + " has no queries and keys");
            pick(-1);
            return;
        }
        int a = selection.sentenceAProperty().get(), b = selection.sentenceBProperty().get();
        JointFigure.Request r = new JointFigure.Request(s, app.playback().index(), selection.shownProbes(), a, b, site, selection.layer(),
                head(), heads.get(), scaled.get(), metric.get(), method.get());
        String of = site + "/" + r.layer() + "/" + r.head() + "/" + r.metric() + "/" + r.scaled() + "/" + r.method()
                + "/" + info.title();
        Layout prev = of.equals(previousOf) ? previous : null;
        long g = generation.incrementAndGet();
        running = true;
        status.set("projecting (" + r.method() + ")…");
        Progress p = new Progress() {
            @Override
            public void report(double fraction) {
            }

            @Override
            public boolean cancelled() {
                return generation.get() != g;
            }
        };
        app.background().run(() -> JointFigure.build(r, projector, prev, p), f -> finished(g, of, f), e -> failed(g, e));
    }

    private void finished(long g, String of, JointFigure f) {
        running = false;
        app.ticker().requestFrame();
        if (g != generation.get()) return;
        status.set("");
        previous = f.layout();
        previousOf = of;
        figure.set(f);
        int again = -1;
        if (pickedTrack != null) {
            for (int i = 0; i < f.points().size(); i++) if (f.points().get(i).key().track().equals(pickedTrack)) again = i;
        }
        hovered.set(-1);
        pick(again);
    }

    private void failed(long g, Throwable e) {
        running = false;
        app.ticker().requestFrame();
        if (g != generation.get()) return;
        status.set(e instanceof CancellationException ? "" : "joint view failed: " + e.getMessage());
    }
}
