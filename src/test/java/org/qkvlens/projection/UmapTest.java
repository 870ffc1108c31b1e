package org.qkvlens.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * UMAP: the curve parameters and smooth k-NN distances against umap-learn's definitions, the fuzzy union,
 * then the whole method on clusters: separation, warm start, determinism, tiny inputs.
 */
class UmapTest {
    private final Projector projector = new Projector();

    @Test
    void curveParametersAreUmapLearns() {
        double[] ab = Umap.fitCurve(0.1, 1.0);
        // umap.umap_.find_ab_params(1.0, 0.1) with scipy's curve_fit
        assertEquals(1.576943460405378, ab[0], 1e-5);
        assertEquals(0.8950608781227859, ab[1], 1e-5);
    }

    @Test
    void smoothDistancesSumToLog2K() {
        int m = 14;
        double[] dist = new double[m];
        for (int k = 0; k < m; k++) dist[k] = 0.5 + 0.1 * k * k;
        double[] rho = new double[1];
        double sigma = Umap.sigma(dist, 0, m, 0, rho, 1.0);
        assertEquals(0.5, rho[0]);
        double sum = 0;
        for (double v : dist) sum += Math.exp(-Math.max(0, v - rho[0]) / sigma);
        assertEquals(Math.log(m + 1) / Math.log(2), sum, 1e-4);
    }

    @Test
    void fuzzyGraphIsSymmetricWithUnionWeights() {
        List<Point> points = TestPoints.clusters(60, 5, 2, 1, 3, 0);
        double[] x = new double[60 * 5];
        for (int i = 0; i < 60; i++) for (int f = 0; f < 5; f++) x[i * 5 + f] = points.get(i).vector()[f];
        Knn.Graph knn = Knn.exact(new Vectors(x, 60, 5), 14, Progress.NONE);
        Umap.Graph g = Umap.fuzzyGraph(knn, 60, 14);
        Map<Long, Double> edges = new HashMap<>();
        for (int e = 0; e < g.edges(); e++) {
            assertTrue(g.weight()[e] > 0 && g.weight()[e] <= 1);
            assertEquals(null, edges.put((long) g.head()[e] << 32 | g.tail()[e], g.weight()[e]), "edge listed twice");
            if (e > 0) assertTrue(g.head()[e - 1] <= g.head()[e], "grouped by head");
        }
        edges.forEach((key, w) -> assertEquals(w, edges.get((key & 0xFFFFFFFFL) << 32 | key >>> 32), "reverse of " + key));
        for (int i = 0; i < 60; i++) {
            for (int k = 1; k < 14; k++) assertTrue(knn.distance()[i * 14 + k - 1] <= knn.distance()[i * 14 + k], "sorted");
        }
    }

    @Test
    void separatesClusters() {
        Layout layout = projector.project(TestPoints.clusters(240, 20, 3, 1.5, 61, 0), Method.UMAP, 2, null, null);
        assertTrue(TestPoints.purity(layout, 10) > 0.95, "purity " + TestPoints.purity(layout, 10));
        Layout in3d = projector.project(TestPoints.clusters(240, 20, 3, 1.5, 61, 0), Method.UMAP, 3, null, null);
        assertTrue(TestPoints.purity(in3d, 10) > 0.95);
    }

    @Test
    void warmStartOnTheSamePointsMovesLittle() {
        List<Point> points = TestPoints.clusters(240, 16, 4, 2, 71, 0);
        Layout fresh = projector.project(points, Method.UMAP, 2, null, null);
        Layout again = projector.project(points, Method.UMAP, 2, fresh, null);
        double move = TestPoints.meanMove(fresh, again), spread = TestPoints.spread(fresh);
        assertTrue(move < 0.1 * spread, "moved " + move + " in a layout of spread " + spread);
        assertTrue(TestPoints.purity(again, 10) > 0.95);
    }

    @Test
    void aNewEpochStaysNearItsTracks() {
        List<Point> epoch0 = TestPoints.clusters(150, 16, 3, 2, 81, 0);
        Layout first = projector.project(epoch0, Method.UMAP, 2, null, null);
        List<Point> both = new ArrayList<>(epoch0);
        both.addAll(TestPoints.nextSnapshot(epoch0, 1, 0.1, 82));
        Layout second = projector.project(both, Method.UMAP, 2, first, null);
        assertTrue(TestPoints.meanMove(first, second) < 0.15 * TestPoints.spread(first));
        assertTrue(TestPoints.purity(second, 10) > 0.95);
    }

    @Test
    void aTrackThatChangesClusterFollowsItsVector() {
        List<Point> epoch0 = TestPoints.clusters(240, 16, 3, 2, 101, 0);
        Layout first = projector.project(epoch0, Method.UMAP, 2, null, null);
        List<Point> both = new ArrayList<>(epoch0);
        both.addAll(TestPoints.jumped(epoch0, 1, 3)); // a third of the tracks start in the wrong cluster
        Layout second = projector.project(both, Method.UMAP, 2, first, null);
        double purity = TestPoints.purityOf(second, 1, 10);
        assertTrue(purity > 0.95, "points of the new snapshot among their cluster: " + purity);
    }

    @Test
    void sameInputSameLayout() {
        List<Point> points = TestPoints.clusters(150, 10, 3, 2, 91, 0);
        Layout a = projector.project(points, Method.UMAP, 2, null, null);
        Layout b = new Projector().project(points, Method.UMAP, 2, null, null);
        for (int i = 0; i < points.size(); i++) assertArrayEquals(a.coords()[i], b.coords()[i], 0);
    }

    @Test
    void tinyAndIdenticalInputsGiveFiniteLayouts() {
        for (int n = 1; n <= 4; n++) {
            Layout l = projector.project(TestPoints.clusters(n, 6, 2, 1, n, 0), Method.UMAP, 3, null, null);
            assertEquals(n, l.keys().size());
            TestPoints.assertFinite(l);
        }
        List<Point> same = new ArrayList<>();
        for (int i = 0; i < 30; i++) same.add(PcaTest.point(i, 1, 2, 3));
        TestPoints.assertFinite(projector.project(same, Method.UMAP, 2, null, null));
    }
}
