package org.qkvlens.app.view;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import org.qkvlens.analysis.ClusterAnalysis;
import org.qkvlens.analysis.ClusterContents;
import org.qkvlens.analysis.ClusterQuery;
import org.qkvlens.analysis.ClusterReport;
import org.qkvlens.app.figure.AnalysisFigure;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.PointClusters;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.PointKey;
import org.qkvlens.projection.Points;
import org.qkvlens.session.RunRecord;

/**
 * The view-model of the Clusters tab: clusters the vectors the scatter shows (the selection's site, layer, head and
 * kinds, probes A, B and the further ones) in their original space with {@link ClusterAnalysis}, one snapshot at a
 * time on the app's Background, the playback's snapshot first, then the others newest first, and publishes:
 * <ul>
 * <li>{@link #figureProperty()}: per epoch (end-of-epoch snapshots clustered so far) the NMIs and mean cosines, with
 * a marker at the playback's epoch;</li>
 * <li>{@link #rowsProperty()}: the playback snapshot's clusters (size, top words, positions, sentences);</li>
 * <li>the same snapshot's assignments into {@link Selection#clustersProperty()} (colour by cluster, members table).</li>
 * </ul>
 * A selection change cancels the running analysis and drops every result. The history (other snapshots) is only
 * computed while {@link #activeProperty()} is true (the tab is shown); the playback's snapshot always, since other
 * views read its clusters. Silhouette and DBSCAN run on a seeded sample of {@link #SETTINGS}' size, which the status
 * says. FX thread only; coalesced to one check per frame through the app's ticker.
 */
public final class ClustersModel {
    /** The analysis settings of the app: {@code analyze}'s, with a sample of 1,000 so 1,000 probes stay responsive. */
    public static final ClusterAnalysis.Settings SETTINGS = new ClusterAnalysis.Settings(2, 12, 1000, 2, 100, 5, 1234);
    /** Labels per cluster in the table. */
    static final int TOP = 4;

    /** One row of the table, as text. */
    public record Row(int id, int size, String words, String positions, String sentences) {
    }

    /** What the analysis of one snapshot leaves for the views. */
    record Result(int snapshot, ClusterReport report, List<Row> rows, PointClusters clusters) {
    }

    /** Everything that decides what is clustered; a change drops all results. */
    record Query(ClusterQuery query, List<Integer> probes) {
    }

    private final AppModel app;
    private final Selection selection;
    private final ReadOnlyObjectWrapper<AnalysisFigure> figure = new ReadOnlyObjectWrapper<>(this, "figure", AnalysisFigure.EMPTY);
    private final ReadOnlyObjectWrapper<List<Row>> rows = new ReadOnlyObjectWrapper<>(this, "rows", List.of());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", false);

    private final Map<Integer, Result> results = new HashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private Query query;
    private boolean dirty = true;
    private boolean running;
    private final Runnable poller = this::poll;
    private final InvalidationListener changed = o -> {
        dirty = true;
        askForFrame();
    };
    private final List<Observable> inputs;
    private final ListChangeListener<Snapshot> snapshotsChanged = c -> {
        while (c.next()) {
            if (c.wasRemoved()) {                       // a new run or file: the indices mean other snapshots
                generation.incrementAndGet();
                results.clear();
                query = null;
            }
        }
        dirty = true;
        askForFrame();
    };

    private void askForFrame() {
        app.ticker().requestFrame();
    }

    public ClustersModel(AppModel app) {
        this.app = app;
        this.selection = app.selection();
        inputs = List.of(selection.siteProperty(), selection.layerProperty(), selection.headProperty(), selection.kinds(),
                selection.sentenceAProperty(), selection.sentenceBProperty(), selection.extraProbes(), app.live().infoProperty(),
                app.playback().indexProperty(), active);
        for (Observable o : inputs) o.addListener(changed);
        app.live().snapshots().addListener(snapshotsChanged);
        app.ticker().add(poller);
    }

    /** Stops listening to the app. */
    public void dispose() {
        generation.incrementAndGet();
        app.ticker().remove(poller);
        for (Observable o : inputs) o.removeListener(changed);
        app.live().snapshots().removeListener(snapshotsChanged);
    }

    /** The chart: NMIs and cosines per epoch, marker at the playback's epoch. */
    public ReadOnlyObjectProperty<AnalysisFigure> figureProperty() {
        return figure.getReadOnlyProperty();
    }

    /** The playback snapshot's clusters; empty until computed, and while the tab is hidden. */
    public ReadOnlyObjectProperty<List<Row>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** What was clustered and how (sample, k, DBSCAN), and how far the history is. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True while the tab is shown: then every snapshot is clustered, else only the playback's. */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** The report of the playback's snapshot, or null when not computed (yet). */
    public ClusterReport currentReport() {
        Result r = results.get(app.playback().index());
        return r == null ? null : r.report();
    }

    // --- work ------------------------------------------------------------------------------------------

    /** Once per frame when something changed: takes a new query, publishes, starts the next snapshot's analysis. */
    void poll() {
        if (!dirty) return;
        dirty = false;
        Query q = query();
        if (!q.equals(query)) {
            generation.incrementAndGet();               // the running analysis sees it and stops; its result is dropped
            results.clear();
            query = q;
            running = false;
        }
        publish();
        if (!running) startNext();
    }

