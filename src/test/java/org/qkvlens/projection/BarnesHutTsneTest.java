package org.qkvlens.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * Barnes–Hut t-SNE held to the exact {@link Tsne}: at θ = 0 with every point a neighbour its gradient is the exact
 * one; at θ = 0.5 close to it; on clusters its layout is as good (KL, trustworthiness) as the exact layout's.
 */
class BarnesHutTsneTest {

    @Test
    void thetaZeroWithAllNeighboursIsTheExactGradient() {
        for (int d = 2; d <= 3; d++) {
            int n = 61, p = 6;
            Vectors x = new Vectors(TsneTest.randoms(n * p, 1), n, p);
            double[] y = TsneTest.randoms(n * d, 2);
            Tsne exact = new Tsne(x, d, 20, y, null, Progress.NONE); // 3 · 20 ≥ n − 1: every point a neighbour
            BarnesHutTsne bh = new BarnesHutTsne(x, d, 20, 0, y, 1, Progress.NONE);
            for (double exaggeration : new double[] {1, 12}) {
                exact.gradient(exaggeration, true, Progress.NONE);
                bh.gradient(exaggeration, Progress.NONE);
                for (int e = 0; e < n * d; e++) {
                    assertEquals(exact.grad[e], bh.grad[e], 1e-6 * (1 + Math.abs(exact.grad[e])), "d=" + d + " coordinate " + e);
                }
            }
            assertEquals(exact.cost(), bh.cost(), 1e-9);
        }
    }

    @Test
    void thetaHalfIsCloseToTheExactGradient() {
        int n = 400, p = 8, d = 2;
        Vectors x = new Vectors(TsneTest.randoms(n * p, 5), n, p);
        double[] y = TsneTest.randoms(n * d, 6);
        for (int e = 0; e < y.length; e++) y[e] *= 10;
        BarnesHutTsne fine = new BarnesHutTsne(x, d, 30, 0, y, 1, Progress.NONE);
        BarnesHutTsne coarse = new BarnesHutTsne(x, d, 30, 0.5, y, 1, Progress.NONE);
        fine.gradient(1, Progress.NONE);
        coarse.gradient(1, Progress.NONE);
        double err = 0, norm = 0;
        for (int e = 0; e < n * d; e++) {
            err += (fine.grad[e] - coarse.grad[e]) * (fine.grad[e] - coarse.grad[e]);
            norm += fine.grad[e] * fine.grad[e];
        }
        // bhtsne's criterion (half-width / distance < 0.5, twice as coarse as scikit-learn's full width): 10% here;
        // what matters is the layout, held to the exact one below.
        assertTrue(Math.sqrt(err / norm) < 0.15, "relative error " + Math.sqrt(err / norm));
    }

    @Test
    void onClustersItIsAsGoodAsTheExactLayout() {
        for (int d = 2; d <= 3; d++) {
            List<Point> points = TestPoints.clusters(300, 10, 3, 3, 1, 0);
            Vectors x = Vectors.of(points, Progress.NONE);
            double[] init = init(x, d);
            Tsne exact = new Tsne(x, d, 30, init, null, Progress.NONE);
            exact.optimise(Tsne.FRESH_ITERATIONS, Tsne.EXAGGERATION_ITERATIONS, Progress.NONE, 0, 1);
            BarnesHutTsne bh = new BarnesHutTsne(x, d, 30, BarnesHutTsne.THETA, init, 1, Progress.NONE);
            bh.optimise(Tsne.FRESH_ITERATIONS, Tsne.EXAGGERATION_ITERATIONS, Progress.NONE, 0, 1);

            double tExact = trustworthiness(x, exact.y, d, 10), tBh = trustworthiness(x, bh.y, d, 10);
            assertTrue(tBh >= tExact - 0.01, "trustworthiness " + tBh + " vs exact " + tExact);
            double klBh = bh.cost();
            System.arraycopy(exact.y, 0, bh.y, 0, exact.y.length);
            double klOfExactLayout = bh.cost(); // both layouts under the same sparse P
            assertTrue(klBh <= klOfExactLayout + 0.05, "KL " + klBh + " vs exact layout's " + klOfExactLayout);
            Layout layout = new Layout(Method.TSNE, d, points.stream().map(Point::key).toList(), rows(exact.y, d));
            assertTrue(TestPoints.purity(layout, 10) > 0.95);
            System.arraycopy(init, 0, bh.y, 0, init.length);
        }
    }

