package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

/**
 * {@code train} end to end: the article's 30-epoch run on its 36 sentences learns the task, and its snapshot file
 * reads back with one snapshot per epoch (plus epoch 0) of all nine probes, shaped as {@link ProbeCapture} says.
 */
class TrainCommandTest {
    private static final Pattern EPOCH_LINE = Pattern.compile("^epoch +\\d+/30 +train loss .*");
    private static final Pattern PROBE_LINE = Pattern.compile("^  (.+?) +-> (.*?)(  \\(reference fed\\))?$");
    private static final Pattern REPRODUCES = Pattern.compile("^reproduces (\\d+) of 36 training pairs exactly$");
    private static final int HID = 64;

    @TempDir
    Path dir;

    @Test
    void articleRunLearnsTheTaskAndWritesEverySnapshot() {
        Path out = dir.resolve("run.npz");
        CliRun run = CliRun.of("train", "--preset", "article", "--corpus", "sample-sentences/eng_de.csv",
                "--epochs", "30", "--seed", "1234", "--threads", "2", "--out", out.toString());

        assertEquals(0, run.status(), run.err());
        List<String> lines = run.outLines();
        assertEquals(30, lines.stream().filter(l -> EPOCH_LINE.matcher(l).matches()).count(), run.out());
        Map<String, String> translations = probeTranslations(lines);
        assertEquals(9, translations.size(), run.out());
        assertEquals("wir konnen apfel essen", translations.get("we can eat apple"));
        assertEquals("ich konnen apfel essen", translations.get("i can eat apple"));
        int reproduced = lines.stream().map(REPRODUCES::matcher).filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst().orElseThrow(() -> new AssertionError(run.out()));
        assertTrue(reproduced >= 34, "reproduces " + reproduced + " of 36");

        RunRecord record = SnapshotFile.read(out);
        assertEquals("article", record.config().get("preset"));
        assertEquals(30, record.losses().size());
        for (int e = 0; e < 30; e++) assertEquals(e + 1, record.losses().get(e).epoch());
        assertEquals(9, record.probes().size());
        assertEquals(31, record.snapshots().size());
        for (int e = 0; e <= 30; e++) {
            Snapshot s = record.snapshots().get(e);
            assertEquals(e, s.epoch());
            assertTrue(s.endOfEpoch());
            assertEquals(9, s.probes().size(), "probes of epoch " + e);
            for (ProbeCapture c : s.probes()) assertShapes(c);
        }
        assertTrue(Double.isNaN(record.snapshots().getFirst().trainLoss()), "epoch 0 is before training");
        assertEquals(record.losses().getLast().train(), record.snapshots().getLast().trainLoss());

        ProbeCapture weCan = record.snapshots().getLast().probe(0);
        assertEquals("we can eat apple", weCan.text());
        assertEquals(List.of("<sos>", "we", "can", "eat", "apple", "<eos>"), weCan.sourceLabels());
        assertEquals(List.of("wir", "konnen", "apfel", "essen", "<eos>"), weCan.translation());
        assertEquals(List.of("sos->wir", "wir->konnen", "konnen->apfel", "apfel->essen", "essen->eos"), weCan.decoderLabels());
        assertEquals(List.of(6, 64), dims(weCan.array(new ArrayKey(Site.DEC_CROSS, 0, Kind.K))));
        assertEquals(List.of(1, 5, 6), dims(weCan.array(new ArrayKey(Site.DEC_CROSS, 0, Kind.ATTENTION))));
    }

    /** The "probe translations after epoch N:" block: probe text → translation. */
    private static Map<String, String> probeTranslations(List<String> lines) {
        int start = lines.indexOf("probe translations after epoch 30:");
        assertTrue(start >= 0, String.join("\n", lines));
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = start + 1; i < lines.size(); i++) {
            Matcher m = PROBE_LINE.matcher(lines.get(i));
            if (!m.matches()) break;
            result.put(m.group(1), m.group(2));
        }
        return result;
    }

    /** Shapes as the ProbeCapture javadoc gives them (one layer, one head), and attention rows that sum to 1. */
    private static void assertShapes(ProbeCapture c) {
        int s = c.sourceLabels().size(), t = c.decoderLabels().size();
        assertEquals(c.translation().size(), t);
        assertEquals(20, c.arrays().size(), "arrays of probe " + c.probe());
        for (Kind k : Kind.VECTORS) {
            assertEquals(List.of(s, HID), dims(c.array(new ArrayKey(Site.ENC_SELF, 0, k))), "enc_self " + k);
            assertEquals(List.of(t, HID), dims(c.array(new ArrayKey(Site.DEC_SELF, 0, k))), "dec_self " + k);
            int rows = k == Kind.K || k == Kind.V ? s : t;
            assertEquals(List.of(rows, HID), dims(c.array(new ArrayKey(Site.DEC_CROSS, 0, k))), "dec_cross " + k);
        }
        assertEquals(List.of(1, s, s), dims(c.array(new ArrayKey(Site.ENC_SELF, 0, Kind.ATTENTION))));
        assertEquals(List.of(1, t, t), dims(c.array(new ArrayKey(Site.DEC_SELF, 0, Kind.ATTENTION))));
        assertEquals(List.of(1, t, s), dims(c.array(new ArrayKey(Site.DEC_CROSS, 0, Kind.ATTENTION))));
        assertEquals(List.of(s, HID), dims(c.array(new ArrayKey(Site.ENC_OUT, 0, Kind.OUT))));
        assertEquals(List.of(t, HID), dims(c.array(new ArrayKey(Site.DEC_OUT, 0, Kind.OUT))));
        for (Site site : List.of(Site.ENC_SELF, Site.DEC_SELF, Site.DEC_CROSS)) {
            assertRowsSumToOne(c.array(new ArrayKey(site, 0, Kind.ATTENTION)));
        }
    }

    static void assertRowsSumToOne(Tensor attention) {
        int cols = attention.dim(attention.rank() - 1);
        float[] a = attention.data();
        for (int row = 0; row < a.length / cols; row++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += a[row * cols + j];
            assertEquals(1.0, sum, 1e-5, "attention row " + row);
        }
    }

    private static List<Integer> dims(Tensor t) {
        assertNotNull(t);
        return java.util.Arrays.stream(t.shape()).boxed().toList();
    }
}
