package org.qkvlens.app.view.scatter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.Points;
import org.qkvlens.projection.Progress;
import org.qkvlens.session.RunRecord;

/**
 * The view-model of a scatter view (2D or 3D; one model per view): which points to show and where.
 *
 * <p>It lays out the points of <em>all</em> snapshots received so far (within a per-method budget, see
 * {@link ShownSnapshots#fitSet}) for the selected site, layer, head, kinds and probes, so moving the playback slider
 * only changes which of them are drawn ({@link #frameProperty()}) and the views let them glide; a refit happens only
 * when the points change: a snapshot arrived, the selection, method or dims changed. Layouts run on
 * {@link org.qkvlens.app.state.Background}, never on the FX thread and one at a time, with the previous layout of the same
 * method passed in so positions stay put. A selection change cancels the running layout (its result would be stale)
 * and starts the next as soon as it has stopped; a new snapshot does not cancel: the running layout finishes and is
 * shown, then the next one starts from it. Requests are coalesced to at most one per frame through the app's ticker,
 * which also publishes progress; every change here asks the ticker for a frame. FX thread only.
 */
public final class ScatterModel {

    /** Most points laid out together: the projector's {@link org.qkvlens.projection.Projector#budget}. */
    static int budget(Method m) {
        return org.qkvlens.projection.Projector.budget(m);
    }

    private final AppModel app;
    private final Selection selection;
    private final LayoutFunction layouts;

    private final ObjectProperty<Method> method = new SimpleObjectProperty<>(this, "method", Method.PCA);
    private final IntegerProperty dims;
    private final BooleanProperty showLabels = new SimpleBooleanProperty(this, "showLabels", true);
    private final BooleanProperty showTrajectories = new SimpleBooleanProperty(this, "showTrajectories", false);
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private final ObjectProperty<ColorBy> colorBy = new SimpleObjectProperty<>(this, "colorBy", ColorBy.SENTENCE);

    private final ReadOnlyObjectWrapper<ScatterFrame> frame = new ReadOnlyObjectWrapper<>(this, "frame", ScatterFrame.EMPTY);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<Coverage> coverage = new ReadOnlyObjectWrapper<>(this, "coverage", Coverage.NONE);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    private ScatterData data = ScatterData.EMPTY;
    private final Map<Method, Layout> previous = new EnumMap<>(Method.class);
    private boolean selectionDirty = true;
    private boolean dataDirty;
    private boolean running;
    private boolean cancelling;
    private final AtomicLong generation = new AtomicLong();
    private volatile double reported;
    /** What the shown data's colours were made from; when it differs from {@link #wantedColours()} a recolour is due. */
    private Colours colouredWith = new Colours(ColorBy.SENTENCE, null, List.of());
    private boolean recolouring;
    private final AtomicLong recolourGeneration = new AtomicLong();
    private final InvalidationListener coloursChanged = o -> askForFrame();

    /** Everything a colouring is made from: the colour-by, the clusters (cluster only), the run's snapshots (entropy only). */
    record Colours(ColorBy by, org.qkvlens.app.state.PointClusters clusters, List<Snapshot> snapshots) {
        /** The data coloured this way (background thread). */
        ScatterData apply(ScatterData d) {
            if (by == ColorBy.SENTENCE && d.coloring() == null) return d;
            return d.recoloured(Coloring.of(d, by, clusters == null ? org.qkvlens.app.state.PointClusters.NONE : clusters, snapshots));
        }

        boolean sameAs(Colours o) {
            return by == o.by && clusters == o.clusters && snapshots.size() == o.snapshots.size();
        }
    }

    private final Runnable poller = this::poll;
    private final InvalidationListener selectionChanged = o -> {
        selectionDirty = true;
        askForFrame();
    };
    private final InvalidationListener frameInputChanged = o -> updateFrame();
    private final ListChangeListener<Snapshot> snapshotsChanged = c -> {
        boolean removed = false;
        while (c.next()) removed |= c.wasRemoved();
        if (removed) {                     // a new run (or a file opened): old layouts mean nothing
            previous.clear();
            selectionDirty = true;
        } else {
            dataDirty = true;
        }
        askForFrame();
    };
    private final List<Observable> selectionInputs;
    private final InvalidationListener reshaped = o -> previous.clear();

