package org.qkvlens.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.qkvlens.io.Json;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;

/**
 * The figures of {@link ClusterAnalysis} on {@link ClusterFixture}, worked out by hand, and its parts on small cases:
 * NMI against scikit-learn's definition, silhouette, DBSCAN, and determinism when the points are sampled.
 */
class ClusterAnalysisTest {
    private static final double EPS = 1e-6;

    private static ClusterReport fixture(int head, List<Kind> kinds) {
        Snapshot s = ClusterFixture.record().snapshots().getLast();
        return ClusterAnalysis.analyze(s, new ClusterQuery(Site.DEC_CROSS, 0, head, 2, kinds), ClusterAnalysis.DEFAULTS);
    }

    /**
     * Head 0 of K follows the word. Six unit vectors, x: a=(1,0) p0, b=(.8,−.6) p1, c=(.6,−.8) p2; y: d=(0,1) p0,
     * e=(−.6,.8) p1, f=(−.8,.6) p2. Positions: a, e, c are at 0; d, b, f at 1.
     * <ul>
     * <li>k = 2 (silhouette ≈ 0.67; the x and y arcs are ≥ 1.41 apart, within ≤ 0.89): clusters {a,b,c}, {d,e,f}.</li>
     * <li>NMI(word) = 1: the clusters are the words.</li>
     * <li>NMI(position): the table cluster × position is [[2,1],[1,2]] of 6; H = ln 2 for both; MI = 2·(2/6)·ln((2/6)/(1/4))
     * + 2·(1/6)·ln((1/6)/(1/4)) = (1/3)·ln(32/27); NMI = MI / ln 2 = 5/3 − log2 3 ≈ 0.0817.</li>
     * <li>NMI(sentence) = 0: every cluster has one vector of each probe.</li>
     * <li>Same word, different sentences: a·b = .8, a·c = .6, b·c = .96, and the same for d, e, f: mean 2.36/3 ≈ 0.7867 over 6 pairs.</li>
     * <li>Same position: a·e = −.6, a·c = .6, e·c = −1, and d·b = −.6, d·f = .6, b·f = −1: mean −2/6 over 6 pairs.</li>
     * <li>All pairs from different sentences: Σu = (1, 1), so all 15 pairs sum to (|Σu|² − 6)/2 = −2; the same-sentence
     * pairs a·d = 0, b·e = −.96, c·f = −.96 sum to −1.92; the 12 others: −0.08/12.</li>
     * </ul>
     */
    @Test
    void headZeroFollowsTheWord() {
        ClusterReport r = fixture(0, List.of(Kind.K));
        assertEquals(6, r.n());
        assertEquals(2, r.words());
        assertEquals(3, r.sentences());
        assertEquals(2, r.kmeans().k());
        assertEquals(6, r.kmeans().sample());
        assertEquals(1.0, r.nmi().word(), EPS);
        assertEquals(5.0 / 3 - Math.log(3) / Math.log(2), r.nmi().position(), EPS);
        assertEquals(0.0, r.nmi().sentence(), EPS);
        assertTrue(Double.isNaN(r.nmi().kind()), "one kind: no kind NMI");
        assertEquals(2.36 / 3, r.cosine().sameWord().mean(), EPS);
        assertEquals(6, r.cosine().sameWord().pairs());
        assertEquals(-1.0 / 3, r.cosine().samePosition().mean(), EPS);
        assertEquals(6, r.cosine().samePosition().pairs());
        assertEquals(-0.08 / 12, r.cosine().all().mean(), EPS);
        assertEquals(12, r.cosine().all().pairs());
        // silhouette of k = 2 by hand: s(a) = 1 − 0.763/1.700, s(b) = 1 − 0.4575/1.923, s(c) = 1 − 0.5885/1.959, y alike
        assertEquals(0.671, r.kmeans().silhouette(), 2e-3);
    }

    /** Head 1 holds the same vectors assigned by position: the roles of word and position swap. */
    @Test
    void headOneFollowsThePosition() {
        ClusterReport r = fixture(1, List.of(Kind.K));
        assertEquals(2, r.kmeans().k());
        assertEquals(1.0, r.nmi().position(), EPS);
        assertEquals(5.0 / 3 - Math.log(3) / Math.log(2), r.nmi().word(), EPS);
        assertEquals(2.36 / 3, r.cosine().samePosition().mean(), EPS);
        assertEquals(-1.0 / 3, r.cosine().sameWord().mean(), EPS);
    }

    /**
     * K and V together: V = K + 20 lies ≈ 28 away from every K (K spans ≤ 4), so k = 2 splits the kinds: NMI(kind) = 1, and each
     * cluster holds both words, both positions and all sentences equally: those NMIs are 0. Cosines pair only
     * vectors of the same kind: twice K's pairs.
     */
    @Test
    void twoKindsMakeKindALabel() {
        ClusterReport r = fixture(0, List.of(Kind.K, Kind.V));
        assertEquals(12, r.n());
        assertEquals(2, r.kmeans().k());
        assertEquals(1.0, r.nmi().kind(), EPS);
        assertEquals(0.0, r.nmi().word(), EPS);
        assertEquals(0.0, r.nmi().position(), EPS);
        assertEquals(0.0, r.nmi().sentence(), EPS);
        assertEquals(12, r.cosine().sameWord().pairs());
        assertEquals(24, r.cosine().all().pairs());
    }

