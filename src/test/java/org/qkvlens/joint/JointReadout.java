package org.qkvlens.joint;

import java.nio.file.Path;
import java.util.List;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.SnapshotFile;

/**
 * The faithfulness readout of a trained run (not a test: run it by hand). For one snapshot of a run directory or
 * snapshot file (the last, or the epoch given), per attention site, layer and head: Spearman's ρ between q·k and the
 * query–key distance in PCA layouts of the joint space (2D and 3D, Euclidean, scaled; 2D cosine; 2D unscaled), and
 * the number of query–key pairs. Heads and layers are read from the captured attention arrays.
 * <pre>
 * ./mvnw -q test-compile
 * ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp target/classes:target/test-classes:$(cat target/cp.txt) org.qkvlens.joint.JointReadout RUN [EPOCH]
 * </pre>
 */
final class JointReadout {
    public static void main(String[] args) {
        List<Snapshot> snapshots = SnapshotFile.readFileOrRun(Path.of(args[0])).snapshots();
        int index = snapshots.size() - 1;
        if (args.length > 1) {
            int epoch = Integer.parseInt(args[1]);
            while (index > 0 && !(snapshots.get(index).epoch() == epoch && snapshots.get(index).endOfEpoch())) index--;
        }
        Snapshot s = snapshots.get(index);
        System.out.printf("%s, epoch %d (snapshot %d), %d probes; Spearman ρ(q·k, distance in a PCA layout)%n", args[0],
                s.epoch(), index, s.probes().size());
        System.out.println("site      layer head   pairs  2D      3D      2D cos  2D unscaled");
        Projector projector = new Projector();
        ProbeCapture first = s.probes().getFirst();
        for (Site site : List.of(Site.ENC_SELF, Site.DEC_SELF, Site.DEC_CROSS)) {
            for (int layer = 0; first.array(new ArrayKey(site, layer, Kind.ATTENTION)) != null; layer++) {
                int heads = first.array(new ArrayKey(site, layer, Kind.ATTENTION)).dim(0);
                for (int head = 0; head < heads; head++) {
                    JointSpace scaled = JointSpace.of(s, index, site, layer, head, heads, true);
                    JointSpace unscaled = JointSpace.of(s, index, site, layer, head, heads, false);
                    System.out.printf("%-9s %5d %4d %7d  %+.3f  %+.3f  %+.3f  %+.3f%n", site.id(), layer, head,
                            pairs(scaled), rho(projector, scaled, Metric.EUCLIDEAN, 2), rho(projector, scaled, Metric.EUCLIDEAN, 3),
                            rho(projector, scaled, Metric.COSINE, 2), rho(projector, unscaled, Metric.EUCLIDEAN, 2));
                }
            }
        }
    }

    private static double rho(Projector projector, JointSpace space, Metric metric, int dims) {
        Layout layout = projector.project(space.points(metric), Method.PCA, dims, null, null);
        return Faithfulness.of(space, layout);
    }

    private static int pairs(JointSpace space) {
        int n = 0;
        for (ProbeVectors p : space.probes()) {
            for (int i = 0; i < p.queries(); i++) for (int j = 0; j < p.keys(); j++) if (p.visible(i, j)) n++;
        }
        return n;
    }
}
