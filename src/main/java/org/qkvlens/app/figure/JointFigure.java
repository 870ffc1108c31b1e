package org.qkvlens.app.figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qkvlens.joint.Faithfulness;
import org.qkvlens.joint.JointSpace;
import org.qkvlens.joint.Metric;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.Progress;
import org.qkvlens.projection.Projector;

/**
 * The joint query–key view as a value (AttentionViz's picture): the queries and keys of one head of one attention site
 * and layer at one snapshot, for the probes shown (A and B first), normalised by {@link JointSpace} and laid out
 * together in 2D; with the readout {@code rho} = Spearman(q·k, −distance in the layout), i.e. −{@link Faithfulness#of}
 * (1: close always means attended; 0: the picture says nothing about attention). Built by {@link #build} off the FX
 * thread, drawn by the app's joint view and by {@code qkv-lens export --view joint}. A budget of points per method
 * keeps a layout interactive: probes beyond it are left out whole (A and B never), and {@link #coverage} says so.
 * Leaves out drawing, picking and the attention lines (see {@link org.qkvlens.joint.AttentionLines}).
 */
public record JointFigure(JointSpace space, Layout layout, List<Point> points, double[][] xy, List<Integer> probes,
                          int probeA, int probeB, Method method, Metric metric, double rho, String caption,
                          String coverage) {

    public static final JointFigure EMPTY = new JointFigure(null, null, List.of(), new double[0][], List.of(), -1, -1,
            Method.PCA, Metric.COSINE, Double.NaN, "", "");

    public JointFigure {
        points = List.copyOf(points);
        probes = List.copyOf(probes);
    }

    /** Everything a figure needs; {@code probes} in the order they are kept under the budget (A and B first). */
    public record Request(Snapshot snapshot, int snapshotIndex, List<Integer> probes, int probeA, int probeB, Site site,
                          int layer, int head, int heads, boolean scaled, Metric metric, Method method) {
        public Request {
            probes = List.copyOf(probes);
        }
    }

    /** Most points the joint view lays out with {@code m}: a layout per epoch should take seconds at most. */
    public static int budget(Method m) {
        return switch (m) {
            case PCA -> 40_000;
            case TSNE -> 5_000;
            case UMAP -> 10_000;
        };
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }

    /**
     * Builds the figure, starting the layout from {@code previous} (may be null). Throws CancellationException when
     * cancelled.
     */
    public static JointFigure build(Request r, Projector projector, Layout previous, Progress progress) {
        Snapshot s = r.snapshot();
        List<ProbeCapture> kept = new ArrayList<>();
        List<Integer> keptProbes = new ArrayList<>();
        int points = 0, wanted = 0, budget = budget(r.method());
        boolean full = false;
        for (int p : r.probes()) {
            ProbeCapture c = s.probe(p);
            if (c == null) continue;
            wanted++;
            boolean must = p == r.probeA() || p == r.probeB();
            if (full && !must) continue;                     // full: read no further probe's arrays
            int n = rows(c, r.site(), r.layer());
            if (n == 0) continue;
            if (!must && points + n > budget) {
                full = true;
                continue;
            }
            kept.add(c);
            keptProbes.add(p);
            points += n;
        }
        String caption = caption(r, s);
        if (kept.isEmpty()) {
            return new JointFigure(null, null, List.of(), new double[0][], List.of(), r.probeA(), r.probeB(), r.method(),
                    r.metric(), Double.NaN, caption, "no probe of this snapshot has Q and K here");
        }
        Snapshot subset = new Snapshot(s.epoch(), s.step(), s.endOfEpoch(), s.trainLoss(), s.validLoss(), kept);
        JointSpace space = JointSpace.of(subset, r.snapshotIndex(), r.site(), r.layer(), r.head(), r.heads(), r.scaled());
        List<Point> pts = space.points(r.metric());
        Layout layout = projector.project(pts, r.method(), 2, previous, progress);
        double rho = -Faithfulness.of(space, layout);
        String coverage = String.format(Locale.ROOT, "%,d points (%,d queries + %,d keys) of %,d sentences", pts.size(),
                pts.stream().filter(pt -> pt.key().kind() == Kind.Q).count(),
                pts.stream().filter(pt -> pt.key().kind() == Kind.K).count(), kept.size());
        if (kept.size() < wanted) {
            coverage += String.format(Locale.ROOT, "; %,d of %,d sentences left out (budget %,d points for %s)",
                    wanted - kept.size(), wanted, budget, r.method());
        }
        return new JointFigure(space, layout, pts, layout.coords(), keptProbes, r.probeA(), r.probeB(), r.method(),
                r.metric(), rho, caption, coverage);
    }

    /** Query rows plus key rows of a probe at a site and layer (0 when either was not captured). */
    private static int rows(ProbeCapture c, Site site, int layer) {
        var q = c.array(new org.qkvlens.probe.ArrayKey(site, layer, Kind.Q));
        var k = c.array(new org.qkvlens.probe.ArrayKey(site, layer, Kind.K));
        return q == null || k == null ? 0 : q.shape()[0] + k.shape()[0];
    }

    private static String caption(Request r, Snapshot s) {
        return String.format(Locale.ROOT, "%s · layer %d · head %d of %d · epoch %d · %s, %s%s", r.site().label(), r.layer(),
                r.head() + 1, r.heads(), s.epoch(), r.method(), r.metric() == Metric.COSINE ? "cosine" : "Euclidean",
                r.scaled() ? ", scaled" : "");
    }

    /** The readout as the view shows it: {@code Spearman(q·k, −distance) = 0.62}. */
    public String readout() {
        return "Spearman(q·k, −distance) = " + (Double.isNaN(rho) ? "n/a" : String.format(Locale.ROOT, "%.2f", rho));
    }

    /** 0 for sentence A, 1 for B, 2 for the others. */
    public int role(int probe) {
        return probe == probeA ? 0 : probe == probeB ? 1 : 2;
    }

    /**
     * The points as CSV: a comment line with the caption and readout, then {@code kind,token,probe,position,x,y} per
     * point (kind Q or K; position on its own side).
     */
    public String csv() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(caption).append("; ").append(readout()).append('\n');
        sb.append("kind,token,probe,position,x,y\n");
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            sb.append(p.key().kind().id()).append(',').append(Csv.quote(p.token())).append(',').append(p.key().probe())
                    .append(',').append(p.key().position())
                    .append(String.format(Locale.ROOT, ",%.6f,%.6f\n", xy[i][0], xy[i][1]));
        }
        return sb.toString();
    }
}
