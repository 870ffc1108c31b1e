package org.qkvlens.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.SplitMix64;

/**
 * t-SNE: the gradient against finite differences of the KL cost, the vector kernel against its reference,
 * the perplexity search, then the whole method on clusters: separation, falling cost, warm start, determinism.
 */
class TsneTest {
    private final Projector projector = new Projector();

    @Test
    void gradientMatchesFiniteDifferencesOfTheCost() {
        for (int d = 2; d <= 3; d++) {
            int n = 13, p = 5;
            Tsne t = new Tsne(new Vectors(randoms(n * p, 1), n, p), d, 4, randoms(n * d, 2), null, Progress.NONE);
            t.gradient(1, true, Progress.NONE);
            double[] analytic = t.grad.clone();
            double h = 1e-6;
            for (int e = 0; e < n * d; e++) {
                double keep = t.y[e];
                t.y[e] = keep + h;
                double up = t.cost();
                t.y[e] = keep - h;
                double down = t.cost();
                t.y[e] = keep;
                assertEquals((up - down) / (2 * h), analytic[e], 1e-6, "d=" + d + " coordinate " + e);
            }
        }
    }

    @Test
    void vectorKernelMatchesTheReference() {
        for (int d = 2; d <= 3; d++) {
            int n = 203, p = 7; // not a multiple of any lane count: the scalar tail runs too
            Tsne t = new Tsne(new Vectors(randoms(n * p, 3), n, p), d, 20, randoms(n * d, 4), null, Progress.NONE);
            t.gradient(12, true, Progress.NONE);
            double[] reference = t.grad.clone();
            t.gradient(12, false, Progress.NONE);
            for (int e = 0; e < n * d; e++) assertEquals(reference[e], t.grad[e], 1e-12 * (1 + Math.abs(reference[e])));
        }
    }

    @Test
    void eachRowHasTheTargetPerplexity() {
        int n = 50;
        SplitMix64 rng = new SplitMix64(5);
        for (double perplexity : new double[] {2, 10, 30}) {
            double[] row = new double[n];
            for (int j = 0; j < n; j++) row[j] = 1000 * rng.nextFloat(); // large distances: no underflow to 0/0
            Tsne.conditionalRow(row, 0, 7, n, Math.log(perplexity));
            double entropy = 0, sum = 0;
            for (double v : row) {
                sum += v;
                if (v > 0) entropy -= v * Math.log(v);
            }
            assertEquals(1, sum, 1e-12);
            assertEquals(0, row[7]);
            assertEquals(perplexity, Math.exp(entropy), 1e-3 * perplexity);
        }
    }

    @Test
    void separatesClustersAndTheCostFalls() {
        List<Point> points = TestPoints.clusters(180, 20, 3, 1.5, 21, 0);
        Layout layout = projector.project(points, Method.TSNE, 2, null, null);
        assertTrue(TestPoints.purity(layout, 10) > 0.95, "purity " + TestPoints.purity(layout, 10));

        double[] x = new double[180 * 20];
        for (int i = 0; i < 180; i++) for (int f = 0; f < 20; f++) x[i * 20 + f] = points.get(i).vector()[f];
        Tsne t = new Tsne(new Vectors(x, 180, 20), 2, Tsne.defaultPerplexity(180), randoms(360, 6), null, Progress.NONE);
        double start = t.cost();
        t.optimise(250, 250, Progress.NONE, 0, 1);
        double afterExaggeration = t.cost();
        t.optimise(250, 0, Progress.NONE, 0, 1);
        double middle = t.cost();
        t.optimise(500, 0, Progress.NONE, 0, 1);
        double end = t.cost();
        assertTrue(start > afterExaggeration && afterExaggeration > middle && middle > end,
                "KL " + start + " → " + afterExaggeration + " → " + middle + " → " + end);
    }

    @Test
    void warmStartOnTheSamePointsBarelyMoves() {
        List<Point> points = TestPoints.clusters(200, 16, 4, 2, 31, 0);
        Layout fresh = projector.project(points, Method.TSNE, 2, null, null);
        Layout again = projector.project(points, Method.TSNE, 2, fresh, null);
        double move = TestPoints.meanMove(fresh, again), spread = TestPoints.spread(fresh);
        assertTrue(move < 0.03 * spread, "moved " + move + " in a layout of spread " + spread);
    }

    @Test
    void aNewEpochStartsOnItsTracksAndStaysNearThem() {
        List<Point> epoch0 = TestPoints.clusters(150, 16, 3, 2, 41, 0);
        Layout first = projector.project(epoch0, Method.TSNE, 2, null, null);
        List<Point> both = new ArrayList<>(epoch0);
        both.addAll(TestPoints.nextSnapshot(epoch0, 1, 0.1, 42));
        Layout second = projector.project(both, Method.TSNE, 2, first, null);
        double spread = TestPoints.spread(first), apart = 0;
        for (Point pt : epoch0) apart += Math.sqrt(TestPoints.squared(second.position(pt.key()), second.position(pt.key().at(1))));
        apart /= epoch0.size();
        assertTrue(apart < 0.1 * spread, "a token's two epochs are " + apart + " apart, spread " + spread);
        assertTrue(TestPoints.meanMove(first, second) < 0.25 * spread);
        assertTrue(TestPoints.purity(second, 10) > 0.95);
    }

