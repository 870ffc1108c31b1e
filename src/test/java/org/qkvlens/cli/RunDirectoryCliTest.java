package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.cli.CliBadInputTest.assertBadInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.TestFiles;

/**
 * {@code train --run DIR} and the capture options: the run directory holds run.json, losses and one directory per
 * snapshot with only the chosen arrays; {@code export} draws from it; mistakes are one line naming the option.
 */
class RunDirectoryCliTest {
    @TempDir
    Path dir;
    Path corpus, probes;

    @BeforeEach
    void writeCorpus() {
        corpus = TestFiles.write(dir, "tiny.csv", TestFiles.TINY_CORPUS);
        probes = TestFiles.write(dir, "probes.txt", "we eat apple\ni eat bread\n");
    }

    private CliRun train(String... args) {
        List<String> all = new ArrayList<>(List.of("train", "--quiet", "--epochs", "2", "--corpus", corpus.toString(),
                "--probes", probes.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void trainWritesARunDirectoryWithTheChosenArrays() throws IOException {
        Path run = dir.resolve("run");
        CliRun r = train("--run", run.toString(), "--capture-sites", "enc_self,dec_cross", "--capture-kinds", "K,attention");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("MB on disk in " + run), r.out());
        assertTrue(Files.isRegularFile(run.resolve("run.json")));
        assertEquals(2, Files.readAllLines(run.resolve("losses.jsonl")).size());
        try (Stream<Path> s = Files.list(run.resolve("snapshots"))) {
            assertEquals(List.of("e000", "e001", "e002"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> s = Files.list(run.resolve("snapshots/e002"))) {
            assertEquals(List.of("dec_cross_l0_K.npy", "dec_cross_l0_attention.npy", "enc_self_l0_K.npy",
                    "enc_self_l0_attention.npy", "snapshot.json", "tokens_dec.tsv", "tokens_src.tsv"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // export draws from the run directory as from an .npz
        Path png = dir.resolve("k.png");
        CliRun e = CliRun.of("export", "--snapshots", run.toString(), "--view", "heatmap", "--kind", "K", "--site", "cross",
                "--epoch", "2", "--out", png.toString());
        assertEquals(0, e.status(), e.err());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void withoutRunTheTemporaryDirectoryIsDeleted() throws IOException {
        String tmp = System.getProperty("java.io.tmpdir");
        List<Path> before = runDirs(Path.of(tmp));
        CliRun r = train();
        assertEquals(0, r.status(), r.err());
        assertFalse(r.out().contains(" in " + tmp), r.out());
        assertEquals(before, runDirs(Path.of(tmp)));
    }

    private static List<Path> runDirs(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("qkv-lens-run-")).sorted().toList();
        }
    }

    @Test
    void mistakesNameTheirOption() throws IOException {
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        assertBadInput(train("--run", full.toString()), "--run", "not an empty directory");
        assertBadInput(train("--run", dir.resolve("no/such/run").toString()), "--run", "does not exist");
        assertBadInput(train("--capture-sites", "encoder"), "--capture-sites encoder", "enc_self");
        assertBadInput(train("--capture-kinds", "Z"), "--capture-kinds Z", "attention");
        assertBadInput(train("--capture-layers", "-1"), "--capture-layers -1");
        assertBadInput(train("--capture-layers", "3"), "--capture-layers", "layers [3]", "0 to 0");
        assertBadInput(train("--capture-sites", "enc_out", "--capture-kinds", "K"), "leave nothing to capture");
    }
}
