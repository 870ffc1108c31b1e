package org.qkvlens.app.view.neighbours;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.qkvlens.app.figure.Csv;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.PickedNeighbours;
import org.qkvlens.app.state.Selection;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.app.view.scatter.ScatterData;
import org.qkvlens.app.view.scatter.ScatterFrame;
import org.qkvlens.neighbours.NearestNeighbours;
import org.qkvlens.neighbours.NeighbourMetric;
import org.qkvlens.neighbours.Preservation;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;

/**
 * The view-model of the Neighbours tab: the picked point's k nearest among the points of its snapshot that the
 * picture shows (every kind and probe it plots), in the original space by cosine or Euclidean distance, each marked
 * when it is also among the picked point's k nearest in the picture (the drawn positions of the same snapshot's
 * points); a headline with how many are; and a whole-picture readout, the mean share of each point's k nearest the
 * picture keeps over a seeded sample of up to {@link Preservation#SAMPLE} points of the current snapshot.
 *
 * <p>The picture is {@link #frameProperty()}, which the main window binds to the scatter on screen. When the playback
 * moves, the pick follows its token: the picked track's point at the new current snapshot becomes the picked point
 * (when the picked point was the current one, or is no longer drawn); when the track has no point there, the rows
 * are empty and {@link #statusProperty()} says why. Both searches run on the app's Background, the picked point's and
 * the readout's separately (the first takes milliseconds, the second up to seconds at 100,000 points); a newer request
 * cancels an older one, whose result is dropped. Requests are coalesced per frame through the app's ticker.
 * Publishes the neighbours to {@link Selection#neighboursProperty()} for the scatter views' lines. FX thread only.
 */
public final class NeighboursModel {
    public static final int MAX_K = 50;
    /** The readout's sample seed: the same picture gives the same figure. */
    static final long SEED = 1;

