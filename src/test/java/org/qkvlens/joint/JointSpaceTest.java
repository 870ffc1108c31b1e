package org.qkvlens.joint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;

/**
 * The joint space on hand-made vectors: which rows it takes per head and side, the centroids and norms after
 * normalisation (values worked out by hand), the points' keys and labels, the cosine option, masks, and the messages
 * for what it cannot build.
 */
class JointSpaceTest {

    /** Two probes of decoder–encoder attention, C = 4, 2 heads: head 1 is columns 2..3. */
    private static Snapshot crossSnapshot() {
        ProbeCapture a = Captures.capture(0, Site.DEC_CROSS,
                new float[][] {{9, 9, 2, 0}, {9, 9, 0, 2}},            // 2 decoder queries
                new float[][] {{9, 9, 10, 0}, {9, 9, 0, 10}, {9, 9, 10, 10}}, null); // 3 source keys
        ProbeCapture b = Captures.capture(3, Site.DEC_CROSS,
                new float[][] {{9, 9, 2, 2}},
                new float[][] {{9, 9, 0, 0}}, null);
        return new Snapshot(7, 70, true, 1, 2, List.of(a, b));
    }

    @Test
    void translationMovesTheKeyCentroidOntoTheQueryCentroid() {
        JointSpace s = JointSpace.of(crossSnapshot(), 4, Site.DEC_CROSS, 0, 1, 2, false);
        assertEquals(1, s.scale());
        // queries of head 1: (2,0), (0,2), (2,2): centroid (4/3, 4/3); keys (10,0), (0,10), (10,10), (0,0): (5, 5)
        assertArrayEquals(new double[] {4.0 / 3 - 5, 4.0 / 3 - 5}, s.translation(), 1e-12);
        assertArrayEquals(new double[] {10 + 4.0 / 3 - 5, 4.0 / 3 - 5}, s.probe(0).k()[0], 1e-12);
        assertArrayEquals(new double[] {2, 0}, s.probe(0).q()[0], 1e-12);
        assertArrayEquals(centroid(s, true), centroid(s, false), 1e-12);
        // the model's q·k is kept apart from the translated one: (2,0)·(10,0) = 20
        assertEquals(20, s.probe(0).rawDot(0, 0), 1e-12);
        assertEquals(20 + 2 * (4.0 / 3 - 5), s.probe(0).dot(0, 0), 1e-12);
    }

    @Test
    void scalingEqualisesMeanNormsAndKeepsTheCentroidsTogether() {
        JointSpace s = JointSpace.of(crossSnapshot(), 4, Site.DEC_CROSS, 0, 1, 2, true);
        double meanQ = (2 + 2 + Math.sqrt(8)) / 3, meanK = (10 + 10 + Math.sqrt(200) + 0) / 4;
        double c = Math.sqrt(meanQ / meanK);
        assertEquals(c, s.scale(), 1e-12);
        assertArrayEquals(new double[] {2 / c, 0}, s.probe(0).q()[0], 1e-12);
        assertArrayEquals(centroid(s, true), centroid(s, false), 1e-12);
        assertEquals(20, s.probe(0).rawDot(0, 0), 1e-12);   // scaling by c and 1/c leaves q·k as it was
    }

    @Test
    void pointsAreKeyedBySideKindAndPositionAndLabelledWithTheirWord() {
        JointSpace s = JointSpace.of(crossSnapshot(), 4, Site.DEC_CROSS, 0, 1, 2, false);
        List<Point> points = s.points(Metric.EUCLIDEAN);
        assertEquals(2 + 3 + 1 + 1, points.size());
        Point q = points.get(1), k = points.get(2);
        assertEquals(new PointKey(0, true, 1, Kind.Q, 4), q.key());
        assertEquals("d1", q.token());
        assertEquals(new PointKey(0, false, 0, Kind.K, 4), k.key());
        assertEquals("s0", k.token());
        assertEquals(7, k.epoch());
        assertEquals("key \"s0\", probe 0, position 0", JointSpace.describe(k));
        assertEquals("query \"d1\", probe 0, position 1", JointSpace.describe(q));
        assertArrayEquals(new float[] {(float) (10 + 4.0 / 3 - 5), (float) (4.0 / 3 - 5)}, k.vector(), 1e-6f);
        assertEquals(new PointKey(3, true, 0, Kind.Q, 4), points.get(5).key());
    }

