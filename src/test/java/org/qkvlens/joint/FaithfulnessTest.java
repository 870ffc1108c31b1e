package org.qkvlens.joint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.PointKey;

/** Spearman's ρ on values worked out by hand (ties included), and the readout on layouts whose answer is known. */
class FaithfulnessTest {

    @Test
    void spearmanOfMonotoneAndReversedAndTiedValues() {
        assertEquals(1, Faithfulness.spearman(new double[] {1, 5, 2, 9}, new double[] {10, 50, 20, 90.5}), 1e-12);
        assertEquals(-1, Faithfulness.spearman(new double[] {1, 5, 2, 9}, new double[] {3, -1, 2, -7}), 1e-12);
        // ranks of x: 1, 2.5, 2.5, 4; of y: 1..4 → ρ = 4.5 / √(4.5·5) (scipy.stats.spearmanr: 0.9486832980505138)
        assertEquals(0.9486832980505138, Faithfulness.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}), 1e-12);
        assertArrayEquals(new double[] {2, 4, 2, 2, 5}, Faithfulness.ranks(new double[] {7, 8, 7, 7, 9}), 0);
        assertTrue(Double.isNaN(Faithfulness.spearman(new double[] {1, 1}, new double[] {1, 2})));
        assertTrue(Double.isNaN(Faithfulness.spearman(new double[] {1}, new double[] {1})));
        assertThrows(IllegalArgumentException.class, () -> Faithfulness.spearman(new double[] {1}, new double[] {1, 2}));
    }

    /**
     * Two probes of decoder–encoder attention, each with queries and keys in 3 dimensions. The layout puts key j of
     * query i's probe at distance exactly 1000 − q_i·k_j from query i: one query per probe, at the origin, and its
     * keys on a line. Distance falls as q·k grows, in the same order: ρ = −1. Reversing it gives +1.
     */
    @Test
    void aLayoutWhoseDistancesFallWithQkGivesMinusOne() {
        JointSpace s = space();
        assertEquals(-1, Faithfulness.of(s, lineLayout(s, -1)), 1e-12);
        assertEquals(1, Faithfulness.of(s, lineLayout(s, +1)), 1e-12);
    }

    @Test
    void missingPointsAreNamed() {
        JointSpace s = space();
        Layout empty = new Layout(Method.PCA, 2, List.of(), new double[0][]);
        var e = assertThrows(IllegalArgumentException.class, () -> Faithfulness.of(s, empty));
        assertTrue(e.getMessage().startsWith("the layout has no position for PointKey"), e.getMessage());
    }

    private static JointSpace space() {
        ProbeCapture a = Captures.capture(0, Site.DEC_CROSS, new float[][] {{1, 2, 0}},
                new float[][] {{3, 0, 1}, {0, 4, 1}, {-1, -1, 2}, {2, 2, 2}}, null);
        ProbeCapture b = Captures.capture(1, Site.DEC_CROSS, new float[][] {{-2, 1, 1}},
                new float[][] {{1, 1, 1}, {5, 0, 0}, {0, 0, 3}}, null);
        return JointSpace.of(new Snapshot(1, 1, true, 0, 0, List.of(a, b)), 0, Site.DEC_CROSS, 0, 0, 1, true);
    }

    /** Queries at the origin; key j at (1000 + sign·q·k_j, 0) for the raw q·k, worked out here from the inputs. */
    private static Layout lineLayout(JointSpace s, int sign) {
        float[][][] q = {{{1, 2, 0}}, {{-2, 1, 1}}};
        float[][][] k = {{{3, 0, 1}, {0, 4, 1}, {-1, -1, 2}, {2, 2, 2}}, {{1, 1, 1}, {5, 0, 0}, {0, 0, 3}}};
        List<PointKey> keys = new ArrayList<>();
        List<double[]> coords = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            keys.add(s.queryKey(p, 0));
            coords.add(new double[] {0, 0});
            for (int j = 0; j < k[p].length; j++) {
                double dot = 0;
                for (int f = 0; f < 3; f++) dot += q[p][0][f] * k[p][j][f];
                keys.add(s.keyKey(p, j));
                coords.add(new double[] {1000 + sign * dot, 0});
            }
        }
        return new Layout(Method.PCA, 2, keys, coords.toArray(double[][]::new));
    }
}