    private final AppModel app;
    private final Selection selection;
    private final ObjectProperty<ScatterFrame> frame = new SimpleObjectProperty<>(this, "frame", ScatterFrame.EMPTY);
    private final ObjectProperty<NeighbourMetric> metric = new SimpleObjectProperty<>(this, "metric", NeighbourMetric.COSINE);
    private final IntegerProperty k = new SimpleIntegerProperty(this, "k", 10);
    private final ObservableList<NeighbourRow> rows = FXCollections.observableArrayList();
    private final ObservableList<NeighbourRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper keeps = new ReadOnlyStringWrapper(this, "keeps", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

    private final AtomicLong pickGeneration = new AtomicLong();
    private final AtomicLong keepGeneration = new AtomicLong();
    private boolean pickDirty = true;
    private boolean keepDirty = true;
    /** What the readout was last started on. */
    private Object keptLayout;
    private int keptCurrent = -1;
    private int lastCurrent = -1;
    private final Runnable poller = this::poll;
    private final InvalidationListener pickChanged = o -> {
        pickDirty = true;
        askForFrame();
    };
    private final InvalidationListener settingsChanged = o -> {
        pickDirty = true;
        keepDirty = true;
        askForFrame();
    };
    private final InvalidationListener frameChanged = o -> {
        ScatterFrame f = frame.get();
        follow(f);
        pickDirty = true;
        // the readout reads the layout and the current snapshot only: a recolouring or other epochs shown leave it be
        if (f.data().layout() != keptLayout || f.current() != keptCurrent) keepDirty = true;
        askForFrame();
    };
    private final List<Observable> settings;

    public NeighboursModel(AppModel app) {
        this.app = app;
        this.selection = app.selection();
        selection.pickedProperty().addListener(pickChanged);
        settings = List.of(metric, k);
        for (Observable o : settings) o.addListener(settingsChanged);
        frame.addListener(frameChanged);
        app.ticker().add(poller);
    }

    private void askForFrame() {
        app.ticker().requestFrame();
    }

    /** Stops listening (the view closed for good); running searches are dropped. */
    public void dispose() {
        pickGeneration.incrementAndGet();
        keepGeneration.incrementAndGet();
        app.ticker().remove(poller);
        selection.pickedProperty().removeListener(pickChanged);
        for (Observable o : settings) o.removeListener(settingsChanged);
        frame.removeListener(frameChanged);
    }

    // --- inputs ---------------------------------------------------------------------------------------

    /** The picture the neighbours are looked up in and compared with: the frame of the scatter on screen. */
    public ObjectProperty<ScatterFrame> frameProperty() {
        return frame;
    }

    /** Cosine (default) or Euclidean distance in the original space. */
    public ObjectProperty<NeighbourMetric> metricProperty() {
        return metric;
    }

    /** How many neighbours, 1…{@link #MAX_K} (default 10); values outside are clamped. */
    public IntegerProperty kProperty() {
        return k;
    }

    // --- outputs --------------------------------------------------------------------------------------

    /** The picked point's neighbours, nearest first (read-only). */
    public ObservableList<NeighbourRow> rows() {
        return rowsView;
    }

    /** "7 of 10 are also neighbours in the picture (t-SNE 2D)", or "" without neighbours. */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** What is picked ("apple@K@30 · sentence A"), or why there are no neighbours. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "this picture keeps 43 % of each point's 10 nearest neighbours …", or "" before the first readout. */
    public ReadOnlyStringProperty keepsProperty() {
        return keeps.getReadOnlyProperty();
    }

    /** True while a search runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    // --- commands -------------------------------------------------------------------------------------

    /** Highlights the row's token in every view (as a click on its point would), keeping the pick. */
    public void highlight(NeighbourRow row) {
        if (row == null) return;
        PointKey key = row.key();
        selection.highlightedProperty().set(TokenRef.of(key));
    }

    /** The rows as CSV, with the headline and the metric as comments; null when there are none. */
    public String csv() {
        if (rows.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        b.append("# ").append(status.get()).append('\n').append("# ").append(headline.get()).append('\n');
        if (!keeps.get().isEmpty()) b.append("# ").append(keeps.get()).append('\n');
        b.append("rank,token,sentence,position,kind,epoch,").append(metric.get() == NeighbourMetric.COSINE ? "cosine_distance"
                : "euclidean_distance").append(",in_picture\n");
        for (NeighbourRow r : rows) {
            b.append(r.rank()).append(',').append(Csv.quote(r.token())).append(',').append(Csv.quote(r.sentence())).append(',')
                    .append(r.position()).append(',').append(r.kind().id()).append(',').append(r.epoch()).append(',')
                    .append(r.distance()).append(',').append(r.inPicture()).append('\n');
        }
        return b.toString();
    }

    // --- following the playback -------------------------------------------------------------------------

    /**
     * The pick moves with the playback: when the picked point was at the previous current snapshot, or its snapshot is
     * no longer drawn, its track's point at the new current snapshot becomes the picked point (when there is one).
     */
    private void follow(ScatterFrame f) {
        PointKey p = selection.pickedProperty().get();
        int current = f.current();
        if (p != null && current >= 0 && p.snapshot() != current
                && (p.snapshot() == lastCurrent || !contains(f.shown(), p.snapshot()))) {
            PointKey moved = p.at(current);
            if (indexOf(f.data(), moved) >= 0) selection.pickedProperty().set(moved);
        }
        lastCurrent = current;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    private static int indexOf(ScatterData d, PointKey key) {
        for (int i = 0; i < d.size(); i++) if (d.point(i).key().equals(key)) return i;
        return -1;
    }

    // --- requests -------------------------------------------------------------------------------------

    /** Once per frame (the app's ticker): starts the searches whose inputs changed, cancelling older ones. */
    void poll() {
        if (pickDirty) startPick();
        if (keepDirty) startKeep();
    }

    private int k() {
        return Math.max(1, Math.min(MAX_K, k.get()));
    }

    private void startPick() {
        pickDirty = false;
        long g = pickGeneration.incrementAndGet();
        PointKey picked = selection.pickedProperty().get();
        if (picked == null) {
            show(g, new PickResult(List.of(), "", "Click a point in the scatter: its nearest neighbours in the original space"
                    + " are listed here and drawn as lines from it.", PickedNeighbours.NONE));
            return;
        }
        ScatterFrame f = frame.get();
        NeighbourMetric m = metric.get();
        int kk = k();
        BooleanSupplier cancelled = () -> pickGeneration.get() != g;
        running++;
        updateBusy();
        String undrawn = f.current() < 0 || contains(f.shown(), picked.snapshot()) ? ""
                : "Not drawn now: the picked token has no point at " + f.data().snapshotLabel(f.current()) + ". ";
        app.background().run(() -> pick(f.data(), picked, m, kk, cancelled),
                r -> {
                    running--;
                    show(g, new PickResult(r.rows(), r.headline(), undrawn + r.status(), r.lines()));
                }, e -> {
                    running--;
                    failed(g, e);
                });
    }

    private void startKeep() {
        keepDirty = false;
        long g = keepGeneration.incrementAndGet();
        ScatterFrame f = frame.get();
        keptLayout = f.data().layout();
        keptCurrent = f.current();
        if (f.current() < 0 || f.data().size() == 0) {
            keeps.set("");
            updateBusy();
            return;
        }
        NeighbourMetric m = metric.get();
        int kk = k();
        BooleanSupplier cancelled = () -> keepGeneration.get() != g;
        keeps.set("");
        running++;
        updateBusy();
        app.background().run(() -> keeps(f.data(), f.current(), m, kk, cancelled), text -> {
            running--;
            if (g == keepGeneration.get()) keeps.set(text);
            updateBusy();
        }, e -> {
            running--;
            if (g == keepGeneration.get()) keeps.set(e instanceof CancellationException ? "" : "readout failed: " + e.getMessage());
            updateBusy();
        });
    }

    /** Searches started and not yet called back, of both kinds (a cancelled one still calls back, once). */
    private int running;

    private void updateBusy() {
        busy.set(running > 0);
    }

    /** What a pick search found: the rows, the headline, the status line and the lines to draw. */
    record PickResult(List<NeighbourRow> rows, String headline, String status, PickedNeighbours lines) {
    }

    private void show(long g, PickResult r) {
        if (g != pickGeneration.get()) {
            updateBusy();
            return;
        }
        rows.setAll(r.rows());
        headline.set(r.headline());
        status.set(r.status());
        selection.neighboursProperty().set(r.lines());
        updateBusy();
    }

    private void failed(long g, Throwable e) {
        if (g == pickGeneration.get() && !(e instanceof CancellationException)) {
            rows.clear();
            headline.set("");
            status.set("neighbours failed: " + e.getMessage());
            selection.neighboursProperty().set(PickedNeighbours.NONE);
        }
        updateBusy();
    }

    // --- the searches (background thread) -------------------------------------------------------------

    /** The points of snapshot s in the picture: their indices in the data, vectors and drawn positions. */
    record SnapshotPoints(int[] index, float[][] vectors, double[][] positions) {
        static SnapshotPoints of(ScatterData d, int s) {
            int n = 0;
            int[] idx = new int[d.size()];
            for (int i = 0; i < d.size(); i++) if (d.point(i).key().snapshot() == s) idx[n++] = i;
            idx = java.util.Arrays.copyOf(idx, n);
            float[][] v = new float[n][];
            double[][] pos = new double[n][d.dims()];
            for (int j = 0; j < n; j++) {
                v[j] = d.point(idx[j]).vector();
                for (int c = 0; c < d.dims(); c++) pos[j][c] = d.coordinate(idx[j], c);
            }
            return new SnapshotPoints(idx, v, pos);
        }
    }

    static PickResult pick(ScatterData d, PointKey picked, NeighbourMetric metric, int k, BooleanSupplier cancelled) {
        if (d.size() == 0) return none("No points are laid out yet.");
        SnapshotPoints sp = SnapshotPoints.of(d, picked.snapshot());
        int query = -1;
        for (int j = 0; j < sp.index().length && query < 0; j++) if (d.point(sp.index()[j]).key().equals(picked)) query = j;
        String epoch = d.snapshotLabel(picked.snapshot());
        if (query < 0) {
            return none(sp.index().length == 0
                    ? "The picked token has no point at " + (epoch.isEmpty() ? "this snapshot" : epoch) + ": that snapshot is not laid out."
                    : "The picked point is not among the points shown now (the site, layer, head, kinds or sentences changed)."
                    + " Click a point to pick another.");
        }
        Point p = d.point(sp.index()[query]);
        if (sp.index().length < 2) return none(p.label() + " is the only point at " + epoch + ": it has no neighbours.");
        NearestNeighbours.Ranked space = NearestNeighbours.inSpace(sp.vectors(), query, k, metric, cancelled);
        int[] layout = NearestNeighbours.inLayout(sp.positions(), query, space.size()).index();
        java.util.Arrays.sort(layout);
        Map<Integer, String> text = new HashMap<>();
        for (ScatterData.Sentence s : d.sentences()) text.putIfAbsent(s.probe(), s.text());
        List<NeighbourRow> rows = new ArrayList<>();
        List<PointKey> keys = new ArrayList<>();
        int both = 0;
        for (int r = 0; r < space.size(); r++) {
            int j = space.index()[r];
            Point q = d.point(sp.index()[j]);
            boolean inPicture = java.util.Arrays.binarySearch(layout, j) >= 0;
            if (inPicture) both++;
            rows.add(new NeighbourRow(r + 1, q.token(), text.getOrDefault(q.key().probe(), "probe " + q.key().probe()),
                    q.key().position(), q.key().kind(), q.epoch(), space.distance()[r], inPicture, q.key()));
            keys.add(q.key());
        }
        String head = both + " of " + space.size() + (both == 1 ? " is also a neighbour" : " are also neighbours") + " in the picture ("
                + d.method() + " " + d.dims() + "D)";
        String sentence = text.getOrDefault(picked.probe(), "");
        String status = p.label() + " · " + sentence + " · its " + space.size() + " nearest of "
                + String.format("%,d", sp.index().length - 1) + " other points at " + epoch + ", by " + metric + " distance";
        return new PickResult(rows, head, status, new PickedNeighbours(picked, keys));
    }

    private static PickResult none(String why) {
        return new PickResult(List.of(), "", why, PickedNeighbours.NONE);
    }

    static String keeps(ScatterData d, int snapshot, NeighbourMetric metric, int k, BooleanSupplier cancelled) {
        SnapshotPoints sp = SnapshotPoints.of(d, snapshot);
        Preservation p = Preservation.of(sp.vectors(), sp.positions(), k, metric, Preservation.SAMPLE, SEED, cancelled);
        if (p.percent() < 0) return "";
        String sampled = p.sampled() < sp.index().length
                ? String.format("; a seeded sample of %,d of the %,d points", p.sampled(), sp.index().length)
                : String.format("; all %,d points", p.sampled());
        return "this picture keeps " + p.percent() + " % of each point's " + p.k() + " nearest neighbours (" + metric
                + ", " + d.method() + " " + d.dims() + "D, " + d.snapshotLabel(snapshot) + sampled + ")";
    }
}