    /** A scatter over the app's run and selection, laid out in {@code dims} (2 or 3) dimensions by {@code layouts}. */
    public ScatterModel(AppModel app, LayoutFunction layouts, int dims) {
        this.app = app;
        this.selection = app.selection();
        this.layouts = layouts;
        this.dims = new SimpleIntegerProperty(this, "dims", dims);
        selectionInputs = List.of(selection.siteProperty(), selection.layerProperty(), selection.headProperty(),
                selection.kinds(), selection.sentenceAProperty(), selection.sentenceBProperty(), selection.extraProbes(),
                app.live().infoProperty(), method, this.dims);
        for (Observable o : selectionInputs) o.addListener(selectionChanged);
        // Another site, layer or head means other vectors under the same keys: never warm-start from their layout.
        for (Observable o : List.of(selection.siteProperty(), selection.layerProperty(), selection.headProperty())) {
            o.addListener(reshaped);
        }
        app.live().snapshots().addListener(snapshotsChanged);
        app.playback().indexProperty().addListener(frameInputChanged);
        selection.epochsShownProperty().addListener(frameInputChanged);
        active.addListener((o, a, b) -> {
            if (b) poll();
        });
        colorBy.addListener(coloursChanged);
        selection.clustersProperty().addListener(coloursChanged);
        app.ticker().add(poller);
    }

    /** Stops listening to the app (when the view is closed for good). */
    public void dispose() {
        generation.incrementAndGet();
        app.ticker().remove(poller);
        for (Observable o : selectionInputs) o.removeListener(selectionChanged);
        app.live().snapshots().removeListener(snapshotsChanged);
        app.playback().indexProperty().removeListener(frameInputChanged);
        selection.epochsShownProperty().removeListener(frameInputChanged);
        colorBy.removeListener(coloursChanged);
        selection.clustersProperty().removeListener(coloursChanged);
    }

    // --- settings -------------------------------------------------------------------------------------

    /** PCA (default), t-SNE or UMAP. */
    public ObjectProperty<Method> methodProperty() {
        return method;
    }

    /** 2 or 3. */
    public IntegerProperty dimsProperty() {
        return dims;
    }

    public BooleanProperty showLabelsProperty() {
        return showLabels;
    }

    /**
     * What the colours say (sentence by default). A change recolours the laid-out points on the Background without
     * laying them out again.
     */
    public ObjectProperty<ColorBy> colorByProperty() {
        return colorBy;
    }

    /** Each token's path through the snapshots up to the current one. */
    public BooleanProperty showTrajectoriesProperty() {
        return showTrajectories;
    }

    /** While false (the view is hidden) no layouts are computed; turning it on catches up. */
    public BooleanProperty activeProperty() {
        return active;
    }

    // --- outputs --------------------------------------------------------------------------------------

    /** The laid-out points and which snapshots of them are drawn now. */
    public ReadOnlyObjectProperty<ScatterFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public ScatterFrame frame() {
        return frame.get();
    }

    /** True while a layout is being computed. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Fraction of the running layout done, 0…1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "projecting (PCA)…" while a layout runs (how far: {@link #progressProperty()}), an error, or "" when idle. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What the shown layout covers of the selection (points, snapshots, what was left out). */
    public ReadOnlyObjectProperty<Coverage> coverageProperty() {
        return coverage.getReadOnlyProperty();
    }

    /** "12,345 points · 3 snapshots · K, V · 42 sentences", and what was left out and why; "" before any layout. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /**
     * The advice of an over-budget layout, taken: keeps A and B and a seeded sample of the further probes so that the
     * newest snapshot fits the method's budget. Does nothing when the layout is within budget.
     */
    public void sampleToFit() {
        Coverage c = coverage.get();
        if (!c.overBudget()) return;
        List<Integer> others = selection.extraProbes().stream().sorted().toList();
        int keep = Math.max(0, c.sentencesThatFit() - 2);
        selection.setExtraProbes(org.qkvlens.app.state.ProbeChoice.sample(others, keep, 1));
    }

    public Selection selection() {
        return selection;
    }

    /** The shared highlighted token. */
    public ObjectProperty<TokenRef> highlightedProperty() {
        return selection.highlightedProperty();
    }

