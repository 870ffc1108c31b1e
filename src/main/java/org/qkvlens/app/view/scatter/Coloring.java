package org.qkvlens.app.view.scatter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qkvlens.app.figure.Palette;
import org.qkvlens.app.state.PointClusters;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.projection.PointKey;

/**
 * The colour of every point of a {@link ScatterData} under one {@link ColorBy}, as colour slots (see
 * {@link ScatterStyle#color}), the value behind each colour (for the CSV export and tooltips) and the legend's entries.
 * <ul>
 * <li>Categorical (word, kind, cluster, position with at most {@link #CATEGORIES} positions): the {@link #CATEGORIES}
 * most frequent values over all laid-out points get the palette's colours (most frequent first; ties: the value seen
 * first), every other value the grey "other" slot.</li>
 * <li>Continuous (epoch, position beyond that, attention entropy): {@link ScatterStyle#RAMP} steps of a viridis ramp
 * over the values' range; the legend shows a colour bar with the range.</li>
 * <li>Sentence: the slots the data was built with (A, B, further probes), the legend's sentence rows.</li>
 * </ul>
 * Attention entropy is −Σ w log w (nats) of the query position's attention row at the scatter's site, layer and head;
 * with all heads, of the mean of the heads' rows (what the attention view shows). Points that are not queries, or
 * whose snapshot holds no attention, get no value and the grey slot. Cluster reads the selection's clusters; points it
 * did not cluster (other snapshots than the playback's) are grey "not clustered". Pure; built off the FX thread.
 */
public record Coloring(ColorBy by, int[] slot, String[] text, List<Entry> entries, double min, double max, boolean continuous) {

    /** Categorical values with a colour of their own; the rest share the grey. */
    public static final int CATEGORIES = 8;

    /** A legend row: its slot, its label and how many laid-out points have it. */
    public record Entry(int slot, String label, int count) {
    }

    /** The value behind point i's colour, as the CSV writes it ("" for none). */
    public String valueText(int i) {
        return text[i] == null ? "" : text[i];
    }

    /** The colour of {@code by} for the points of {@code d}; {@code snapshots} are the run's (for entropy). */
    public static Coloring of(ScatterData d, ColorBy by, PointClusters clusters, List<Snapshot> snapshots) {
        int n = d.size;
        return switch (by) {
            case SENTENCE -> sentence(d);
            case WORD -> categorical(by, n, i -> d.points[i].token());
            case KIND -> categorical(by, n, i -> d.points[i].key().kind().id());
            case CLUSTER -> categorical(by, n, i -> {
                int c = clusters.of(d.points[i].key());
                return c == -2 ? null : PointClusters.label(c);
            });
            case POSITION -> {
                long distinct = Arrays.stream(d.points, 0, n).mapToInt(p -> p.key().position()).distinct().count();
                yield distinct <= CATEGORIES ? categorical(by, n, i -> String.valueOf(d.points[i].key().position()))
                        : continuous(by, n, i -> d.points[i].key().position());
            }
            case EPOCH -> continuous(by, n, i -> d.points[i].epoch());
            case ENTROPY -> {
                AttentionOf attention = new AttentionOf(d, snapshots);
                yield continuous(by, n, i -> entropy(d, i, attention));
            }
        };
    }

    private static Coloring sentence(ScatterData d) {
        String[] text = new String[d.size];
        for (int i = 0; i < d.size; i++) text[i] = String.valueOf(d.points[i].key().probe());
        List<Entry> entries = new ArrayList<>();
        for (ScatterLegend.Row r : ScatterLegend.rows(d)) entries.add(new Entry(r.slot(), r.text(), 0));
        return new Coloring(ColorBy.SENTENCE, d.sentenceSlot.clone(), text, entries, Double.NaN, Double.NaN, false);
    }

