package org.qkvlens.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.SplitMix64;

/** NN-descent held to the exact brute-force neighbours: recall, determinism, sorted rows. */
class KnnTest {
    static Vectors gaussian(int n, int p, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        double[] x = new double[n * p];
        for (int e = 0; e < x.length; e++) x[e] = TestPoints.gaussian(rng);
        return new Vectors(x, n, p);
    }

    static double recall(Knn.Graph approx, Knn.Graph exact) {
        int n = exact.n(), k = exact.k(), hits = 0;
        for (int i = 0; i < n; i++) {
            Set<Integer> truth = new HashSet<>();
            for (int c = 0; c < k; c++) truth.add(exact.index()[i * k + c]);
            for (int c = 0; c < k; c++) if (truth.contains(approx.index()[i * k + c])) hits++;
        }
        return hits / (double) (n * k);
    }

    @Test
    void descentFindsAtLeast95PercentOfTheExactNeighbours() {
        Vectors x = gaussian(2000, 64, 7);
        Knn.Graph exact = Knn.exact(x, 15, Progress.NONE);
        Knn.Graph approx = Knn.descent(x, 15, 1, Progress.NONE);
        double r = recall(approx, exact);
        assertTrue(r >= 0.95, "recall " + r);
        for (int i = 0; i < 2000; i++) {
            for (int c = 1; c < 15; c++) assertTrue(approx.distance()[i * 15 + c - 1] <= approx.distance()[i * 15 + c]);
            for (int c = 0; c < 15; c++) {
                int j = approx.index()[i * 15 + c];
                assertTrue(j != i && j >= 0);
                assertEquals(Math.sqrt(x.squaredDistance(i, j)), approx.distance()[i * 15 + c], 1e-9);
            }
        }
    }

    @Test
    void descentIsDeterministicForASeed() {
        Vectors x = gaussian(1500, 16, 3);
        Knn.Graph a = Knn.descent(x, 10, 5, Progress.NONE), b = Knn.descent(x, 10, 5, Progress.NONE);
        assertArrayEquals(a.index(), b.index());
        assertArrayEquals(a.distance(), b.distance());
    }

    @Test
    void plainIsTheTrueNeighboursAndExactItsMatrixProductTwin() {
        Vectors x = gaussian(700, 20, 11);
        Knn.Graph plain = Knn.plain(x, 6, Progress.NONE), exact = Knn.exact(x, 6, Progress.NONE);
        for (int i = 0; i < 700; i++) {
            double sixth = plain.distance()[i * 6 + 5];
            int closer = 0;
            for (int j = 0; j < 700; j++) if (j != i && Math.sqrt(x.squaredDistance(i, j)) < sixth) closer++;
            assertTrue(closer <= 5, "row " + i);
        }
        assertArrayEquals(plain.index(), exact.index());
        for (int e = 0; e < plain.distance().length; e++) assertEquals(plain.distance()[e], exact.distance()[e], 1e-9);
    }
}
