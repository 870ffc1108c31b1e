package org.qkvlens.app.view.scatter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.app.figure.Palette;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;

/**
 * One laid-out point set, immutable: every point of the laid-out snapshots (not only the ones drawn now), its position,
 * and what the views need to draw it fast — flat arrays indexed by point, tracks (one token and kind through the
 * snapshots) with a dense "point of track t at snapshot s" table, the sentences of the legend and the bounds of all
 * positions (so the picture does not rescale while the playback position moves). Built off the FX thread.
 *
 * <p>Arrays are package-private and must not be changed; positions are stored with stride 3 ({@code z = 0} in 2D).
 */
public final class ScatterData {

    /**
     * A sentence of the legend: probe index, role ("A", "B", "A = B" or "" for further probes), text. Its colour slot:
     * A 0, B 1, further probes {@link Palette#furtherSlot}.
     */
    public record Sentence(int probe, String role, String text) {
    }

    public static final ScatterData EMPTY = new ScatterData(null, Method.PCA, 2, Site.DEC_CROSS, 0, -1, List.of(), List.of(),
            List.of(), List.of(), new int[0], Coverage.NONE);

    final Layout layout;
    final Method method;
    final int dims;
    final Site site;
    final int layer;
    final int head;
    final List<Kind> kinds;
    final List<Sentence> sentences;
    final Coverage coverage;
    /** The legend's sentence of each probe. */
    final Map<Integer, Sentence> sentenceOfProbe;

    // the run's snapshots, by snapshot index
    final int[] epochOf;
    final long[] stepOf;
    final boolean[] endOfEpoch;
    /** The laid-out snapshots, ascending, and each run snapshot's position among them (−1: not laid out). */
    final int[] fitted;
    final int[] fittedOrdinal;

    // by point
    final int size;
    final Point[] points;
    final double[] pos;        // (size, 3)
    final int[] track;
    final int[] snapshot;
    final int[] colorSlot;
    /** The sentence colour slot of each point (A 0, B 1, …), whatever the colours say: labels favour A's and B's points. */
    final int[] sentenceSlot;
    final double[] norm;
    /** What the colours say (null: by sentence, as built; see {@link #recoloured}). */
    final Coloring coloring;

    // by track
    final PointKey[] trackKeys;
    final int[] pointAt;       // (tracks, fitted.length), −1 where the track has no point

    final double[] min = new double[3];
    final double[] max = new double[3];

