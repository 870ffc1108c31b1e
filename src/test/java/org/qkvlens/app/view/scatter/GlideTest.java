package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;

class GlideTest {
    private static final long D = Glide.DURATION_NANOS;

    /** Two tokens over three snapshots; token t at snapshot s sits at (10 s + t, 100 t). */
    private static ScatterData data() {
        return data(0);
    }

    /** As {@link #data()}, every point {@code dy} higher (another layout of the same points). */
    private static ScatterData data(double dy) {
        List<Snapshot> snaps = new ArrayList<>();
        for (int s = 0; s < 3; s++) snaps.add(new Snapshot(s, s, true, Double.NaN, Double.NaN, List.of()));
        List<Point> pts = new ArrayList<>();
        List<PointKey> keys = new ArrayList<>();
        List<double[]> coords = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t < 2; t++) {
                PointKey k = new PointKey(0, false, t, Kind.K, s);
                pts.add(new Point(k, "w" + t, s, s, new float[] {1, 2}));
                keys.add(k);
                coords.add(new double[] {10 * s + t, 100 * t + dy});
            }
        }
        Layout layout = new Layout(Method.PCA, 2, keys, coords.toArray(new double[0][]));
        return ScatterData.of(layout, Site.DEC_CROSS, 0, -1, List.of(Kind.K),
                List.of(new ScatterData.Sentence(0, "A", "a b")), snaps, pts, new int[] {0, 1, 2});
    }

    private static double x(Glide g, int track) {
        for (int i = 0; i < g.count; i++) {
            if (g.data().track[g.point[i]] == track && g.fromEnd[i] == 0) return g.cur[i * 3];
        }
        throw new AssertionError("no current item of track " + track);
    }

    @Test
    void pointsGlideFromWhereTheyAreToTheNewSnapshot() {
        ScatterData d = data();
        Glide g = new Glide();
        g.retarget(new ScatterFrame(d, new int[] {1}), 0, false);
        assertEquals(10, x(g, 0));
        assertFalse(g.animating());
        g.retarget(new ScatterFrame(d, new int[] {2}), 1000, true);
        assertTrue(g.animating());
        assertEquals(10, x(g, 0), 1e-9, "starts where it was");
        g.advance(1000 + D / 2);
        assertTrue(x(g, 0) > 10 && x(g, 0) < 20, "half way: " + x(g, 0));
        assertFalse(g.advance(1000 + D));
        assertEquals(20, x(g, 0), 1e-9);
        assertEquals(21, x(g, 1), 1e-9);
    }

    @Test
    void aNewEpochGrowsOutOfThePreviousOneAndOldPointsStay() {
        ScatterData d = data();
        Glide g = new Glide();
        g.retarget(new ScatterFrame(d, new int[] {0, 1}), 0, false);
        assertEquals(4, g.count);
        g.retarget(new ScatterFrame(d, new int[] {0, 1, 2}), 0, true);
        assertEquals(6, g.count);
        for (int i = 0; i < g.count; i++) {
            int s = d.snapshot[g.point[i]];
            double from = g.cur[i * 3];
            if (s == 2) assertEquals(10 + d.track[g.point[i]], from, 1e-9, "the new point starts at the epoch before");
            else assertEquals(d.pos[g.point[i] * 3], from, 1e-9, "points already shown do not move");
        }
    }

    @Test
    void pathVerticesGlideWithTheMarkersToANewLayout() {
        Glide g = new Glide();
        g.retarget(new ScatterFrame(data(), new int[] {0, 2}), 0, false);
        ScatterData moved = data(50);
        g.retarget(new ScatterFrame(moved, new int[] {0, 2}), 1000, true);
        g.advance(1000 + D / 2);
        for (int p = 0; p < moved.size; p++) {
            double y = g.path[p * 3 + 1], target = moved.pos[p * 3 + 1];
            assertTrue(y > target - 50 && y < target, "half way from the old layout: " + y + " towards " + target);
            int item = g.itemOfPoint[p];
            if (moved.snapshot[p] == 1) assertEquals(-1, item, "snapshot 1 is not drawn");
            else assertArrayEquals(new double[] {g.cur[item * 3], g.cur[item * 3 + 1]}, new double[] {g.path[p * 3], y}, 0,
                    "a drawn point's vertex is its marker");
        }
        g.advance(1000 + D);
        for (int p = 0; p < moved.size; p++) assertEquals(moved.pos[p * 3 + 1], g.path[p * 3 + 1], 1e-9);
    }

    @Test
    void boundsCoverAllLaidOutPointsNotOnlyTheShownOnes() {
        Glide g = new Glide();
        g.retarget(new ScatterFrame(data(), new int[] {0}), 0, false);
        assertArrayEquals(new double[] {0, 0, -0.5, 21, 100, 0.5}, g.bounds, 1e-9);
    }
}
