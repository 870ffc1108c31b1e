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

    @Test
    void anOpenedRunsProbesAreCheckedAgainstItsOwnVocabularyNotTheCorpusChosenBefore(@TempDir Path dir) {
        Path corpus = org.qkvlens.data.TestFiles.write(dir, "tiny.csv", org.qkvlens.data.TestFiles.TINY_CORPUS);
        RunModel run = new RunModel(Background.direct(), new LiveRun());
        run.chooseCorpus(CorpusChoice.pairs(corpus));      // knows "i eat apple bread we", not "dog" nor "park"
        List<String> src = List.of("<unk>", "<pad>", "<sos>", "<eos>", "a", "dog", "runs", "park");
        List<String> trg = List.of("<unk>", "<pad>", "<sos>", "<eos>", "ein", "hund");
        Map<String, Object> model = Map.of("hid_dim", 64, "enc_layers", 1, "dec_layers", 1, "enc_heads", 1, "dec_heads", 1);
        Path file = dir.resolve("dogs.npz");
        SnapshotFile.write(file, new RunRecord(Map.of("model", model, "tokenizer", "words"), src, trg, List.of(),
                List.of(new RunRecord.ProbeInfo(0, "a dog runs", null, null), new RunRecord.ProbeInfo(1, "a cat runs", null, null)),
                List.of()));
        run.probeLines().setAll("a dog runs");
        assertEquals(List.of("a", "dog", "runs"), run.probeStatus().getFirst().unknownWords(),
                "with the tiny corpus chosen, every word of 'a dog runs' is unknown");
        run.openSnapshots(file);
        assertNull(run.probeStatus().get(0).problem(), "the run's own vocabulary knows 'a dog runs'");
        assertEquals(List.of(), run.probeStatus().get(0).unknownWords());
        assertEquals(List.of("cat"), run.probeStatus().get(1).unknownWords());
    }
}
