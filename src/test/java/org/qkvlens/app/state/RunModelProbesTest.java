package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The app's probe list is read with the probe files' parser; a line it rejects shows why, inline, and the rest stay. */
class RunModelProbesTest {
    @Test
    void aLineWithTwoTabsIsFlaggedAsAProbeFileWouldBe() {
        RunModel run = new RunModel(Background.direct(), new LiveRun());
        run.probeLines().setAll("we can eat apple\twir können apfel essen", "a\tb\tc", "  ");
        List<ProbeStatus> status = run.probeStatus();
        assertEquals(3, status.size());
        assertEquals("we can eat apple", status.get(0).text());
        assertNull(status.get(0).problem());
        assertEquals("2 tabs; write the sentence, then optionally one tab and its reference translation",
                status.get(1).problem());
        assertEquals("a blank or # line holds no probe", status.get(2).problem());
    }
}
