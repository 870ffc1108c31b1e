package org.qkvlens.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.PythonScript;
import org.qkvlens.cli.CliRun;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

/**
 * Our models leave and come back unchanged: {@code train --save-model --save-every-epoch} then {@code import} of that
 * directory reproduces the snapshots {@code train --out} captured (epochs 0, 1, 2; every array bit for bit or within
 * 1e-6 × its largest value) and the losses; and
 * PyTorch, running the README's loading snippet on a directory {@code train --save-model} wrote, translates a probe as we
 * do and computes the same encoder output and cross-attention (skipped when no python3 with torch is installed).
 */
class RoundTripTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    @Test
    void importOfSavedEpochsReproducesTheTrainingSnapshots() {
        Path model = tmp.resolve("article-model");
        Path trained = tmp.resolve("train.npz"), imported = tmp.resolve("import.npz");
        run("train", "--preset", "article", "--corpus", "sample-sentences/eng_de.csv", "--epochs", "2", "--seed", "1234",
                "--threads", "2", "--quiet", "--out", trained.toString(), "--save-model", model.toString(), "--save-every-epoch");
        assertTrue(Files.isRegularFile(model.resolve("epoch00.safetensors")));
        assertTrue(Files.isRegularFile(model.resolve("epoch02.safetensors")));
        run("import", "--model", model.toString(), "--probes", "sample-sentences/probes.txt", "--max-decode", "10",
                "--threads", "2", "--out", imported.toString());

        RunRecord a = SnapshotFile.read(trained), b = SnapshotFile.read(imported);
        assertEquals(a.srcItos(), b.srcItos());
        assertEquals(a.trgItos(), b.trgItos());
        assertEquals(a.probes(), b.probes());
        assertEquals(3, a.snapshots().size());
        assertEquals(a.snapshots().size(), b.snapshots().size());
        int arrays = 0, identical = 0;
        for (int i = 0; i < a.snapshots().size(); i++) {
            Snapshot x = a.snapshots().get(i), y = b.snapshots().get(i);
            assertEquals(x.epoch(), y.epoch());
            assertEquals(x.step(), y.step());
            assertEquals(x.probes().size(), y.probes().size());
            for (ProbeCapture p : x.probes()) {
                ProbeCapture q = y.probe(p.probe());
                assertEquals(p.translation(), q.translation(), "epoch " + x.epoch() + " probe " + p.probe());
                assertEquals(p.sourceLabels(), q.sourceLabels());
                assertEquals(p.decoderLabels(), q.decoderLabels());
                assertEquals(p.arrays().keySet(), q.arrays().keySet());
                for (ArrayKey k : p.arrays().keySet()) {
                    String where = "epoch " + x.epoch() + " probe " + p.probe() + " " + k.id();
                    assertArrayEquals(p.array(k).shape(), q.array(k).shape(), where);
                    if (java.util.Arrays.equals(p.array(k).data(), q.array(k).data())) identical++;
                    else assertWithin(where, p.array(k).data(), q.array(k).data(), 1e-6);
                    arrays++;
                }
            }
        }
        // Not all bit for bit: FloatVector.reduceLanes(ADD) (attention dot products, LayerNorm sums) adds the lanes in
        // order while the JVM still interprets it and as a tree once C2 compiles it, so the run's first probe pass can
        // differ from a later one in the last bits.
        System.out.printf("round trip: %d of %d arrays bit for bit identical, the rest within 1e-6%n", identical, arrays);
        assertEquals(2, b.losses().size());
        for (int e = 0; e < 2; e++) {
            assertEquals(a.losses().get(e).epoch(), b.losses().get(e).epoch());
            assertEquals(a.losses().get(e).train(), b.losses().get(e).train());
            assertEquals(a.losses().get(e).valid(), b.losses().get(e).valid());
        }
    }

    @Test
    void pytorchLoadsOurModelWithTheReadmeSnippetAndAgrees() throws IOException {
        Assumptions.assumeTrue(torchAvailable(), "no " + PYTHON + " with torch");
        Path model = tmp.resolve("article-30");
        Path trained = tmp.resolve("train.npz");
        run("train", "--preset", "article", "--corpus", "sample-sentences/eng_de.csv", "--epochs", "30", "--seed", "1234",
                "--threads", "2", "--quiet", "--out", trained.toString(), "--save-model", model.toString());
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")));
        // our own translation of the README's probe, at the tutorial's max_len of 50
        Path imported = tmp.resolve("import.npz");
        Path probe = Files.writeString(tmp.resolve("probe.txt"), "we can eat apple\n");
        run("import", "--model", model.toString(), "--probes", probe.toString(), "--threads", "2", "--out", imported.toString());
        RunRecord ours = SnapshotFile.read(imported);
        assertEquals(30, ours.snapshots().getFirst().epoch());
        ProbeCapture capture = ours.snapshots().getFirst().probe(0);

        String script = """
                import sys, types
                sys.path.insert(0, "python")
                from make_fixtures import Encoder, Decoder, Seq2Seq, translate_sentence
                try:
                    import safetensors.torch
                except ImportError:  # not on this machine: the project's own reader stands in for the package
                    import qkv_lens_save
                    sys.modules["safetensors"] = types.ModuleType("safetensors")
                    sys.modules["safetensors.torch"] = qkv_lens_save
                """ + readmeSnippet().replaceFirst("d = \"runs/article\"", Matcher.quoteReplacement("d = " + pyString(model.toString())))
                + """
                import numpy as np, torch
                model.eval()
                run = np.load(sys.argv[1])
                src = torch.LongTensor([[SRC.vocab.stoi[t] for t in ["<sos>", "we", "can", "eat", "apple", "<eos>"]]])
                translation, _ = translate_sentence("we can eat apple".split(), SRC, TRG, model, "cpu")
                trg = torch.LongTensor([[TRG.vocab.stoi[t] for t in ["<sos>"] + translation[:-1]]])
                with torch.no_grad():
                    enc = model.encoder(src, model.make_src_mask(src))[0].numpy()
                    _, attention = model.decoder(trg, model.encoder(src, model.make_src_mask(src)), model.make_trg_mask(trg), model.make_src_mask(src))
                for name, theirs in (("e030_p0_enc_out_l0_out", enc), ("e030_p0_dec_cross_l0_attention", attention[0].numpy())):
                    ours = run[name]
                    print("ratio", name, float(np.abs(ours - theirs).max() / np.abs(theirs).max()))
                """;
        String output = python(script, imported.toString());
        List<String> lines = output.lines().toList();
        String printed = lines.stream().filter(l -> l.startsWith("[")).findFirst().orElseThrow(() -> new AssertionError(output));
        assertEquals(pyList(capture.translation()), printed, "PyTorch's greedy translation of 'we can eat apple'");
        assertEquals(List.of("wir", "konnen", "apfel", "essen", "<eos>"), capture.translation());
        Matcher m = Pattern.compile("ratio (\\S+) (\\S+)").matcher(output);
        int ratios = 0;
        while (m.find()) {
            double ratio = Double.parseDouble(m.group(2));
            System.out.printf("PyTorch on our saved model: %s max|ours - theirs| / max|theirs| = %.3g%n", m.group(1), ratio);
            assertTrue(ratio <= PyTorchFidelityTest.ACTIVATION_TOLERANCE, m.group(1) + ": " + ratio);
            ratios++;
        }
        assertEquals(2, ratios, output);
        Tensor att = capture.array(new ArrayKey(Site.DEC_CROSS, 0, Kind.ATTENTION));
        assertArrayEquals(new int[] {1, 5, 6}, att.shape());
    }

    private static void assertWithin(String where, float[] a, float[] b, double tolerance) {
        double max = 0, diff = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i]));
            diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
        }
        assertTrue(diff <= tolerance * max, where + ": max difference " + diff + " is over " + tolerance + " × " + max);
    }

    /** The python block after the README's {@code <!-- pytorch-load-snippet -->} marker. */
    static String readmeSnippet() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf("<!-- pytorch-load-snippet -->");
        assertTrue(marker >= 0, "README.md has no pytorch-load-snippet marker");
        int start = readme.indexOf("```python\n", marker) + "```python\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    private static void run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.status(), String.join(" ", args) + ":\n" + r.out() + r.err());
    }

    private static boolean torchAvailable() {
        try {
            python("import torch, numpy");
            return true;
        } catch (IOException | AssertionError e) {
            return false;
        }
    }

    /** Runs {@code python3 -c script args} from the project directory; returns stdout + stderr; fails on exit ≠ 0. */
    static String python(String script, String... args) throws IOException {
        return PythonScript.run(PYTHON, script, args);
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** How Python prints a list of strings. */
    private static String pyList(List<String> items) {
        return "[" + String.join(", ", items.stream().map(RoundTripTest::pyString).toList()) + "]";
    }
}