    @Test
    void sameSeedSameLayoutAndCancellable() {
        List<Point> points = TestPoints.clusters(500, 10, 4, 3, 2, 0);
        Vectors x = Vectors.of(points, Progress.NONE);
        double[] init = init(x, 2);
        BarnesHutTsne a = new BarnesHutTsne(x, 2, 30, 0.5, init, 7, Progress.NONE);
        BarnesHutTsne b = new BarnesHutTsne(x, 2, 30, 0.5, init, 7, Progress.NONE);
        a.optimise(100, 50, Progress.NONE, 0, 1);
        b.optimise(100, 50, Progress.NONE, 0, 1);
        assertArrayEquals(a.y, b.y);
        Progress cancelled = new Progress() {
            @Override
            public void report(double fraction) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        assertThrows(CancellationException.class, () -> a.optimise(10, 0, cancelled, 0, 1));
    }

    @Test
    void theProjectorUsesItPastTheExactLimitAndWarmStartsIt() {
        List<Point> points = TestPoints.clusters(Projector.EXACT_TSNE_BELOW + 100, 10, 4, 3, 41, 0);
        Projector projector = new Projector();
        Layout fresh = projector.project(points, Method.TSNE, 2, null, null);
        assertTrue(TestPoints.purity(fresh, 10) > 0.95, "purity " + TestPoints.purity(fresh, 10));
        Layout again = projector.project(points, Method.TSNE, 2, fresh, null);
        double move = TestPoints.meanMove(fresh, again), spread = TestPoints.spread(fresh);
        assertTrue(move < 0.05 * spread, "moved " + move + " in a layout of spread " + spread);
        assertTrue(TestPoints.purity(again, 10) > 0.95);
    }

    static double[] init(Vectors x, int d) {
        double[] pca = Pca.scores(x, d, Progress.NONE);
        double mean = 0, s = 0;
        int n = x.n();
        for (int i = 0; i < n; i++) mean += pca[i * d] / n;
        for (int i = 0; i < n; i++) s += (pca[i * d] - mean) * (pca[i * d] - mean) / n;
        for (int e = 0; e < pca.length; e++) pca[e] *= 1e-4 / Math.sqrt(s);
        return pca;
    }

    private static double[][] rows(double[] y, int d) {
        double[][] out = new double[y.length / d][d];
        for (int i = 0; i < out.length; i++) System.arraycopy(y, i * d, out[i], 0, d);
        return out;
    }

    /** scikit-learn's trustworthiness: 1 − 2/(nk(2n − 3k − 1)) Σ_i Σ_{j in layout's k-NN, not input's} (rank_input(i, j) − k). */
    static double trustworthiness(Vectors x, double[] y, int d, int k) {
        int n = x.n();
        double penalty = 0;
        for (int i = 0; i < n; i++) {
            final int row = i;
            Integer[] byInput = order(n, i, j -> x.squaredDistance(row, j));
            Integer[] byLayout = order(n, i, j -> {
                double s = 0;
                for (int c = 0; c < d; c++) s += (y[row * d + c] - y[j * d + c]) * (y[row * d + c] - y[j * d + c]);
                return s;
            });
            int[] rank = new int[n];
            for (int r = 0; r < n; r++) rank[byInput[r]] = r; // the point itself has rank 0
            for (int q = 1; q <= k; q++) penalty += Math.max(0, rank[byLayout[q]] - k);
        }
        return 1 - 2.0 / (n * k * (2.0 * n - 3 * k - 1)) * penalty;
    }

    private static Integer[] order(int n, int i, java.util.function.IntToDoubleFunction dist) {
        Integer[] o = new Integer[n];
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            o[j] = j;
            v[j] = j == i ? -1 : dist.applyAsDouble(j);
        }
        Arrays.sort(o, (a, b) -> Double.compare(v[a], v[b]));
        return o;
    }
}
