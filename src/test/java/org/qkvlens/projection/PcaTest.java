package org.qkvlens.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.SplitMix64;
import org.qkvlens.probe.Kind;
import smile.feature.extraction.PCA;

/** PCA against Smile's own, sign keeping across fits, and the degenerate inputs a live view meets. */
class PcaTest {
    private final Projector projector = new Projector();

    @Test
    void matchesSmilesProjectionUpToSign() {
        List<Point> points = TestPoints.clusters(300, 16, 4, 2, 11, 0);
        Layout ours = projector.project(points, Method.PCA, 3, null, null);
        double[][] x = new double[points.size()][];
        for (int i = 0; i < x.length; i++) {
            float[] v = points.get(i).vector();
            x[i] = new double[v.length];
            for (int f = 0; f < v.length; f++) x[i][f] = v[f];
        }
        double[][] smile = PCA.fit(x).getProjection(3).apply(x);
        for (int a = 0; a < 3; a++) {
            double sign = Math.signum(ours.coords()[0][a] * smile[0][a]);
            for (int i = 0; i < x.length; i++) {
                assertEquals(smile[i][a], sign * ours.coords()[i][a], 1e-6 * (1 + Math.abs(smile[i][a])), "axis " + a + " point " + i);
            }
        }
    }

    @Test
    void keepsAxisSignsWhenTheDataMovesALittle() {
        List<Point> epoch0 = TestPoints.clusters(200, 32, 3, 2, 5, 0);
        Layout first = projector.project(epoch0, Method.PCA, 2, null, null);
        List<Point> both = new ArrayList<>(epoch0);
        both.addAll(TestPoints.nextSnapshot(epoch0, 1, 0.1, 6));
        Layout second = projector.project(both, Method.PCA, 2, first, null);
        for (int a = 0; a < 2; a++) {
            double agreement = 0;
            for (int i = 0; i < epoch0.size(); i++) agreement += first.coords()[i][a] * second.position(epoch0.get(i).key())[a];
            assertTrue(agreement > 0, "axis " + a + " flipped");
        }
        assertTrue(TestPoints.meanMove(first, second) < 0.1 * TestPoints.spread(first));
    }

    @Test
    void flipsAnAxisToAgreeWithThePreviousLayout() {
        List<Point> points = TestPoints.clusters(100, 8, 3, 2, 7, 0);
        Layout fresh = projector.project(points, Method.PCA, 3, null, null);
        double[][] mirrored = new double[fresh.coords().length][];
        for (int i = 0; i < mirrored.length; i++) {
            mirrored[i] = fresh.coords()[i].clone();
            mirrored[i][1] = -mirrored[i][1];
        }
        Layout previous = new Layout(Method.PCA, 3, fresh.keys(), mirrored);
        Layout again = projector.project(points, Method.PCA, 3, previous, null);
        for (int i = 0; i < mirrored.length; i++) assertArrayEquals(mirrored[i], again.coords()[i], 1e-12);
    }

    @Test
    void followsTracksWhenNoKeyIsShared() {
        List<Point> epoch0 = TestPoints.clusters(100, 8, 3, 2, 8, 0);
        Layout first = projector.project(epoch0, Method.PCA, 2, null, null);
        double[][] mirrored = new double[first.coords().length][];
        for (int i = 0; i < mirrored.length; i++) mirrored[i] = new double[] {-first.coords()[i][0], -first.coords()[i][1]};
        Layout previous = new Layout(Method.PCA, 2, first.keys(), mirrored);
        List<Point> epoch1 = TestPoints.nextSnapshot(epoch0, 1, 0.05, 9); // a sliding window: only snapshot 1 shown
        Layout second = projector.project(epoch1, Method.PCA, 2, previous, null);
        for (int a = 0; a < 2; a++) assertTrue(second.coords()[0][a] * mirrored[0][a] > 0, "axis " + a);
    }

    @Test
    void degenerateInputsGiveFiniteLayouts() {
        assertEquals(0, projector.project(List.of(), Method.PCA, 2, null, null).keys().size());
        for (int n = 1; n <= 4; n++) {
            Layout l = projector.project(TestPoints.clusters(n, 5, 2, 1, n, 0), Method.PCA, 3, null, null);
            TestPoints.assertFinite(l);
            if (n <= 3) for (double[] row : l.coords()) assertEquals(0, row[2], 1e-12, "no third axis from " + n + " points");
        }
        List<Point> same = new ArrayList<>();
        for (int i = 0; i < 20; i++) same.add(point(i, 1, 2, 3));
        for (double[] row : projector.project(same, Method.PCA, 2, null, null).coords()) assertArrayEquals(new double[2], row, 0);
        List<Point> narrow = new ArrayList<>();
        for (int i = 0; i < 20; i++) narrow.add(point(i, i, i * i % 7));
        for (double[] row : projector.project(narrow, Method.PCA, 3, null, null).coords()) assertEquals(0, row[2], 0, "2 features, 3 axes");
    }

    @Test
    void blockedCovarianceMatchesThePlainLoops() {
        // Shapes around the kernel's edges: fewer rows than a block, several blocks and a partial one, features
        // that are not a whole tile (padding), one feature; a large offset so centring matters.
        int[][] shapes = {{1, 1}, {7, 3}, {300, 37}, {600, 64}, {513, 17}, {257, 1}};
        SplitMix64 rng = new SplitMix64(42);
        for (int[] shape : shapes) {
            int n = shape[0], p = shape[1];
            double[] x = new double[n * p];
            for (int e = 0; e < x.length; e++) x[e] = 100 + (rng.nextU64() >>> 11) * 0x1.0p-53 * (1 + e % 5);
            double[] mean = new double[p];
            for (int i = 0; i < n; i++) for (int f = 0; f < p; f++) mean[f] += x[i * p + f] / n;
            double[] fast = Pca.covariance(x, mean, n, p, Progress.NONE);
            double[] reference = Pca.referenceCovariance(x, n, p);
            double scale = 0;
            for (double v : reference) scale = Math.max(scale, Math.abs(v));
            for (int e = 0; e < fast.length; e++) {
                assertEquals(reference[e], fast[e], 1e-12 * scale, n + " × " + p + " entry " + e);
            }
            for (int a = 0; a < p; a++) for (int b = 0; b < a; b++) assertEquals(fast[a * p + b], fast[b * p + a], 0, "symmetric");
            assertArrayEquals(fast, Pca.covariance(x, mean, n, p, Progress.NONE), 0, "the same bits every time");
        }
    }

    @Test
    void tenThousandPointsIn64DimensionsWellUnderASecond() {
        List<Point> points = TestPoints.clusters(10_000, 64, 5, 3, 1, 0);
        projector.project(points.subList(0, 100), Method.PCA, 2, null, null); // loads LAPACK
        long t = System.nanoTime();
        projector.project(points, Method.PCA, 2, null, null);
        double ms = (System.nanoTime() - t) / 1e6;
        System.out.printf("PCA 10,000 × 64 → 2D: %.0f ms%n", ms);
        assertTrue(ms < 2000, ms + " ms"); // goal well under 1 s; slack for a shared, loaded machine
    }

    static Point point(int i, float... v) {
        return new Point(new PointKey(0, false, i, Kind.Q, 0), "w" + i, 0, 0, v);
    }
}
