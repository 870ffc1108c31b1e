package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

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

    @Test
    void openingARunFileShowsThatRunsProbesNotThoseOfAnother(@TempDir Path dir) {
        List<RunRecord.ProbeInfo> probes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) probes.add(new RunRecord.ProbeInfo(i, "sentence " + i, i == 3 ? "satz drei" : null, null));
        Map<String, Object> model = Map.of("hid_dim", 64, "enc_layers", 1, "dec_layers", 1, "enc_heads", 1, "dec_heads", 1);
        Path file = dir.resolve("thousand.npz");
        SnapshotFile.write(file, new RunRecord(Map.of("model", model), List.of(), List.of(), List.of(), probes, List.of()));
        RunModel run = new RunModel(Background.direct(), new LiveRun());
        run.probeLines().setAll("we can eat apple", "a default probe of another run");
        run.openSnapshots(file);
        assertEquals(1000, run.probeLines().size(), run.messageProperty().get());
        assertEquals("sentence 0", run.probeLines().get(0));
        assertEquals("sentence 3\tsatz drei", run.probeLines().get(3));
        assertEquals(1000, run.probeStatus().size());
    }
}
