package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Box and lasso hit tests against brute force written differently (a box as four comparisons, a convex lasso by the
 * sign of cross products), including the clip rectangle; and their time at 100,000 points.
 */
class SelectionShapesTest {
    private static final int N = 100_000;
    private final double[] sx = new double[N], sy = new double[N];

    SelectionShapesTest() {
        Random r = new Random(7);
        for (int i = 0; i < N; i++) {
            sx[i] = r.nextDouble() * 1000;
            sy[i] = r.nextDouble() * 700;
        }
    }

    private static final double[] CLIP = {50, 30, 900, 650};

    @Test
    void boxSelectsExactlyThePointsInsideItAndTheClip() {
        int[] got = SelectionShapes.box(sx, sy, N, 700, 600, 20, 100, CLIP);     // corners in any order
        int[] want = IntStream.range(0, N).filter(i -> sx[i] >= 50 && sx[i] <= 700 && sy[i] >= 100 && sy[i] <= 600).toArray();
        assertArrayEquals(want, got);
        assertTrue(got.length > 1000);
    }

    @Test
    void lassoSelectsExactlyThePointsInsideAConvexPolygon() {
        double[] px = {100, 800, 950, 300}, py = {80, 120, 500, 680};      // partly outside the clip
        int[] got = SelectionShapes.lasso(sx, sy, N, px, py, 4, CLIP);
        int[] want = IntStream.range(0, N).filter(i -> convexInside(px, py, sx[i], sy[i])
                && sx[i] >= CLIP[0] && sx[i] <= CLIP[2] && sy[i] >= CLIP[1] && sy[i] <= CLIP[3]).toArray();
        assertArrayEquals(want, got);
        assertTrue(got.length > 1000);
    }

    @Test
    void lassoFollowsAConcaveShape() {
        // a U: two arms and a bottom; the notch between the arms is outside
        double[] px = {100, 200, 200, 400, 400, 500, 500, 100}, py = {100, 100, 400, 400, 100, 100, 500, 500};
        double[] x = {150, 300, 300, 450, 300}, y = {200, 200, 450, 200, 600};
        int[] got = SelectionShapes.lasso(x, y, 5, px, py, px.length, new double[] {0, 0, 1000, 1000});
        assertArrayEquals(new int[] {0, 2, 3}, got);
    }

    /** (x, y) inside the convex polygon with clockwise or counter-clockwise vertices: same side of every edge. */
    private static boolean convexInside(double[] px, double[] py, double x, double y) {
        int pos = 0, neg = 0;
        for (int a = 0; a < px.length; a++) {
            int b = (a + 1) % px.length;
            double cross = (px[b] - px[a]) * (y - py[a]) - (py[b] - py[a]) * (x - px[a]);
            if (cross > 0) pos++;
            else if (cross < 0) neg++;
        }
        return pos == 0 || neg == 0;
    }

    @Test
    void bucketedLassoEqualsThePlainTestOnARandomSelfCrossingPolygon() {
        Random r = new Random(11);
        double[] px = new double[60], py = new double[60];
        for (int k = 0; k < 60; k++) {
            px[k] = 60 + r.nextDouble() * 830;
            py[k] = 40 + r.nextDouble() * 600;
        }
        int[] got = SelectionShapes.lasso(sx, sy, N, px, py, 60, CLIP);
        int[] want = IntStream.range(0, N).filter(i -> SelectionShapes.inside(px, py, 60, sx[i], sy[i])
                && sx[i] >= CLIP[0] && sx[i] <= CLIP[2] && sy[i] >= CLIP[1] && sy[i] <= CLIP[3]).toArray();
        assertArrayEquals(want, got);
        assertTrue(got.length > 1000);
    }

    @Test
    void timesAt100kPoints() {
        double[] px = new double[400], py = new double[400];          // a lasso drawn by hand: a wobbly circle of 400 vertices
        for (int k = 0; k < 400; k++) {
            double a = 2 * Math.PI * k / 400, r = 250 + 20 * Math.sin(a * 9);
            px[k] = 480 + r * Math.cos(a);
            py[k] = 350 + r * Math.sin(a);
        }
        long box = Long.MAX_VALUE, lasso = Long.MAX_VALUE;
        int nb = 0, nl = 0;
        for (int rep = 0; rep < 30; rep++) {
            long t0 = System.nanoTime();
            nb = SelectionShapes.box(sx, sy, N, 200, 150, 800, 550, CLIP).length;
            long t1 = System.nanoTime();
            nl = SelectionShapes.lasso(sx, sy, N, px, py, 400, CLIP).length;
            long t2 = System.nanoTime();
            box = Math.min(box, t1 - t0);
            lasso = Math.min(lasso, t2 - t1);
        }
        System.out.printf("SelectionShapes 100,000 points: box %.2f ms (%d in), lasso of 400 vertices %.2f ms (%d in)%n",
                box / 1e6, nb, lasso / 1e6, nl);
        assertTrue(box < 50_000_000L && lasso < 500_000_000L, "box " + box / 1e6 + " ms, lasso " + lasso / 1e6 + " ms");
    }
}
