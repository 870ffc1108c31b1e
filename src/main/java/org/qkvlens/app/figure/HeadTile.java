package org.qkvlens.app.figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.joint.Faithfulness;
import org.qkvlens.joint.JointSpace;
import org.qkvlens.joint.Metric;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.Points;
import org.qkvlens.projection.Progress;
import org.qkvlens.projection.Projector;

/**
 * One tile of the head overview, as a value: a 2D PCA of one site × layer × head at one snapshot, either of the joint
 * query–key space (scaled, cosine; with its Spearman readout, as {@link JointFigure}) or of one kind (Q, K or V; no
 * readout). {@code query[i]} tells a query point from the others (keys, or the kind's vectors). {@link #slots} lists
 * every tile of a model in the overview's order (sites, then layers, then heads). Probes beyond {@link #BUDGET}
 * points are left out whole (A and B never). Leaves out drawing.
 */
public record HeadTile(Slot slot, Kind kind, int epoch, double[][] xy, boolean[] query, int[] role, double rho,
                       int sentences) {

    /** Most points one tile lays out: 72 tiles must fill in within seconds. */
    public static final int BUDGET = 3_000;

    /** Which head: site, layer, head (from 0) of {@code heads}. */
    public record Slot(Site site, int layer, int head, int heads) {
        public String caption() {
            String s = switch (site) {
                case ENC_SELF -> "enc self";
                case DEC_SELF -> "dec self";
                case DEC_CROSS -> "dec–enc";
                default -> site.id();
            };
            return String.format(Locale.ROOT, "%s L%d H%d", s, layer, head + 1);
        }
    }

    /** Every attention site × layer × head of the model, in order. */
    public static List<Slot> slots(RunInfo info) {
        List<Slot> out = new ArrayList<>();
        for (Site site : List.of(Site.ENC_SELF, Site.DEC_SELF, Site.DEC_CROSS)) {
            boolean enc = site.isEncoder();
            int heads = Math.max(1, info.heads(enc));
            for (int layer = 0; layer < Math.max(1, info.layers(enc)); layer++) {
                for (int head = 0; head < heads; head++) out.add(new Slot(site, layer, head, heads));
            }
        }
        return out;
    }

    /**
     * The tile of {@code slot} at snapshot {@code s} (index {@code snapshotIndex}) over {@code probes} (A, B first),
     * {@code kind} Q, K, V, or null for the joint Q–K space; PCA started from {@code previous} (may be null).
     */
    public static Result build(Slot slot, Kind kind, Snapshot s, int snapshotIndex, List<Integer> probes, int probeA,
                               int probeB, Projector projector, Layout previous) {
        List<ProbeCapture> kept = new ArrayList<>();
        int points = 0;
        for (int p : probes) {
            ProbeCapture c = s.probe(p);
            if (c == null) continue;
            int n = rows(c, slot, kind);
            if (n == 0) continue;
            if (p != probeA && p != probeB && points + n > BUDGET) break;   // full: read no further probe's arrays
            kept.add(c);
            points += n;
        }
        if (kept.isEmpty()) {
            return new Result(new HeadTile(slot, kind, s.epoch(), new double[0][], new boolean[0], new int[0], Double.NaN, 0),
                    null);
        }
        List<Point> pts;
        JointSpace space = null;
        if (kind == null) {
            Snapshot subset = new Snapshot(s.epoch(), s.step(), s.endOfEpoch(), s.trainLoss(), s.validLoss(), kept);
            space = JointSpace.of(subset, snapshotIndex, slot.site(), slot.layer(), slot.head(), slot.heads(), true);
            pts = space.points(Metric.COSINE);
        } else {
            List<Integer> ids = kept.stream().map(ProbeCapture::probe).toList();
            pts = Points.collect(List.of(s), new int[] {0}, ids, slot.site(), slot.layer(), List.of(kind), slot.head(),
                    slot.heads());
        }
        Layout layout = projector.project(pts, Method.PCA, 2, previous, Progress.NONE);
        double rho = space == null ? Double.NaN : -Faithfulness.of(space, layout);
        boolean[] query = new boolean[pts.size()];
        int[] role = new int[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            query[i] = pts.get(i).key().kind() == Kind.Q;
            int p = pts.get(i).key().probe();
            role[i] = p == probeA ? 0 : p == probeB ? 1 : 2;
        }
        return new Result(new HeadTile(slot, kind, s.epoch(), layout.coords(), query, role, rho, kept.size()), layout);
    }

    /** A tile and its layout (to start the next epoch's from). */
    public record Result(HeadTile tile, Layout layout) {
    }

    private static int rows(ProbeCapture c, Slot slot, Kind kind) {
        int n = 0;
        for (Kind k : kind == null ? List.of(Kind.Q, Kind.K) : List.of(kind)) {
            var t = c.array(new ArrayKey(slot.site(), slot.layer(), k));
            if (t == null) return 0;
            n += t.shape()[0];
        }
        return n;
    }

    /** "dec–enc L0 H1 · ρ 0.62" (the readout only for the joint space). */
    public String caption() {
        return slot.caption() + (Double.isNaN(rho) ? "" : String.format(Locale.ROOT, " · ρ %.2f", rho));
    }

    /** The overview's tiles as CSV: {@code site,layer,head,kind,spearman,point,point_kind,x,y}, one line per
     * point ({@code kind} QK for the joint space, whose points are Q or K). */
    public static String csv(List<HeadTile> tiles) {
        StringBuilder sb = new StringBuilder("site,layer,head,kind,spearman,point,point_kind,x,y\n");
        for (HeadTile t : tiles) {
            if (t == null) continue;
            String rho = Double.isNaN(t.rho) ? "" : String.format(Locale.ROOT, "%.6f", t.rho);
            String kind = t.kind == null ? "QK" : t.kind.id();
            for (int i = 0; i < t.xy.length; i++) {
                sb.append(t.slot.site().id()).append(',').append(t.slot.layer()).append(',').append(t.slot.head()).append(',')
                        .append(kind).append(',').append(rho).append(',').append(i).append(',')
                        .append(t.kind == null ? (t.query[i] ? "Q" : "K") : t.kind.id())
                        .append(String.format(Locale.ROOT, ",%.6f,%.6f\n", t.xy[i][0], t.xy[i][1]));
            }
        }
        return sb.toString();
    }
}