    private Query query() {
        RunInfo info = app.live().info();
        boolean encoder = selection.site().isEncoder();
        int heads = Math.max(1, info.heads(encoder));
        int head = selection.head() < heads ? selection.head() : -1;
        List<Kind> kinds = Kind.VECTORS.stream().filter(selection.kinds()::contains).toList();
        return new Query(kinds.isEmpty() ? null : new ClusterQuery(selection.site(), selection.layer(), head, heads, kinds),
                selection.shownProbes());
    }

    /** The next snapshot to cluster: the playback's, then (while active) the newest not done yet; −1 when none. */
    private int next() {
        int n = app.live().snapshots().size();
        if (n == 0 || query.query() == null) return -1;
        int current = Math.min(app.playback().index(), n - 1);
        if (!results.containsKey(current)) return current;
        if (!active.get()) return -1;
        for (int s = n - 1; s >= 0; s--) {
            if (!results.containsKey(s) && app.live().snapshots().get(s).endOfEpoch()) return s;
        }
        return -1;
    }

    private void startNext() {
        int s = next();
        if (s < 0) {
            busy.set(false);
            return;
        }
        running = true;
        busy.set(true);
        long g = generation.get();
        Snapshot snapshot = app.live().snapshots().get(s);
        Query q = query;
        Map<Integer, String> texts = app.live().info().probes().stream()
                .collect(Collectors.toMap(RunRecord.ProbeInfo::index, RunRecord.ProbeInfo::text, (a, b) -> a));
        app.background().run(() -> compute(s, snapshot, q, texts, () -> generation.get() != g),
                r -> finished(g, r), e -> failed(g, e));
    }

    private void finished(long g, Result r) {
        if (g != generation.get()) return;             // stale: the poll that changed the query started the next one
        running = false;
        results.put(r.snapshot(), r);
        dirty = true;
        app.ticker().requestFrame();
    }

    private void failed(long g, Throwable e) {
        if (g != generation.get()) return;
        running = false;
        busy.set(false);
        if (!(e instanceof CancellationException)) status.set("clustering failed: " + e.getMessage());
    }

    /** Background: clusters one snapshot and turns the result into what the views read. */
    static Result compute(int index, Snapshot s, Query q, Map<Integer, String> texts, java.util.function.BooleanSupplier cancelled) {
        ClusterAnalysis.Clustering c = ClusterAnalysis.cluster(s, q.query(), q.probes(), SETTINGS, cancelled);
        if (c.labels() == null) return new Result(index, c.report(), List.of(), PointClusters.NONE);
        var v = c.vectors();
        List<Row> rows = new ArrayList<>();
        for (ClusterContents.Row r : ClusterContents.of(v, c.labels(), TOP)) {
            rows.add(new Row(r.id(), r.size(), counts(r.words(), x -> x), counts(r.positions(), x -> x),
                    counts(r.sentences(), p -> "“" + texts.getOrDefault(Integer.parseInt(p), "probe " + p) + "”")));
        }
        Map<PointKey, Integer> of = new HashMap<>();
        List<Kind> kinds = q.query().kinds();
        for (int i = 0; i < v.size(); i++) {
            Kind k = kinds.get(v.kind()[i]);
            of.put(new PointKey(v.sentence()[i], Points.decoderSide(q.query().site(), k), v.position()[i], k, index), c.labels()[i]);
        }
        return new Result(index, c.report(), rows, new PointClusters("k-means, k = " + c.report().kmeans().k(), c.report().kmeans().k(), of));
    }

    private static String counts(List<ClusterContents.Count> counts, java.util.function.UnaryOperator<String> name) {
        return counts.stream().map(x -> name.apply(x.label()) + " ×" + x.count()).collect(Collectors.joining(", "));
    }

    /** Figure, table, status and the shared clusters from the results so far. */
    private void publish() {
        int n = app.live().snapshots().size();
        int current = Math.min(app.playback().index(), n - 1);
        Snapshot cur = current >= 0 ? app.live().snapshots().get(current) : null;
        List<ClusterReport> reports = new ArrayList<>();
        for (Result r : results.values()) if (app.live().snapshots().get(r.snapshot()).endOfEpoch()) reports.add(r.report());
        String title = query == null || query.query() == null ? "" : AnalysisFigure.title(query.query(), query.probes().size());
        Result now = results.get(current);
        figure.set(new AnalysisFigure(title, now == null ? "" : AnalysisFigure.note(now.report()), reports, cur == null ? -1 : cur.epoch()));
        List<Row> shownRows = now == null || !active.get() ? List.of() : now.rows();   // a hidden table is not refilled
        if (!shownRows.equals(rows.get())) rows.set(shownRows);
        selection.clustersProperty().set(now == null ? PointClusters.NONE : now.clusters());
        long epochs = app.live().snapshots().stream().filter(Snapshot::endOfEpoch).count();
        String progress = query == null || query.query() == null ? "choose a kind to cluster"
                : now == null ? "clustering " + (cur == null ? "" : label(cur)) + "…"
                : reports.size() < epochs && active.get() ? String.format(Locale.ROOT, "%d of %d epochs clustered…", reports.size(), epochs)
                : "";
        String note = now == null ? "" : AnalysisFigure.note(now.report());
        status.set(n == 0 ? "no snapshot yet" : progress.isEmpty() ? note : note.isEmpty() ? progress : note + " · " + progress);
    }

    private static String label(Snapshot s) {
        return s.endOfEpoch() ? "epoch " + s.epoch() : "epoch " + s.epoch() + ", step " + s.step();
    }
}
