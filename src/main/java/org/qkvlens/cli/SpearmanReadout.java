package org.qkvlens.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.joint.Faithfulness;
import org.qkvlens.joint.JointSpace;
import org.qkvlens.joint.Metric;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Projector;

/**
 * The faithfulness readout that {@code analyze --json} adds for attention sites: per head, Spearman's ρ between the
 * model's q·k and the query–key closeness (−distance; −{@link Faithfulness#of}, the sign the app's joint view shows: 1
 * the nearer, the more attended) in a 2D PCA layout of the head's joint query–key
 * space ({@link JointSpace}, scaled, Euclidean). PCA because it is deterministic and needs no seed, so the number is
 * the same on every run. Leaves out t-SNE/UMAP layouts (the app's joint view shows those) and the cosine metric.
 */
final class SpearmanReadout {
    /** What the JSON says the numbers were computed on. */
    static final String LAYOUT = "Spearman(q.k, -distance) in a PCA 2D layout of the joint query-key space, scaled, Euclidean";

    private SpearmanReadout() {
    }

    /** ρ of every head of {@code heads} at the site and layer, in head order; NaN where Q or K was not captured. */
    static List<Double> perHead(Snapshot s, int snapshotIndex, Site site, int layer, int heads) {
        Projector projector = new Projector();
        List<Double> out = new ArrayList<>();
        for (int h = 0; h < heads; h++) {
            JointSpace space;
            try {
                space = JointSpace.of(s, snapshotIndex, site, layer, h, heads, true);
            } catch (IllegalArgumentException noQueriesOrKeys) {
                out.add(Double.NaN);
                continue;
            }
            Layout layout = projector.project(space.points(Metric.EUCLIDEAN), Method.PCA, 2, null, null);
            out.add(-Faithfulness.of(space, layout));
        }
        return out;
    }

    /** The JSON object: {@code {"layout": ..., "per_head": [ρ0, ρ1, ...]}} (null for a head without Q or K). */
    static Map<String, Object> json(List<Double> perHead) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layout", LAYOUT);
        m.put("per_head", perHead);
        return m;
    }
}
