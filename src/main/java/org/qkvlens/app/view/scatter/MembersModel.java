package org.qkvlens.app.view.scatter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.qkvlens.app.figure.Csv;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.PointClusters;
import org.qkvlens.app.state.Selection;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;

/**
 * The view-model of the Members tab: one row per selected point ({@link Selection#selectedPointsProperty()}) with what
 * the scatter knows of it (token, sentence, position, kind, epoch, norm) and its cluster
 * ({@link Selection#clustersProperty()}, blank when not clustered), a summary line, and the rows as TSV (copy) and
 * CSV (export). Rows are looked up in the scatters' laid-out points (the first model that has them) on
 * {@link Background}, a stale result dropped. FX thread. Leaves out sorting (the table sorts what it shows).
 */
public final class MembersModel {
    /** One selected point. {@code cluster}: −2 not clustered, −1 noise, else the cluster. */
    public record Member(PointKey key, String token, int probe, String sentence, int position, String kind, int epoch,
                         double norm, int cluster) {
        /** The cluster as shown: blank when not clustered. */
        public String clusterText() {
            return PointClusters.label(cluster);
        }

        /** "source" or "decoder". */
        public String side() {
            return key.decoder() ? "decoder" : "source";
        }
    }

    private final Selection selection;
    private final List<ScatterModel> scatters;
    private final Background background;
    private final ObservableList<Member> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private long generation;

    /** Rows of the points selected in {@code scatters} (looked up in that order). */
    public MembersModel(Selection selection, List<ScatterModel> scatters, Background background) {
        this.selection = selection;
        this.scatters = List.copyOf(scatters);
        this.background = background;
        InvalidationListener changed = o -> refresh();
        selection.selectedPointsProperty().addListener(changed);
        selection.clustersProperty().addListener(changed);
        for (ScatterModel m : scatters) m.frameProperty().addListener(changed);
        refresh();
    }

    /** The selected points' rows (read-only). */
    public ObservableList<Member> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** "143 points · 37 words · 12 sentences · epochs 10–30", or how to select when nothing is. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    private void refresh() {
        long g = ++generation;
        Set<PointKey> keys = selection.selectedPointsProperty().get();
        PointClusters clusters = selection.clustersProperty().get();
        List<ScatterData> data = scatters.stream().map(m -> m.frame().data()).toList();
        if (keys.isEmpty()) {
            show(g, List.of());
            return;
        }
        background.run(() -> members(keys, data, clusters), r -> show(g, r), e -> show(g, List.of()));
    }

    private void show(long g, List<Member> r) {
        if (g != generation) return;
        rows.setAll(r);
        summary.set(summary(r));
    }

    /** The rows of {@code keys} found in {@code data} (the first data that has a key wins), in data order. Any thread. */
    static List<Member> members(Set<PointKey> keys, List<ScatterData> data, PointClusters clusters) {
        List<Member> out = new ArrayList<>();
        Set<PointKey> left = new HashSet<>(keys);
        for (ScatterData d : data) {
            for (int i = 0; i < d.size && !left.isEmpty(); i++) {
                Point p = d.points[i];
                if (!left.remove(p.key())) continue;
                PointKey k = p.key();
                ScatterData.Sentence s = d.sentenceOfProbe.get(k.probe());
                out.add(new Member(k, p.token(), k.probe(), s == null ? "" : s.text(), k.position(), k.kind().id(), p.epoch(),
                        d.norm[i], clusters.of(k)));
            }
        }
        return out;
    }

    /** The summary line of {@code rows}. */
    static String summary(List<Member> rows) {
        if (rows.isEmpty()) return "No points selected: Shift+drag (box) or Alt+drag (lasso) in the 2D scatter, Shift+click in 3D.";
        Set<String> words = new HashSet<>();
        Set<Integer> sentences = new HashSet<>();
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        for (Member m : rows) {
            words.add(m.token());
            sentences.add(m.probe());
            lo = Math.min(lo, m.epoch());
            hi = Math.max(hi, m.epoch());
        }
        return count(rows.size(), "point") + " · " + count(words.size(), "word") + " · " + count(sentences.size(), "sentence")
                + " · " + (lo == hi ? "epoch " + lo : "epochs " + lo + "\u2013" + hi);
    }

    private static String count(int n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static final String[] HEADER = {"token", "probe", "sentence", "side", "position", "kind", "epoch", "norm", "cluster"};

    private static String[] fields(Member m) {
        return new String[] {m.token(), Integer.toString(m.probe()), m.sentence(), m.side(), Integer.toString(m.position()),
                m.kind(), Integer.toString(m.epoch()), String.format(Locale.ROOT, "%.6f", m.norm()), m.clusterText()};
    }

    /** The rows as CSV (RFC 4180 quoting), with a header line. */
    public static String csv(List<Member> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (Member m : rows) {
            String[] f = fields(m);
            for (int i = 0; i < f.length; i++) sb.append(i == 0 ? "" : ",").append(Csv.quote(f[i]));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The rows as tab-separated text for the clipboard, with a header line (tabs and line breaks in fields become spaces). */
    public static String tsv(List<Member> rows) {
        StringBuilder sb = new StringBuilder(String.join("\t", HEADER)).append('\n');
        for (Member m : rows) {
            String[] f = fields(m);
            for (int i = 0; i < f.length; i++) sb.append(i == 0 ? "" : "\t").append(f[i].replaceAll("[\t\r\n]", " "));
            sb.append('\n');
        }
        return sb.toString();
    }
}