    private ScatterData(Layout layout, Method method, int dims, Site site, int layer, int head, List<Kind> kinds,
                        List<Sentence> sentences, List<Snapshot> runSnapshots, List<Point> pts, int[] fitted,
                        Coverage coverage) {
        this.coverage = coverage;
        this.layout = layout;
        this.method = method;
        this.dims = dims;
        this.site = site;
        this.layer = layer;
        this.head = head;
        this.kinds = List.copyOf(kinds);
        this.sentences = List.copyOf(sentences);
        int s = runSnapshots.size();
        epochOf = new int[s];
        stepOf = new long[s];
        endOfEpoch = new boolean[s];
        for (int i = 0; i < s; i++) {
            epochOf[i] = runSnapshots.get(i).epoch();
            stepOf[i] = runSnapshots.get(i).step();
            endOfEpoch[i] = runSnapshots.get(i).endOfEpoch();
        }
        this.fitted = fitted.clone();
        fittedOrdinal = new int[s];
        Arrays.fill(fittedOrdinal, -1);
        for (int i = 0; i < fitted.length; i++) fittedOrdinal[fitted[i]] = i;

        size = pts.size();
        points = pts.toArray(new Point[0]);
        pos = new double[size * 3];
        track = new int[size];
        snapshot = new int[size];
        colorSlot = new int[size];
        norm = new double[size];
        Map<PointKey, double[]> at = layout == null ? Map.of() : layout.byKey();
        Map<PointKey, Integer> trackIds = new HashMap<>();
        List<PointKey> trackList = new ArrayList<>();
        Map<Integer, Integer> slotOfProbe = new HashMap<>();
        sentenceOfProbe = new HashMap<>();
        int others = (int) this.sentences.stream().filter(x -> x.role().isEmpty()).count(), ordinal = 0;
        for (Sentence x : this.sentences) {
            int slot = x.role().equals("B") ? 1 : !x.role().isEmpty() ? 0 : Palette.furtherSlot(ordinal++, others);
            slotOfProbe.putIfAbsent(x.probe(), slot);
            sentenceOfProbe.putIfAbsent(x.probe(), x);
        }
        for (int i = 0; i < size; i++) {
            PointKey key = points[i].key();
            double[] p = at.get(key);
            if (p == null) throw new IllegalArgumentException("the layout has no position for " + key);
            for (int c = 0; c < Math.min(3, p.length); c++) pos[i * 3 + c] = p[c];
            Integer t = trackIds.get(key.track());
            if (t == null) {
                t = trackList.size();
                trackIds.put(key.track(), t);
                trackList.add(key.track());
            }
            track[i] = t;
            snapshot[i] = key.snapshot();
            colorSlot[i] = slotOfProbe.getOrDefault(key.probe(), 0);
            norm[i] = points[i].norm();
        }
        coloring = null;
        sentenceSlot = colorSlot;
        trackKeys = trackList.toArray(new PointKey[0]);
        pointAt = new int[trackKeys.length * fitted.length];
        Arrays.fill(pointAt, -1);
        for (int i = 0; i < size; i++) pointAt[track[i] * fitted.length + fittedOrdinal[snapshot[i]]] = i;
        bounds();
    }

    /** The same points and positions with other colours: shares every array but the colour slots. */
    private ScatterData(ScatterData d, Coloring c) {
        layout = d.layout;
        method = d.method;
        dims = d.dims;
        site = d.site;
        layer = d.layer;
        head = d.head;
        kinds = d.kinds;
        sentences = d.sentences;
        coverage = d.coverage;
        sentenceOfProbe = d.sentenceOfProbe;
        epochOf = d.epochOf;
        stepOf = d.stepOf;
        endOfEpoch = d.endOfEpoch;
        fitted = d.fitted;
        fittedOrdinal = d.fittedOrdinal;
        size = d.size;
        points = d.points;
        pos = d.pos;
        track = d.track;
        snapshot = d.snapshot;
        norm = d.norm;
        trackKeys = d.trackKeys;
        pointAt = d.pointAt;
        System.arraycopy(d.min, 0, min, 0, 3);
        System.arraycopy(d.max, 0, max, 0, 3);
        if (c.slot().length != d.size) throw new IllegalArgumentException(c.slot().length + " colours for " + d.size + " points");
        colorSlot = c.slot();
        sentenceSlot = d.sentenceSlot;
        coloring = c;
    }

    /** These points coloured by {@code c} (made for this data by {@link Coloring#of}); the layout is not touched. */
    ScatterData recoloured(Coloring c) {
        return new ScatterData(this, c);
    }

    /** What the colours say: by sentence unless {@link #recoloured}. */
    public ColorBy colorBy() {
        return coloring == null ? ColorBy.SENTENCE : coloring.by();
    }

    /** The colouring, or null when by sentence as built. */
    public Coloring coloring() {
        return coloring;
    }

    /** Points and their layout; {@code fitted} are the snapshot indices the points come from, ascending. */
    static ScatterData of(Layout layout, Site site, int layer, int head, List<Kind> kinds, List<Sentence> sentences,
                          List<Snapshot> runSnapshots, List<Point> points, int[] fitted) {
        return of(layout, site, layer, head, kinds, sentences, runSnapshots, points, fitted, Coverage.NONE);
    }

