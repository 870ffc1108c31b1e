package org.qkvlens.joint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.PointKey;

/** The lines of a picked query: its visible keys and softmax weights worked out by hand. */
class AttentionLinesTest {

    @Test
    void crossAttentionLinesCarrySoftmaxWeights() {
        // q = (1, 0), keys (2, 0) and (0, 0), D = 2: energies √2 and 0
        ProbeCapture p = Captures.capture(0, Site.DEC_CROSS, new float[][] {{1, 0}}, new float[][] {{2, 0}, {0, 0}}, null);
        JointSpace s = JointSpace.of(new Snapshot(1, 1, true, 0, 0, List.of(p)), 2, Site.DEC_CROSS, 0, 0, 1, true);
        List<AttentionLines.Line> lines = AttentionLines.of(s, s.queryKey(0, 0));
        double e = Math.exp(Math.sqrt(2));
        assertEquals(2, lines.size());
        assertEquals(e / (e + 1), lines.get(0).weight(), 1e-12);
        assertEquals(1 / (e + 1), lines.get(1).weight(), 1e-12);
        assertEquals(new PointKey(0, false, 1, Kind.K, 2), lines.get(1).key());
        assertEquals("s1", lines.get(1).keyWord());
        assertEquals(s.queryKey(0, 0), lines.get(0).query());
    }

    @Test
    void decoderSelfAttentionLinesStopAtTheQuery() {
        float[][] rows = {{1, 0}, {0, 1}, {1, 1}};
        ProbeCapture p = Captures.capture(0, Site.DEC_SELF, rows, rows, null);
        JointSpace s = JointSpace.of(new Snapshot(1, 1, true, 0, 0, List.of(p)), 0, Site.DEC_SELF, 0, 0, 1, false);
        assertEquals(1, AttentionLines.of(s, s.queryKey(0, 0)).size());
        assertEquals(1, AttentionLines.of(s, s.queryKey(0, 0)).getFirst().weight(), 1e-12);
        List<AttentionLines.Line> last = AttentionLines.of(s, s.queryKey(0, 2));
        assertEquals(3, last.size());
        // q = (1,1): energies 1/√2, 1/√2, 2/√2
        double a = Math.exp(1 / Math.sqrt(2)), b = Math.exp(2 / Math.sqrt(2));
        assertEquals(b / (2 * a + b), last.get(2).weight(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> AttentionLines.of(s, s.keyKey(0, 0)));
        assertThrows(IllegalArgumentException.class, () -> AttentionLines.of(s, new PointKey(0, true, 3, Kind.Q, 0)));
        assertThrows(IllegalArgumentException.class, () -> AttentionLines.of(s, new PointKey(5, true, 0, Kind.Q, 0)));
    }
}