    @Test
    void aTrackThatChangesClusterFollowsItsVector() {
        List<Point> epoch0 = TestPoints.clusters(240, 16, 3, 2, 101, 0);
        Layout first = projector.project(epoch0, Method.TSNE, 2, null, null);
        List<Point> both = new ArrayList<>(epoch0);
        both.addAll(TestPoints.jumped(epoch0, 1, 3)); // a third of the tracks start in the wrong cluster
        Layout second = projector.project(both, Method.TSNE, 2, first, null);
        double purity = TestPoints.purityOf(second, 1, 10);
        assertTrue(purity > 0.95, "points of the new snapshot among their cluster: " + purity);
    }

    @Test
    void sameInputSameLayout() {
        List<Point> points = TestPoints.clusters(120, 10, 3, 2, 51, 0);
        Layout a = projector.project(points, Method.TSNE, 3, null, null);
        Layout b = new Projector().project(points, Method.TSNE, 3, null, null);
        for (int i = 0; i < points.size(); i++) assertArrayEquals(a.coords()[i], b.coords()[i], 0);
        Layout warmA = projector.project(points, Method.TSNE, 3, a, null);
        Layout warmB = projector.project(points, Method.TSNE, 3, a, null);
        for (int i = 0; i < points.size(); i++) assertArrayEquals(warmA.coords()[i], warmB.coords()[i], 0);
    }

    @Test
    void tinyAndIdenticalInputsGiveFiniteLayouts() {
        for (int n = 1; n <= 4; n++) {
            Layout l = projector.project(TestPoints.clusters(n, 6, 2, 1, n, 0), Method.TSNE, 2, null, null);
            assertEquals(n, l.keys().size());
            TestPoints.assertFinite(l);
        }
        List<Point> same = new ArrayList<>();
        for (int i = 0; i < 30; i++) same.add(PcaTest.point(i, 1, 2, 3));
        TestPoints.assertFinite(projector.project(same, Method.TSNE, 2, null, null));
        List<Point> mixed = new ArrayList<>(TestPoints.clusters(40, 3, 2, 2, 3, 0));
        for (int i = 0; i < 10; i++) mixed.add(PcaTest.point(100 + i, 5, 5, 5));
        Layout l = projector.project(mixed, Method.TSNE, 2, null, null);
        TestPoints.assertFinite(l);
        assertArrayEquals(l.coords()[40], l.coords()[49], 1e-9, "identical vectors, one place");
    }

    @Test
    void moreTiesAtTheNearestDistanceThanThePerplexityStayFinite() {
        // A real row (K and Q of the tutorial model after one epoch, 20,000 points): 35 duplicates at the nearest
        // distance, more than the perplexity of 30, so β grows past the largest double; it used to give NaN.
        double[] farther = {
                3.184884093021184, 3.184884093021184, 3.214039798816081, 3.3852605215407863, 3.4134049490851663, 3.4134049490851663,
                3.4134049490851663, 3.4134049490851663, 3.4134049490851663, 3.483971656146831, 3.483971656146831, 3.483971656146831,
                3.5696962453025445, 3.6850768668287897, 3.6850768668287897, 3.6850768668287897, 3.6850768668287897, 3.6850768668287897,
                3.6850768668287897, 3.6850768668287897, 3.6850768668287897, 3.972876604301634, 4.1676419581361275, 4.1676419581361275,
                4.1676419581361275, 4.1676419581361275, 4.1676419581361275, 33.34397163616644, 47.909656884726736, 52.66716057291427,
                52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427,
                52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427,
                52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427,
                52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427, 52.66716057291427, 52.83325474606884,
                52.83325474606884};
        double[] row = new double[91]; // squared distances, the point itself last
        java.util.Arrays.fill(row, 0, 35, 3.1056190542493742);
        System.arraycopy(farther, 0, row, 35, farther.length);
        Tsne.conditionalRow(row, 0, 90, 91, Math.log(30));
        for (int j = 0; j < 35; j++) assertEquals(1.0 / 35, row[j], 1e-9, "entry " + j);
        for (int j = 35; j < 91; j++) assertEquals(0, row[j], 1e-9, "entry " + j);
    }

    @Test
    void refusesMoreThanItCanHold() { // the projector hands so many points to Barnes–Hut instead
        int n = Tsne.MAX_POINTS + 1;
        Vectors many = new Vectors(new double[n], n, 1);
        assertThrows(IllegalArgumentException.class, () -> new Tsne(many, 2, 30, new double[2 * n], null, Progress.NONE));
    }

    static double[] randoms(int count, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        double[] v = new double[count];
        for (int e = 0; e < count; e++) v[e] = TestPoints.gaussian(rng);
        return v;
    }
}