    /** As above, with what the layout covers of the selection. */
    static ScatterData of(Layout layout, Site site, int layer, int head, List<Kind> kinds, List<Sentence> sentences,
                          List<Snapshot> runSnapshots, List<Point> points, int[] fitted, Coverage coverage) {
        return new ScatterData(layout, layout.method(), layout.dims(), site, layer, head, kinds, sentences, runSnapshots,
                points, fitted, coverage);
    }

    /** Nothing to draw, but the selection it stands for (for titles and legends). */
    static ScatterData empty(Method method, int dims, Site site, int layer, int head, List<Kind> kinds,
                             List<Sentence> sentences, List<Snapshot> runSnapshots, Coverage coverage) {
        return new ScatterData(null, method, dims, site, layer, head, kinds, sentences, runSnapshots, List.of(), new int[0],
                coverage);
    }

    private void bounds() {
        for (int c = 0; c < 3; c++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < size; i++) {
                lo = Math.min(lo, pos[i * 3 + c]);
                hi = Math.max(hi, pos[i * 3 + c]);
            }
            if (size == 0) {
                lo = -1;
                hi = 1;
            } else if (hi - lo < 1e-9) {
                lo -= 0.5;
                hi += 0.5;
            }
            min[c] = lo;
            max[c] = hi;
        }
    }

    /** Index of track t's point at snapshot s, or −1. */
    int pointAt(int t, int s) {
        if (s < 0 || s >= fittedOrdinal.length) return -1;
        int o = fittedOrdinal[s];
        return o < 0 ? -1 : pointAt[t * fitted.length + o];
    }

    public int size() {
        return size;
    }

    public Point point(int i) {
        return points[i];
    }

    /** Coordinate c (0…dims−1) of point i. */
    public double coordinate(int i, int c) {
        return pos[i * 3 + c];
    }

    /** The layout these positions come from (null when empty): pass it back as the next request's {@code previous}. */
    public Layout layout() {
        return layout;
    }

    /** The method the positions were actually made with (the layout's). */
    public Method method() {
        return method;
    }

    public int dims() {
        return dims;
    }

    public List<Sentence> sentences() {
        return sentences;
    }

    /** What this layout covers of the selection, and what it left out. */
    public Coverage coverage() {
        return coverage;
    }

    public List<Kind> kinds() {
        return kinds;
    }

    public Site site() {
        return site;
    }

    public int layer() {
        return layer;
    }

    /** −1: all heads concatenated. */
    public int head() {
        return head;
    }

    /** Indices of the laid-out snapshots, ascending. */
    public int[] fittedSnapshots() {
        return fitted.clone();
    }

    public int trackCount() {
        return trackKeys.length;
    }

    /** Axis c's name: PC1, t-SNE 2, UMAP 1, … */
    public String axisName(int c) {
        return switch (method) {
            case PCA -> "PC" + (c + 1);
            case TSNE -> "t-SNE " + (c + 1);
            case UMAP -> "UMAP " + (c + 1);
        };
    }

    /** What the points are, for a title: {@code decoder–encoder attention · layer 0 · all heads · K, V · PCA}. */
    public String title() {
        StringBuilder b = new StringBuilder(site.label()).append(" · layer ").append(layer).append(" · ")
                .append(head < 0 ? "all heads" : "head " + head).append(" · ");
        for (int i = 0; i < kinds.size(); i++) b.append(i == 0 ? "" : ", ").append(kinds.get(i).id());
        return b.append(" · ").append(method).toString();
    }

    /** "epoch 30" or, mid-epoch, "epoch 3, step 120", for snapshot s. */
    public String snapshotLabel(int s) {
        if (s < 0 || s >= epochOf.length) return "";
        return endOfEpoch[s] ? "epoch " + epochOf[s] : "epoch " + epochOf[s] + ", step " + stepOf[s];
    }

    public int epochOf(int s) {
        return epochOf[s];
    }
}