    /** Highlights the token of point i of the frame's data, or clears the highlight when it is that token already. */
    public void toggleHighlight(int point) {
        TokenRef t = tokenOf(frame.get().data().point(point));
        selection.highlightedProperty().set(t.equals(selection.highlightedProperty().get()) ? null : t);
    }

    public void clearHighlight() {
        selection.highlightedProperty().set(null);
    }

    /**
     * A click in a scatter view: on data point {@code point} toggles its highlight and picks it (its nearest neighbours
     * are listed and drawn); on empty space (−1) clears both.
     */
    public void clickedPoint(int point) {
        if (point >= 0) {
            toggleHighlight(point);
            selection.pickedProperty().set(frame.get().data().point(point).key());
        } else {
            clearHighlight();
            selection.pickedProperty().set(null);
        }
    }

    static TokenRef tokenOf(Point p) {
        return TokenRef.of(p.key());
    }

    // --- requests -------------------------------------------------------------------------------------

    /**
     * Once per frame (the app's ticker): publishes progress; starts a layout when inputs changed and none runs; when
     * the selection changed under a running layout, cancels it (the next starts once it has stopped: one layout at a
     * time per model, as a Projector wants).
     */
    void poll() {
        if (running) {
            progress.set(reported);            // the status stays: the views redraw the whole plot when it changes
            if (selectionDirty && !cancelling) {
                generation.incrementAndGet();          // the running layout now sees cancelled() and its result is dropped
                cancelling = true;
            }
            return;
        }
        if (!active.get()) return;
        if (selectionDirty || dataDirty) start();
        else if (!recolouring && !colouredWith.sameAs(wantedColours())) recolour();
    }

    /** The colouring asked for now: the clusters matter only to colour by cluster, the snapshots only to entropy. */
    private Colours wantedColours() {
        ColorBy by = colorBy.get();
        return new Colours(by, by == ColorBy.CLUSTER ? selection.clustersProperty().get() : null,
                by == ColorBy.ENTROPY ? app.live().snapshotList() : List.of());
    }

    /** Recolours the shown data on the Background; the layout stays. A newer layout or recolour makes the result stale. */
    private void recolour() {
        Colours c = wantedColours();
        ScatterData d = data;
        long g = recolourGeneration.incrementAndGet();
        recolouring = true;
        app.background().run(() -> c.apply(d), nd -> {
            recolouring = false;
            askForFrame();
            if (g != recolourGeneration.get() || d != data) return;
            data = nd;
            colouredWith = c;
            updateFrame();
        }, e -> {
            recolouring = false;
            colouredWith = c;                          // do not retry in every frame; the status says what went wrong
            status.set("colouring failed: " + e.getMessage());
        });
    }

    private void start() {
        selectionDirty = false;
        dataDirty = false;
        cancelling = false;
        long g = generation.incrementAndGet();
        running = true;
        reported = 0;
        busy.set(true);
        progress.set(0);
        status.set("projecting (" + method.get() + ")…");
        Request r = request();
        Colours colours = wantedColours();
        Layout prev = previous.get(r.method);
        Progress p = new Progress() {
            @Override
            public void report(double fraction) {
                reported = fraction;
                askForFrame();
            }

            @Override
            public boolean cancelled() {
                return generation.get() != g;
            }
        };
        app.background().run(() -> colours.apply(compute(r, layouts, prev, p)), d -> finished(g, d, colours), e -> failed(g, e));
    }

    private void finished(long g, ScatterData d, Colours colours) {
        running = false;
        askForFrame();                                 // a layout that is due starts at the next frame
        if (g != generation.get()) {                   // cancelled: the next layout starts at the next frame
            busy.set(selectionDirty || dataDirty);
            return;
        }
        busy.set(false);
        progress.set(1);
        status.set("");
        data = d;
        colouredWith = colours;
        recolourGeneration.incrementAndGet();          // a recolour of the old data is stale
        coverage.set(d.coverage());
        summary.set(d.coverage() == Coverage.NONE ? "" : d.coverage().summary(d.kinds()));
        if (d.layout() != null) previous.put(d.method(), d.layout());
        updateFrame();
    }

    private void failed(long g, Throwable e) {
        running = false;
        askForFrame();
        if (g != generation.get()) {
            busy.set(selectionDirty || dataDirty);
            return;
        }
        busy.set(false);
        status.set(e instanceof CancellationException ? "" : "projection failed: " + e.getMessage());
    }