    @Test
    void cosineHandsOverUnitVectorsInTheSameDirections() {
        JointSpace s = JointSpace.of(crossSnapshot(), 4, Site.DEC_CROSS, 0, 1, 2, true);
        List<Point> euclid = s.points(Metric.EUCLIDEAN), cosine = s.points(Metric.COSINE);
        for (int n = 0; n < euclid.size(); n++) {
            float[] e = euclid.get(n).vector(), u = cosine.get(n).vector();
            assertEquals(1, cosine.get(n).norm(), 1e-6);
            double len = euclid.get(n).norm();
            for (int f = 0; f < e.length; f++) assertEquals(e[f] / len, u[f], 1e-6);
        }
    }

    @Test
    void selfAttentionTakesOneSideAndDecoderSelfAttentionIsCausalWithPaddingMasked() {
        float[][] rows = {{1, 0}, {0, 1}, {1, 1}};
        ProbeCapture p = Captures.capture(0, Site.DEC_SELF, rows, rows, List.of("a", "<pad>", "<eos>"));
        JointSpace s = JointSpace.of(new Snapshot(1, 1, true, 0, 0, List.of(p)), 0, Site.DEC_SELF, 0, 0, 1, false);
        ProbeVectors v = s.probe(0);
        assertTrue(v.visible(2, 0));
        assertFalse(v.visible(0, 1));     // later position
        assertFalse(v.visible(2, 2));     // fed <pad> (the output of position 1)
        assertTrue(v.visible(1, 1));
        assertEquals(new PointKey(0, true, 2, Kind.K, 0), s.keyKey(0, 2));
        assertNotEquals(s.queryKey(0, 2), s.keyKey(0, 2));   // same side and position, told apart by kind
        ProbeCapture e = Captures.capture(0, Site.ENC_SELF, rows, rows, null);
        ProbeVectors enc = JointSpace.of(new Snapshot(1, 1, true, 0, 0, List.of(e)), 0, Site.ENC_SELF, 0, 0, 1, false).probe(0);
        assertTrue(enc.visible(0, 2));
        assertEquals(List.of("s0", "s1", "s2"), enc.keyLabels());
    }

    @Test
    void refusesWhatItCannotBuildWithAMessage() {
        Snapshot s = crossSnapshot();
        var noArrays = assertThrows(IllegalArgumentException.class, () -> JointSpace.of(s, 0, Site.ENC_SELF, 0, 0, 2, false));
        assertEquals("the snapshot of epoch 7 holds no enc_self_l0_Q and enc_self_l0_K of any probe", noArrays.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JointSpace.of(s, 0, Site.DEC_CROSS, 0, 2, 2, false));
        assertThrows(IllegalArgumentException.class, () -> JointSpace.of(s, 0, Site.DEC_OUT, 0, 0, 2, false));
        ProbeCapture onlyQ = new ProbeCapture(0, "x", List.of("s0"), List.of("w0"), List.of("d0"), false,
                Map.of(new ArrayKey(Site.DEC_CROSS, 0, Kind.Q), Captures.tensor(new float[][] {{1, 2}})));
        JointSpace partial = JointSpace.of(new Snapshot(7, 70, true, 1, 2, List.of(onlyQ, s.probe(3))), 0,
                Site.DEC_CROSS, 0, 0, 2, false);
        assertEquals(1, partial.probes().size());   // a probe without K is left out
        assertEquals(3, partial.probes().getFirst().probe());
    }

    private static double[] centroid(JointSpace s, boolean queries) {
        double[] sum = new double[2];
        int n = 0;
        for (ProbeVectors p : s.probes()) {
            for (double[] r : queries ? p.q() : p.k()) {
                for (int f = 0; f < r.length; f++) sum[f] += r[f];
                n++;
            }
        }
        for (int f = 0; f < sum.length; f++) sum[f] /= n;
        return sum;
    }
}