    /** sklearn: normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8, and its special cases. */
    @Test
    void nmiAsScikitLearn() {
        // MI = ln 2 (the first labelling is a function of the second); H = ln 2 and 1.5 ln 2; NMI = ln2 / (1.25 ln 2) = 0.8
        assertEquals(0.8, Nmi.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}), 1e-12);
        assertEquals(1.0, Nmi.of(new int[] {3, 3, 3}, new int[] {7, 7, 7}), 0);
        assertEquals(0.0, Nmi.of(new int[] {0, 0, 0, 0}, new int[] {0, 1, 0, 1}), 0);
        assertEquals(1.0, Nmi.of(new int[] {0, 1, 2}, new int[] {5, 4, 3}), 1e-12);
    }

    /** Points 0, 1 (cluster A) and 10 (B): s(0) = 1 − 1/10, s(1) = 1 − 1/9, s(10) = 0 (alone); mean = (0.9 + 8/9) / 3. */
    @Test
    void silhouetteByHand() {
        Distances d = Distances.of(new float[][] {{0}, {1}, {10}});
        assertEquals((0.9 + 8.0 / 9) / 3, Silhouette.mean(d, new int[] {0, 0, 1}, 2), 1e-6);
    }

    /** Two tight blobs of 10 and a far outlier: the knee's eps makes two clusters and one noise point. */
    @Test
    void dbscanFindsTwoBlobsAndTheOutlier() {
        float[][] x = new float[21][];
        Random random = new Random(3);
        for (int i = 0; i < 20; i++) {
            float cx = i < 10 ? 0 : 10;
            x[i] = new float[] {cx + 0.3f * (float) random.nextGaussian(), 0.3f * (float) random.nextGaussian()};
        }
        x[20] = new float[] {5, 30};
        Dbscan.Result r = Dbscan.fit(Distances.of(x), 5);
        assertEquals(2, r.clusters());
        assertEquals(Dbscan.NOISE, r.labels()[20]);
        assertEquals(1.0 / 21, r.noiseFraction(), 1e-12);
        assertTrue(r.eps() < 2, "eps " + r.eps());
    }

    /** A sample smaller than kMax + 1 caps k's range; one too small to split leaves the clusters out, not the cosines. */
    @Test
    void smallSamplesCapOrSkipTheClustering() {
        ClusterReport full = fixture(0, List.of(Kind.K));
        Snapshot s = ClusterFixture.record().snapshots().getLast();
        ClusterQuery q = new ClusterQuery(Site.DEC_CROSS, 0, 0, 2, List.of(Kind.K));
        ClusterAnalysis.Settings d = ClusterAnalysis.DEFAULTS;
        ClusterReport four = ClusterAnalysis.analyze(s, q, new ClusterAnalysis.Settings(2, 12, 4, 2, 100, 5, 1234));
        assertEquals(3, four.kmeans().kMax());
        assertEquals(4, four.kmeans().sample());
        assertEquals(2, four.kmeans().silhouettes().length);
        assertEquals(6, four.n());
        ClusterReport two = ClusterAnalysis.analyze(s, q, new ClusterAnalysis.Settings(d.kMin(), d.kMax(), 2, 2, 100, 5, 1234));
        assertEquals(null, two.kmeans());
        assertEquals(null, two.nmi());
        assertEquals(full.cosine(), two.cosine());
        assertTrue(Json.write(two.toMap()).contains("\"kmeans\":null"), Json.write(two.toMap()));
    }

    /** More points than the sample: the same seed gives the same figures, another seed another sample. */
    @Test
    void deterministicWhenSampling() {
        Random random = new Random(5);
        int n = 600, d = 8;
        float[][] x = new float[n][d];
        int[] word = new int[n], pos = new int[n], sent = new int[n], kind = new int[n];
        for (int i = 0; i < n; i++) {
            word[i] = i % 7;
            pos[i] = i % 5;
            sent[i] = i / 5;
            for (int c = 0; c < d; c++) x[i][c] = (float) (random.nextGaussian() * 0.3 + (c == word[i] ? 3 : 0));
        }
        LabelledVectors v = new LabelledVectors(x, word, pos, sent, kind, List.of("a", "b", "c", "d", "e", "f", "g"));
        ClusterAnalysis.Settings s = new ClusterAnalysis.Settings(2, 12, 200, 4, 100, 5, 1234);
        ClusterReport a = ClusterAnalysis.analyze(1, 10, v, 1, s), b = ClusterAnalysis.analyze(1, 10, v, 1, s);
        assertEquals(Json.write(a.toMap()), Json.write(b.toMap()));
        assertEquals(200, a.kmeans().sample());
        assertEquals(7, a.kmeans().k());
        assertEquals(1.0, a.nmi().word(), EPS);
        assertArrayEquals(ClusterAnalysis.sample(n, 200, 1234), ClusterAnalysis.sample(n, 200, 1234));
        assertNotEquals(List.of(ClusterAnalysis.sample(n, 200, 1234)), List.of(ClusterAnalysis.sample(n, 200, 99)));
    }
}