    /** Something changed: the ticker runs {@link #poll()} at the next frame (it sleeps while nothing does). */
    private void askForFrame() {
        app.ticker().requestFrame();
    }

    private void updateFrame() {
        int[] shown = ShownSnapshots.shown(selection.epochsShownProperty().get(), data.fitted, data.epochOf,
                app.playback().index());
        ScatterFrame f = new ScatterFrame(data, shown);
        if (!f.sameAs(frame.get())) frame.set(f);
    }

    /** Everything a layout needs, read on the FX thread. */
    record Request(List<Snapshot> snapshots, List<ScatterData.Sentence> sentences, Site site, int layer, int head,
                   int heads, List<Kind> kinds, Method method, int dims) {
    }

    private Request request() {
        RunInfo info = app.live().info();
        Site site = selection.site();
        boolean encoder = site.isEncoder();
        int heads = Math.max(1, info.heads(encoder));
        int head = selection.head() < heads ? selection.head() : -1;
        List<Integer> probes = selection.shownProbes();
        List<ScatterData.Sentence> sentences = new ArrayList<>();
        int a = selection.sentenceAProperty().get(), b = selection.sentenceBProperty().get();
        for (int p : probes) {
            String role = p == a && p == b ? "A = B" : p == a ? "A" : p == b ? "B" : "";
            sentences.add(new ScatterData.Sentence(p, role, probeText(info, p)));
        }
        List<Kind> kinds = Kind.VECTORS.stream().filter(selection.kinds()::contains).toList();
        return new Request(app.live().snapshotList(), sentences, site, selection.layer(), head, heads, kinds, method.get(),
                dims.get());
    }

    private static String probeText(RunInfo info, int probe) {
        for (RunRecord.ProbeInfo p : info.probes()) if (p.index() == probe) return p.text();
        return "probe " + probe;
    }

    /** Collects the points of the snapshots to lay out and lays them out (background thread). */
    static ScatterData compute(Request r, LayoutFunction layouts, Layout previous, Progress progress)
            throws Exception {
        int n = r.snapshots().size();
        List<Integer> probes = r.sentences().stream().map(ScatterData.Sentence::probe).toList();
        List<List<Point>> bySnapshot = new ArrayList<>(n);
        int[] counts = new int[n];
        boolean[] ends = new boolean[n];
        for (int s = 0; s < n; s++) {
            if (progress.cancelled()) throw new CancellationException();
            List<Point> pts = Points.collect(r.snapshots(), new int[] {s}, probes, r.site(), r.layer(), r.kinds(), r.head(), r.heads());
            bySnapshot.add(pts);
            counts[s] = pts.size();
            ends[s] = r.snapshots().get(s).endOfEpoch();
        }
        int budget = budget(r.method());
        int[] fit = java.util.Arrays.stream(ShownSnapshots.fitSet(counts, ends, budget))
                .filter(s -> counts[s] > 0).toArray();
        int newest = -1;
        for (int s = 0; s < n; s++) if (counts[s] > 0) newest = s;
        if (total(counts, fit) > budget) fit = newest >= 0 && counts[newest] <= budget ? new int[] {newest} : new int[0];
        List<Point> points = new ArrayList<>();
        for (int s : fit) points.addAll(bySnapshot.get(s));
        Coverage coverage = new Coverage(r.method(), points.size(), fit.length, (int) total(counts, null),
                (int) java.util.Arrays.stream(counts).filter(c -> c > 0).count(), newest < 0 ? 0 : counts[newest],
                r.sentences().size(), budget);
        if (points.isEmpty()) {
            return ScatterData.empty(r.method(), r.dims(), r.site(), r.layer(), r.head(), r.kinds(), r.sentences(),
                    r.snapshots(), coverage);
        }
        Layout layout = layouts.layout(points, r.method(), r.dims(), previous, progress);
        if (progress.cancelled()) throw new CancellationException();
        return ScatterData.of(layout, r.site(), r.layer(), r.head(), r.kinds(), r.sentences(), r.snapshots(), points, fit,
                coverage);
    }

    /** Points of the snapshots {@code which} (all when null). */
    private static long total(int[] counts, int[] which) {
        long t = 0;
        if (which == null) for (int c : counts) t += c;
        else for (int s : which) t += counts[s];
        return t;
    }
}
