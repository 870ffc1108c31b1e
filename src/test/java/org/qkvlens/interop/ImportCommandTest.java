package org.qkvlens.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.cli.CliRun;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

/**
 * {@code import} and {@code train --save-model} on the command line: a per-epoch PyTorch directory becomes one snapshot
 * per checkpoint at its epoch, unknown words are a warning, and every mistake is one line on stderr with exit status 2.
 */
class ImportCommandTest {
    private static final Path EPOCHS = PyTorchFidelityTest.ROOT.resolve("A/f32/epochs");
    private static final String PROBES = PyTorchFidelityTest.ROOT.resolve("A/reference/probes.txt").toString();

    @TempDir
    Path tmp;

    @Test
    void importsEveryCheckpointAtItsEpoch() {
        Path out = tmp.resolve("run.npz");
        CliRun r = CliRun.of("import", "--model", EPOCHS.toString(), "--probes", PROBES, "--out", out.toString(),
                "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("model " + EPOCHS + ": one file per epoch, 3 checkpoints (epochs 1, 2, 5); hid 16,"
                + " layers 1+1, heads 2/2, pf 32/32; vocabulary 20 English / 24 German"), r.out());
        assertTrue(r.out().contains("epoch   2: 4 probes (epoch2.safetensors)"), r.out());
        assertEquals(List.of("warning: probes.txt:2: unknown words become <unk>: zebra"), r.errLines());
        RunRecord run = SnapshotFile.read(out);
        assertEquals(List.of(1, 2, 5), run.snapshots().stream().map(Snapshot::epoch).toList());
        assertEquals("import", run.config().get("source"));
        assertEquals("per_epoch", run.config().get("layout"));
        assertEquals("spaces", run.config().get("tokenizer"));
        assertEquals(List.of(), run.losses(), "the fixture's metadata has no losses");
    }

    @Test
    void mistakesAreOneLineAndStatusTwo() throws IOException {
        assertOneLine("qkv-lens: import: --model DIR is required (the directory with config.json, vocab.json and the weights)",
                "import", "--probes", PROBES);
        assertOneLine("qkv-lens: import: --probes FILE is required (probe sentences, one per line)",
                "import", "--model", EPOCHS.toString());
        assertOneLine("qkv-lens: " + tmp.resolve("none") + ": no such directory",
                "import", "--model", tmp.resolve("none").toString(), "--probes", PROBES);
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertOneLine("qkv-lens: " + empty.resolve("config.json") + ": missing (a model directory holds config.json,"
                + " vocab.json and the weights in safetensors)", "import", "--model", empty.toString(), "--probes", PROBES);
        assertOneLine("qkv-lens: import: option --tokenizer expects one of spaces, words, got 'bpe'",
                "import", "--model", EPOCHS.toString(), "--probes", PROBES, "--tokenizer", "bpe");
        Path allUnknown = Files.writeString(tmp.resolve("p.txt"), "zebra giraffe\n");
        assertOneLine("qkv-lens: no probe can go through the model: p.txt:1: no word of \"zebra giraffe\" is in the model's"
                + " English vocabulary", "import", "--model", EPOCHS.toString(), "--probes", allUnknown.toString());
    }

    /** A config.json a person mangled by hand: the file, the line and column or the field, and nothing else. */
    @Test
    void jsonMistakesAreOneLineAndStatusTwo() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("hand-edited"));
        for (String name : List.of("config.json", "vocab.json", "epoch01.safetensors")) {
            Files.copy(EPOCHS.resolve(name), dir.resolve(name));
        }
        String config = Files.readString(EPOCHS.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replace("\"hid_dim\": 16", "\"hid_dim\": .5"));
        assertOneLine("qkv-lens: " + dir.resolve("config.json") + " line 4, column 13: Unexpected character ('.' (code 46)):"
                + " expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                "import", "--model", dir.toString(), "--probes", PROBES);
        Files.writeString(dir.resolve("config.json"), config.replace("\"hid_dim\": 16", "\"hid_dim\": \"sixteen\""));
        assertOneLine("qkv-lens: " + dir.resolve("config.json") + ": field \"hid_dim\" must be an integer, found \"sixteen\"",
                "import", "--model", dir.toString(), "--probes", PROBES);
    }

    @Test
    void saveModelMistakes() throws IOException {
        assertOneLine("qkv-lens: train: --save-every-epoch needs --save-model DIR", "train", "--corpus",
                "sample-sentences/eng_de.csv", "--save-every-epoch");
        Path taken = Files.createDirectory(tmp.resolve("taken"));
        Files.writeString(taken.resolve("config.json"), "{}");
        assertOneLine("qkv-lens: " + taken + " already holds a model (config.json); give a new or empty directory",
                "train", "--corpus", "sample-sentences/eng_de.csv", "--save-model", taken.toString());
    }

    private static void assertOneLine(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals(List.of(expected), r.errLines());
    }
}
