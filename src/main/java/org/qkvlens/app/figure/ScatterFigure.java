package org.qkvlens.app.figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.Points;
import org.qkvlens.projection.Projector;

/**
 * A still scatter of the chosen kinds of sentences A and B in one snapshot, as the command line's {@code export --view
 * scatter} draws it: one dot per vector at its PCA position, labelled like the article ({@code apple@K@30}), coloured
 * by sentence ({@link Palette}) and shaped by kind ({@link Marker}, the app's legend), with axis titles that give each
 * principal component's share of the variance. The positions come from the app's own {@link Projector} (PCA over
 * exactly these points, no previous layout), so the app's 2D scatter of the same points shows the same picture.
 * When there is nothing to project, {@code message} says why and there are no dots. Leaves out pixels: the renderer
 * frames the points (equal units on both axes) and picks ticks with {@link Ticks}.
 */
public record ScatterFigure(String title, String subtitle, String message, List<Dot> dots, String xTitle, String yTitle,
                            List<Sentence> sentences, List<KindEntry> kinds) {

    /** One point: position in PCA units, label, colour slot (0 = A, 1 = B) and marker. */
    public record Dot(double x, double y, String label, int slot, Marker marker) {
    }

    /** A legend line for a sentence: {@code A: “we can eat apple”} in its slot's colour. */
    public record Sentence(String name, int slot) {
    }

    /** A legend line for a kind: its name and marker. */
    public record KindEntry(String name, Marker marker) {
    }

    public ScatterFigure {
        dots = List.copyOf(dots);
        sentences = List.copyOf(sentences);
        kinds = List.copyOf(kinds);
    }

    public boolean isEmpty() {
        return dots.isEmpty();
    }

    /**
     * The PCA scatter of {@code kinds} of probes {@code a} and {@code b} in snapshot {@code s} at a site, layer and head
     * (−1: all heads concatenated). Pure; any thread (it runs a PCA: not for the FX thread with many points).
     */
    public static ScatterFigure pca(Snapshot s, RunInfo info, Site site, int layer, int head, List<Kind> kinds, int a, int b) {
        boolean encoder = site.isEncoder();
        int heads = Math.max(1, info.heads(encoder));
        String kindNames = String.join(", ", kinds.stream().map(Kind::id).toList());
        String title = "PCA of " + kindNames + " vectors, sentences A and B";
        String heading = Captions.concatenatedHeads(head, heads);
        String subtitle = site.label() + " · layer " + layer + " · " + heading + " · " + Captions.epoch(s);
        List<Sentence> sentences = new ArrayList<>();
        for (int probe : new int[] {a, b}) {
            String name = probe == a ? "A" : "B";
            sentences.add(new Sentence(name + ": “" + (s.probe(probe) == null ? "–" : s.probe(probe).text()) + "”", sentences.size()));
        }
        List<KindEntry> legend = kinds.stream().map(k -> new KindEntry(k.id(), Marker.of(k))).toList();
        List<Point> points = Points.collect(List.of(s), new int[] {0}, List.of(a, b), site, layer, kinds, head, heads);
        if (points.size() < 2) {
            String message = points.isEmpty() ? "nothing to plot: no " + kindNames + " vectors of these probes at this site"
                    : "only one point: nothing to project";
            return new ScatterFigure(title, subtitle, message, List.of(), "", "", sentences, legend);
        }
        Layout layout = new Projector().project(points, Method.PCA, 2, null, null);
        double[] share = varianceShares(points, layout);
        List<Dot> dots = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double[] xy = layout.coords()[i];
            dots.add(new Dot(xy[0], xy[1], p.label(), p.key().probe() == a ? 0 : 1, Marker.of(p.key().kind())));
        }
        return new ScatterFigure(title, subtitle, null, dots,
                String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", 100 * share[0]),
                String.format(Locale.ROOT, "PC2 (%.1f%% of variance)", 100 * share[1]), sentences, legend);
    }

    /**
     * Each axis's share of the total variance: the variance of its (centred) scores over the summed variance of every
     * feature, which for principal axes is eigenvalue over trace. 0 when the points do not vary at all.
     */
    static double[] varianceShares(List<Point> points, Layout layout) {
        int n = points.size(), p = points.getFirst().vector().length;
        double total = 0;
        for (int f = 0; f < p; f++) {
            double mean = 0, sq = 0;
            for (Point pt : points) mean += pt.vector()[f];
            mean /= n;
            for (Point pt : points) sq += (pt.vector()[f] - mean) * (pt.vector()[f] - mean);
            total += sq / n;
        }
        double[] share = new double[layout.dims()];
        for (int c = 0; c < share.length; c++) {
            double sq = 0;
            for (double[] xy : layout.coords()) sq += xy[c] * xy[c];
            share[c] = total > 0 ? sq / n / total : 0;
        }
        return share;
    }
}
