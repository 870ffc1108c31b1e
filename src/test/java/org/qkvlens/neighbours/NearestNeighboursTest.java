package org.qkvlens.neighbours;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.SplitMix64;

/** The brute-force neighbour search, the overlap count and the whole-picture preservation, on hand-made points. */
class NearestNeighboursTest {

    static float[][] gaussian(int n, int p, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[][] x = new float[n][p];
        for (float[] row : x) {
            for (int f = 0; f < p; f++) {
                double u = Math.max(1e-12, rng.nextFloat()), v = rng.nextFloat();
                row[f] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
            }
        }
        return x;
    }

    /** The k nearest by sorting every other point by (distance, index): what inSpace must give. */
    private static int[] sorted(float[][] x, int q, int k, NeighbourMetric m) {
        return IntStream.range(0, x.length).filter(j -> j != q).boxed()
                .sorted(Comparator.<Integer>comparingDouble(j -> m.distance(x[q], x[j])).thenComparingInt(j -> j))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void cosineAndEuclideanDistancesByHand() {
        float[] a = {3, 4}, b = {6, 8}, c = {-4, 3}, zero = {0, 0};
        assertEquals(0, NeighbourMetric.COSINE.distance(a, b), 1e-15);       // same direction
        assertEquals(1, NeighbourMetric.COSINE.distance(a, c), 1e-15);       // orthogonal
        assertEquals(1, NeighbourMetric.COSINE.distance(a, zero), 0);        // a zero vector is unrelated
        assertEquals(5, NeighbourMetric.EUCLIDEAN.distance(a, b), 1e-15);
        assertEquals(Math.sqrt(49 + 1), NeighbourMetric.EUCLIDEAN.distance(a, c), 1e-15);
    }

    @Test
    void inSpaceIsTheKSmallestDistancesNearestFirstWithoutThePointItself() {
        float[][] x = gaussian(300, 24, 7);
        for (NeighbourMetric m : NeighbourMetric.values()) {
            for (int q : new int[] {0, 17, 299}) {
                NearestNeighbours.Ranked r = NearestNeighbours.inSpace(x, q, 10, m, () -> false);
                assertArrayEquals(sorted(x, q, 10, m), r.index(), m + " point " + q);
                for (int i = 0; i < 10; i++) assertEquals(m.distance(x[q], x[r.index()[i]]), r.distance()[i], 0);
            }
        }
    }

    @Test
    void tiesGoToTheLowerIndexAndKIsCutToTheOthers() {
        float[][] x = {{1, 0}, {2, 0}, {0, 1}, {2, 0}, {1, 0}};
        // from point 0: point 4 (same vector) at 0, then 1 and 3 tie at 1, then 2 at √2
        assertArrayEquals(new int[] {4, 1, 3, 2}, NearestNeighbours.inSpace(x, 0, 50, NeighbourMetric.EUCLIDEAN, () -> false).index());
        // by cosine 1, 3 and 4 all point the same way as 0
        assertArrayEquals(new int[] {1, 3}, NearestNeighbours.inSpace(x, 0, 2, NeighbourMetric.COSINE, () -> false).index());
        assertThrows(IllegalArgumentException.class, () -> NearestNeighbours.inSpace(x, 5, 2, NeighbourMetric.COSINE, () -> false));
        assertThrows(CancellationException.class, () -> NearestNeighbours.inSpace(x, 0, 2, NeighbourMetric.COSINE, () -> true));
    }

    @Test
    void inLayoutAndOverlapByHand() {
        double[][] pos = {{0, 0}, {1, 0}, {0, 3}, {5, 5}};
        assertArrayEquals(new int[] {1, 2}, NearestNeighbours.inLayout(pos, 0, 2).index());
        assertArrayEquals(new double[] {1, 3}, NearestNeighbours.inLayout(pos, 0, 2).distance(), 0);
        assertEquals(2, NearestNeighbours.overlap(new int[] {4, 1, 9}, new int[] {9, 4, 7}));
        assertEquals(0, NearestNeighbours.overlap(new int[] {1}, new int[] {2}));
    }

    /**
     * Four points at 0, 1, 10, 11 on a line of the original space (so each one's nearest is its pair) drawn at 0, 1,
     * 10, 20: 0 and 1 keep each other, 3 keeps 2, but 2 is drawn nearer to 1 than to 3. Three of four: 0.75.
     */
    @Test
    void preservationOfAHandMadeLayout() {
        float[][] x = {{0, 0, 0}, {1, 0, 0}, {10, 0, 0}, {11, 0, 0}};
        double[][] faithful = {{0, 0}, {1, 0}, {10, 0}, {11, 0}};
        double[][] bent = {{0, 0}, {1, 0}, {10, 0}, {20, 0}};
        double[][] swapped = {{0, 0}, {10, 0}, {1, 0}, {11, 0}};
        assertEquals(1.0, Preservation.of(x, faithful, 1, NeighbourMetric.EUCLIDEAN, 500, 1, () -> false).mean(), 0);
        assertEquals(0.75, Preservation.of(x, bent, 1, NeighbourMetric.EUCLIDEAN, 500, 1, () -> false).mean(), 0);
        assertEquals(0.0, Preservation.of(x, swapped, 1, NeighbourMetric.EUCLIDEAN, 500, 1, () -> false).mean(), 0);
        Preservation p = Preservation.of(x, bent, 1, NeighbourMetric.EUCLIDEAN, 500, 1, () -> false);
        assertEquals(75, p.percent());
        assertEquals(4, p.sampled());
        assertTrue(Double.isNaN(Preservation.of(new float[][] {{1}}, new double[][] {{0}}, 3, NeighbourMetric.COSINE, 500, 1,
                () -> false).mean()));
    }

    /** The fast float kernel agrees with the exact search: the mean share over every point, both metrics. */
    @Test
    void preservationIsHeldToTheExactSearch() {
        float[][] x = gaussian(400, 37, 3);                   // 37: the lanes' tail is used
        double[][] pos = new double[x.length][];
        for (int i = 0; i < x.length; i++) pos[i] = new double[] {x[i][0] + 0.3 * x[i][1], x[i][2]};
        for (NeighbourMetric m : NeighbourMetric.values()) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                int[] space = NearestNeighbours.inSpace(x, i, 8, m, () -> false).index();
                sum += NearestNeighbours.overlap(space, NearestNeighbours.inLayout(pos, i, 8).index()) / 8.0;
            }
            Preservation p = Preservation.of(x, pos, 8, m, 500, 1, () -> false);
            assertEquals(sum / x.length, p.mean(), 1e-12, m.toString());
            assertEquals(400, p.sampled());
        }
    }

    @Test
    void aLargeSetIsSampledWithTheSeed() {
        int[] a = Preservation.sample(2000, 500, 42), b = Preservation.sample(2000, 500, 42), c = Preservation.sample(2000, 500, 43);
        assertArrayEquals(a, b);
        assertEquals(500, a.length);
        assertEquals(500, IntStream.of(a).distinct().count());
        assertTrue(!java.util.Arrays.equals(a, c));
        assertArrayEquals(IntStream.range(0, 10).toArray(), Preservation.sample(10, 500, 1));
    }
}
