package org.qkvlens.app.view.scatter;

import java.util.ArrayList;
import java.util.List;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;

/**
 * Laid-out points made by hand, for tests of what reads a scatter's data: one snapshot (index 0, epoch 1), sentence A
 * (probe 0), its tokens {@code w0, w1, …} as K vectors at positions 0, 1, … drawn at the given positions by "t-SNE".
 */
public final class HandMadeScatter {
    private HandMadeScatter() {
    }

    public static ScatterData of(float[][] vectors, double[][] positions) {
        List<Point> points = new ArrayList<>();
        List<PointKey> keys = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            PointKey key = new PointKey(0, false, i, Kind.K, 0);
            points.add(new Point(key, "w" + i, 1, 10, vectors[i]));
            keys.add(key);
        }
        Layout layout = new Layout(Method.TSNE, positions[0].length, keys, positions);
        return ScatterData.of(layout, Site.DEC_CROSS, 0, -1, List.of(Kind.K),
                List.of(new ScatterData.Sentence(0, "A", "a hand made sentence")),
                List.of(new Snapshot(1, 10, true, 0, 0, List.of())), points, new int[] {0});
    }

    /** The frame showing that snapshot. */
    public static ScatterFrame frame(float[][] vectors, double[][] positions) {
        return new ScatterFrame(of(vectors, positions), new int[] {0});
    }
}
