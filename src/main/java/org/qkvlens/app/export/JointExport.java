package org.qkvlens.app.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.qkvlens.app.draw.NodeDrawing;
import org.qkvlens.app.figure.HeadTile;
import org.qkvlens.app.figure.JointFigure;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.view.joint.HeadsGrid;
import org.qkvlens.app.view.joint.JointCanvas;
import org.qkvlens.joint.Metric;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Progress;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.RunRecord;

/**
 * {@code qkv-lens export --view joint|heads} without a window: the joint query–key view of one head, or the head
 * overview, of one snapshot, built by the figure builders the app's views use ({@link JointFigure}, {@link HeadTile})
 * on the calling thread, drawn by the app's own nodes on the FX thread, written as a picture and CSV as
 * {@link HeadlessExport} writes the other views. The probes: A and B, then every other probe of the snapshot within
 * the figures' budgets. Leaves out checking the request (the command line did).
 */
public final class JointExport {
    /** The joint view's size at 1×, in layout pixels. */
    static final double WIDTH = 900, HEIGHT = 700;

    private JointExport() {
    }

    /**
     * One joint-view or head-overview picture: {@code heads} chooses the overview (whose tiles show {@code tileKind},
     * null for the joint Q–K space); otherwise site, layer, head (from 0), method, metric and scaling of the joint view.
     */
    public record Request(RunRecord run, String runTitle, boolean heads, Site site, int layer, int head, Method method,
                          Metric metric, boolean scaled, Kind tileKind, int probeA, int probeB, int snapshot, int scale,
                          Path out, Path csv) {
    }

    /** Computes, renders and writes; one line per file written. */
    public static List<String> run(Request r) {
        Snapshot s = r.run().snapshots().get(r.snapshot());
        List<Integer> probes = new ArrayList<>(List.of(r.probeA()));
        if (r.probeB() != r.probeA()) probes.add(r.probeB());
        for (ProbeCapture c : s.probes()) if (!probes.contains(c.probe())) probes.add(c.probe());
        RunInfo info = RunInfo.of(r.runTitle(), r.run());
        if (r.heads()) {
            List<HeadTile.Slot> slots = HeadTile.slots(info);
            List<HeadTile> tiles = new ArrayList<>();
            for (HeadTile.Slot slot : slots) {
                tiles.add(HeadTile.build(slot, r.tileKind(), s, r.snapshot(), probes, r.probeA(), r.probeB(), new Projector(),
                        null).tile());
            }
            return HeadlessExport.renderAndWrite(() -> {
                HeadsGrid grid = new HeadsGrid();
                grid.setSlots(slots, null);
                grid.show(tiles, null);
                grid.setPrefColumns(slots.size() <= 3 ? slots.size() : 8);
                return HeadlessExport.picture(grid, "heads", r.out(), r.scale(), grid::setPixelScale, () -> NodeDrawing.of(grid),
                        HeadTile.csv(tiles));
            }, "heads", r.out(), r.scale(), r.csv());
        }
        int heads = Math.max(1, info.heads(r.site().isEncoder()));
        JointFigure f = JointFigure.build(new JointFigure.Request(s, r.snapshot(), probes, r.probeA(), r.probeB(), r.site(),
                r.layer(), r.head(), heads, r.scaled(), r.metric(), r.method()), new Projector(), null, Progress.NONE);
        return HeadlessExport.renderAndWrite(() -> {
            JointCanvas canvas = new JointCanvas();
            canvas.setPrefSize(WIDTH, HEIGHT);
            canvas.show(f, -1, List.of(), -1, true);
            return HeadlessExport.picture(canvas, "joint", r.out(), r.scale(), canvas::setPixelScale, () -> NodeDrawing.of(canvas),
                    f.isEmpty() ? null : f.csv());
        }, "joint", r.out(), r.scale(), r.csv());
    }
}