    private static Coloring categorical(ColorBy by, int n, java.util.function.IntFunction<String> value) {
        String[] text = new String[n];
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            text[i] = value.apply(i);
            if (text[i] != null) counts.merge(text[i], 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> order = new ArrayList<>(counts.entrySet());
        order.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));   // stable: ties keep first-seen order
        Map<String, Integer> slotOf = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        int other = 0;
        for (int c = 0; c < order.size(); c++) {    // the c-th most frequent takes slot c: A's blue, B's vermillion, …
            if (c < CATEGORIES) {
                slotOf.put(order.get(c).getKey(), c);
                entries.add(new Entry(c, order.get(c).getKey(), order.get(c).getValue()));
            } else {
                other += order.get(c).getValue();
            }
        }
        int none = 0;
        int[] slot = new int[n];
        for (int i = 0; i < n; i++) {
            if (text[i] == null) none++;
            slot[i] = text[i] == null ? Palette.OTHERS_SLOT : slotOf.getOrDefault(text[i], Palette.OTHERS_SLOT);
        }
        if (other > 0) {
            entries.add(new Entry(Palette.OTHERS_SLOT, String.format(Locale.ROOT, "other (%d more)", order.size() - CATEGORIES), other));
        }
        if (none > 0) entries.add(new Entry(Palette.OTHERS_SLOT, by == ColorBy.CLUSTER ? "not clustered" : "no value", none));
        return new Coloring(by, slot, text, entries, Double.NaN, Double.NaN, false);
    }

    private static Coloring continuous(ColorBy by, int n, java.util.function.IntToDoubleFunction value) {
        double[] v = new double[n];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int none = 0;
        for (int i = 0; i < n; i++) {
            v[i] = value.applyAsDouble(i);
            if (Double.isNaN(v[i])) {
                none++;
                continue;
            }
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        int[] slot = new int[n];
        String[] text = new String[n];
        boolean whole = by != ColorBy.ENTROPY;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                slot[i] = Palette.OTHERS_SLOT;
                continue;
            }
            double t = hi > lo ? (v[i] - lo) / (hi - lo) : 0.5;
            slot[i] = ScatterStyle.RAMP_BASE + (int) Math.min(ScatterStyle.RAMP - 1, Math.floor(t * ScatterStyle.RAMP));
            text[i] = whole ? String.valueOf((long) v[i]) : String.format(Locale.ROOT, "%.4f", v[i]);
        }
        List<Entry> entries = none > 0 ? List.of(new Entry(Palette.OTHERS_SLOT, by == ColorBy.ENTROPY ? "not a query" : "no value", none))
                : List.of();
        if (lo > hi) {          // no value at all
            lo = Double.NaN;
            hi = Double.NaN;
        }
        return new Coloring(by, slot, text, entries, lo, hi, true);
    }

    /**
     * The attention array of a point's probe and snapshot, the last one kept: points come grouped by snapshot and probe,
     * so a sentence's positions find it once (a lookup scans the snapshot's probes and may read the array from disk).
     */
    private static final class AttentionOf {
        private final ScatterData d;
        private final List<Snapshot> snapshots;
        private int snapshot = -1, probe = -1;
        private Tensor last;

        AttentionOf(ScatterData d, List<Snapshot> snapshots) {
            this.d = d;
            this.snapshots = snapshots;
        }

        Tensor of(PointKey k) {
            if (k.snapshot() != snapshot || k.probe() != probe) {
                snapshot = k.snapshot();
                probe = k.probe();
                ProbeCapture c = snapshots.get(snapshot).probe(probe);
                last = c == null ? null : c.array(new ArrayKey(d.site, d.layer, Kind.ATTENTION));
            }
            return last;
        }
    }

    /** Entropy of point i's attention row (queries only), or NaN. */
    private static double entropy(ScatterData d, int i, AttentionOf attention) {
        PointKey k = d.points[i].key();
        if (k.kind() != Kind.Q || !d.site.isAttention() || k.snapshot() < 0 || k.snapshot() >= attention.snapshots.size()) {
            return Double.NaN;
        }
        Tensor t = attention.of(k);
        if (t == null) return Double.NaN;
        int heads = t.dim(0), q = t.dim(1), keys = t.dim(2);
        if (k.position() >= q || d.head >= heads) return Double.NaN;
        float[] data = t.data();
        int from = d.head < 0 ? 0 : d.head, to = d.head < 0 ? heads : d.head + 1;
        double h = 0;
        for (int j = 0; j < keys; j++) {
            double w = 0;
            for (int hi = from; hi < to; hi++) w += data[(hi * q + k.position()) * keys + j];
            w /= to - from;
            if (w > 0) h -= w * Math.log(w);
        }
        return h;
    }
}
