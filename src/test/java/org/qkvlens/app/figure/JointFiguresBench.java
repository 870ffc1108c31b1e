package org.qkvlens.app.figure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.joint.Metric;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Progress;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

/**
 * How long the joint view and the head overview take to compute on a run (not a test: run it by hand): per method, a
 * fresh joint figure twice and one warm-started from it at the next snapshot; then all head tiles twice (the first
 * pass reads the vectors from disk). Decoder–encoder attention, layer and head given, the first N probes.
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *      org.qkvlens.app.figure.JointFiguresBench RUN SNAPSHOT PROBES LAYER HEAD
 * </pre>
 */
final class JointFiguresBench {
    public static void main(String[] args) {
        RunRecord run = SnapshotFile.readFileOrRun(Path.of(args[0]));
        int index = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]);
        int layer = Integer.parseInt(args[3]), head = Integer.parseInt(args[4]);
        RunInfo info = RunInfo.of(args[0], run);
        Snapshot s = run.snapshots().get(index), next = run.snapshots().get(Math.min(index + 1, run.snapshots().size() - 1));
        List<Integer> probes = new ArrayList<>();
        for (int p = 0; p < Math.min(n, s.probes().size()); p++) probes.add(s.probes().get(p).probe());
        int heads = info.heads(false);
        for (Method m : Method.values()) {
            JointFigure f = null;
            for (int rep = 0; rep < 2; rep++) {
                long t0 = System.nanoTime();
                f = JointFigure.build(new JointFigure.Request(s, index, probes, probes.get(0), probes.get(1), Site.DEC_CROSS,
                        layer, head, heads, true, Metric.COSINE, m), new Projector(), null, Progress.NONE);
                System.out.printf(Locale.ROOT, "joint %-5s fresh %6.2f s  %s  %s%n", m, (System.nanoTime() - t0) / 1e9,
                        f.readout(), f.coverage());
            }
            long t0 = System.nanoTime();
            JointFigure g = JointFigure.build(new JointFigure.Request(next, index + 1, probes, probes.get(0), probes.get(1),
                    Site.DEC_CROSS, layer, head, heads, true, Metric.COSINE, m), new Projector(), f.layout(), Progress.NONE);
            System.out.printf(Locale.ROOT, "joint %-5s warm  %6.2f s  %s (next snapshot)%n", m, (System.nanoTime() - t0) / 1e9,
                    g.readout());
        }
        List<HeadTile.Slot> slots = HeadTile.slots(info);
        for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            for (HeadTile.Slot slot : slots) {
                HeadTile.build(slot, null, s, index, probes, probes.get(0), probes.get(1), new Projector(), null);
            }
            System.out.printf(Locale.ROOT, "heads %d tiles %6.2f s%n", slots.size(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
