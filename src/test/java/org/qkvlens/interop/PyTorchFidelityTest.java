package org.qkvlens.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.qkvlens.data.TextFile;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.data.Vocab;
import org.qkvlens.engine.Activations;
import org.qkvlens.engine.GreedyDecoder;
import org.qkvlens.engine.Seq2Seq;
import org.qkvlens.engine.Weights;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;
import org.qkvlens.io.NpyArray;
import org.qkvlens.io.NpyDtype;
import org.qkvlens.io.NpzReader;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Probe;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.session.RunRecord;

/**
 * Holds the engine to PyTorch with the fixtures python/make_fixtures.py made (src/test/resources/pytorch/{A,B}):
 * for every configuration, layout (single file, shards, one file per epoch) and dtype (F32, F16, BF16), importing the
 * directory gives PyTorch's greedy translations exactly, and every captured array (Q, K, V, x1, x4, attention, each
 * layer's output; plus the encoder output and the logits) is within 1e-5 × max|PyTorch's| of PyTorch's. The backward
 * on one padded batch gives PyTorch's loss within 1e-5 (relative) and every gradient within 1e-4 × max|PyTorch's|.
 * The worst ratios seen are printed per configuration.
 */
class PyTorchFidelityTest {
    static final Path ROOT = Path.of("src/test/resources/pytorch");
    static final double ACTIVATION_TOLERANCE = 1e-5;
    static final double GRADIENT_TOLERANCE = 1e-4;
    private static final Pattern ARRAY = Pattern.compile("p(\\d+)_(enc_self|dec_self|dec_cross|enc_out|dec_out)_l(\\d+)_(\\w+)");
    private static final Map<String, Worst> WORST = new ConcurrentHashMap<>();

    /** The largest |ours − theirs| / max|theirs| seen, and where. */
    private record Worst(double ratio, String where) {
    }

    @AfterAll
    static void report() {
        new TreeMap<>(WORST).forEach((k, w) -> System.out.printf("PyTorch fidelity %s: worst max|ours - theirs| / max|theirs| = %.3g (%s)%n",
                k, w.ratio, w.where));
    }

    @TestFactory
    Stream<DynamicTest> everyLayoutAndDtypeMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String config : List.of("A", "B")) {
            JsonObject index = index(config);
            for (JsonObject layout : index.getObjectList("layouts")) {
                String dir = layout.getString("dir");
                tests.add(DynamicTest.dynamicTest(config + "/" + dir, () -> checkLayout(config, index, layout)));
            }
        }
        return tests.stream();
    }

    private static void checkLayout(String config, JsonObject index, JsonObject layout) {
        Path dir = ROOT.resolve(config).resolve(layout.getString("dir"));
        List<ProbeLine> lines = ProbeFile.read(ROOT.resolve(config).resolve("reference/probes.txt"));
        int maxDecode = index.getInt("max_decode");
        ModelDirectory model = ModelDirectory.load(dir);
        assertEquals(layout.getString("layout"), model.layout().id());
        RunRecord run = ModelImport.importRun(model, lines, maxDecode, TokenizerKind.SPACES, 2, ModelImport.Listener.NONE);

        List<JsonObject> expected = layout.getObjectList("checkpoints");
        assertEquals(expected.size(), run.snapshots().size(), dir + ": checkpoints");
        List<Probe> probes = Probe.resolveAll(lines, model.srcVocab(), model.trgVocab(), TokenizerKind.SPACES,
                model.config().maxLength(), maxDecode);
        for (int c = 0; c < expected.size(); c++) {
            Snapshot snapshot = run.snapshots().get(c);
            String setName = expected.get(c).getString("reference");
            String where = config + "/" + layout.getString("dir") + " epoch " + snapshot.epoch() + " vs " + setName;
            assertEquals(expected.get(c).getInt("epoch"), snapshot.epoch(), where + ": epoch");
            JsonObject set = index.getObjectList("sets").stream().filter(s -> s.getString("name").equals(setName))
                    .findFirst().orElseThrow();
            try (NpzReader npz = new NpzReader(ROOT.resolve(config).resolve("reference").resolve(setName + ".npz"))) {
                checkTranslations(where, set, snapshot, probes, model.trgVocab());
                checkArrays(config, where, npz, snapshot, model);
                checkLogits(config, where, npz, set, model, model.checkpoints().get(c));
            }
        }
    }

    /** Source ids as PyTorch tokenised them, and the same translation token for token. */
    private static void checkTranslations(String where, JsonObject set, Snapshot snapshot, List<Probe> probes, Vocab trg) {
        for (JsonObject p : set.getObjectList("probes")) {
            int i = p.getInt("index");
            assertArrayEquals(p.getIntArray("src_ids"), probes.get(i).srcIds(), where + ": probe " + i + " source ids");
            ProbeCapture capture = snapshot.probe(i);
            assertNotNull(capture, where + ": probe " + i + " not captured");
            int[] theirs = p.getIntArray("translation_ids");
            List<String> ours = capture.translation();
            List<String> theirTokens = new ArrayList<>();
            for (int id : theirs) theirTokens.add(trg.token(id));
            List<String> oursAsIds = ours.stream().map(t -> t.startsWith("<unk:") ? "<unk>" : t).toList();
            assertEquals(theirTokens, oursAsIds, where + ": probe " + i + " translation");
        }
    }

    private static void checkArrays(String config, String where, NpzReader npz, Snapshot snapshot, ModelDirectory model) {
        int compared = 0;
        for (String name : npz.arrayNames()) {
            if (name.endsWith("_logits")) continue;
            ArrayKey key;
            int probe;
            Matcher m = ARRAY.matcher(name);
            if (m.matches()) {
                probe = Integer.parseInt(m.group(1));
                key = new ArrayKey(Site.fromId(m.group(2)), Integer.parseInt(m.group(3)), Kind.fromId(m.group(4)));
            } else if (name.endsWith("_encoder_output")) {
                probe = Integer.parseInt(name.substring(1, name.indexOf('_')));
                key = new ArrayKey(Site.ENC_OUT, model.config().encLayers() - 1, Kind.OUT);
            } else {
                throw new AssertionError("unexpected reference array " + name);
            }
            Tensor ours = snapshot.probe(probe).array(key);
            assertNotNull(ours, where + ": we captured no " + key.id() + " for probe " + probe);
            NpyArray theirs = npz.read(name, NpyDtype.FLOAT32);
            assertArrayEquals(theirs.shape(), ours.shape(), where + ": " + name + " shape");
            assertClose(config, where + ": " + name, theirs.floats(), ours.data(), ACTIVATION_TOLERANCE);
            compared++;
        }
        int captured = snapshot.probes().stream().mapToInt(p -> p.arrays().size()).sum();
        int references = (int) npz.arrayNames().stream().filter(n -> ARRAY.matcher(n).matches()).count();
        assertEquals(references, captured, where + ": arrays we capture vs arrays PyTorch's hooks recorded");
        assertTrue(compared > 0);
    }

    /** The teacher-forced logits (not part of a snapshot) through our own model and decoder. */
    private static void checkLogits(String config, String where, NpzReader npz, JsonObject set, ModelDirectory model,
                                    ModelDirectory.Checkpoint checkpoint) {
        try (Seq2Seq net = model.newModel(2)) {
            model.readWeights(checkpoint, net);
            GreedyDecoder decoder = new GreedyDecoder(net, model.config().maxLength());
            for (JsonObject p : set.getObjectList("probes")) {
                int i = p.getInt("index");
                int[] input = p.getIntArray("decoder_input_ids");
                decoder.teacherForce(p.getIntArray("src_ids"), input);
                Activations a = decoder.activations();
                NpyArray theirs = npz.read("p" + i + "_logits", NpyDtype.FLOAT32);
                int v = model.config().trgVocab();
                assertArrayEquals(new int[] {input.length, v}, theirs.shape());
                float[] ours = java.util.Arrays.copyOf(a.logits, input.length * v);
                assertClose(config, where + ": p" + i + "_logits", theirs.floats(), ours, ACTIVATION_TOLERANCE);
            }
        }
    }

    @Test
    void backwardMatchesPyTorchGradients() {
        for (String config : List.of("A", "B")) {
            ModelDirectory model = ModelDirectory.load(ROOT.resolve(config).resolve("f32/single"));
            try (NpzReader npz = new NpzReader(ROOT.resolve(config).resolve("grad/batch.npz"));
                 Seq2Seq net = model.newModel(2)) {
                model.readWeights(model.checkpoints().getFirst(), net);
                NpyArray srcArr = npz.read("src", NpyDtype.INT64), trgArr = npz.read("trg", NpyDtype.INT64);
                int batch = srcArr.shape()[0], s = srcArr.shape()[1], t = trgArr.shape()[1];
                int[] src = toInts(srcArr.longs()), trg = toInts(trgArr.longs());
                Activations a = new Activations(model.config(), batch, s, t - 1, true);
                net.zeroGrad();
                net.encode(a, src, s, batch, s, false, 0, 0);   // eval mode: dropout off, as PyTorch's model.eval()
                net.decode(a, trg, t, t - 1);
                double loss = net.loss(a, true);
                net.backward(a);

                double theirLoss = npz.read("loss", NpyDtype.FLOAT64).doubles()[0];
                double lossRatio = Math.abs(loss - theirLoss) / Math.abs(theirLoss);
                System.out.printf("PyTorch fidelity %s: loss ours %.9f, PyTorch's %.9f (relative difference %.3g)%n",
                        config, loss, theirLoss, lossRatio);
                assertTrue(lossRatio <= ACTIVATION_TOLERANCE, config + ": loss " + loss + " vs PyTorch's " + theirLoss);
                for (Weights.Tensor w : net.weights.tensors()) {
                    NpyArray theirs = npz.read("grad." + w.name(), NpyDtype.FLOAT32);
                    assertArrayEquals(w.shape(), theirs.shape(), w.name());
                    float[] ours = java.util.Arrays.copyOfRange(net.grads, w.offset(), w.offset() + w.size());
                    if (w.name().endsWith("fc_k.bias")) {
                        // Exactly zero in exact arithmetic: b_k adds q·b_k to every energy of a query row, which the
                        // softmax cancels. Both sides hold only rounding noise, so it is held to the scale of the terms
                        // it sums (the fc_k weight gradient), not to its own noise.
                        float[] weight = npz.read("grad." + w.name().replace(".bias", ".weight"), NpyDtype.FLOAT32).floats();
                        assertNoise(config + " gradients", config + ": gradient of " + w.name(), theirs.floats(), ours,
                                maxAbs(weight), GRADIENT_TOLERANCE);
                        continue;
                    }
                    assertClose(config + " gradients", config + ": gradient of " + w.name(), theirs.floats(), ours,
                            GRADIENT_TOLERANCE);
                }
            }
        }
    }

    /** max|ours − theirs| ≤ tolerance × max|theirs|; records the ratio. */
    static void assertClose(String config, String where, float[] theirs, float[] ours, double tolerance) {
        assertEquals(theirs.length, ours.length, where + ": length");
        double maxTheirs = 0, maxDiff = 0;
        int worstAt = -1;
        for (int i = 0; i < theirs.length; i++) {
            maxTheirs = Math.max(maxTheirs, Math.abs(theirs[i]));
            double d = Math.abs((double) ours[i] - theirs[i]);
            if (d > maxDiff || Double.isNaN(d)) {
                maxDiff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                worstAt = i;
            }
        }
        double ratio = maxTheirs == 0 ? (maxDiff == 0 ? 0 : Double.POSITIVE_INFINITY) : maxDiff / maxTheirs;
        WORST.merge(config, new Worst(ratio, where), (a, b) -> b.ratio > a.ratio ? b : a);
        if (!(ratio <= tolerance)) {
            throw new AssertionError(String.format("%s: max|ours - theirs| = %.3g at index %d (ours %s, PyTorch's %s) is %.3g"
                    + " × max|theirs| (%.3g), over the tolerance %.0e", where, maxDiff, worstAt, ours[worstAt],
                    theirs[worstAt], ratio, maxTheirs, tolerance));
        }
    }

    /** For an analytically zero array: max|ours − theirs| and max|theirs| both ≤ tolerance × {@code scale}. */
    static void assertNoise(String config, String where, float[] theirs, float[] ours, double scale, double tolerance) {
        double diff = 0;
        for (int i = 0; i < theirs.length; i++) diff = Math.max(diff, Math.abs((double) ours[i] - theirs[i]));
        double ratio = Math.max(diff, maxAbs(theirs)) / scale;
        System.out.printf("PyTorch fidelity %s: %s is zero up to rounding: max|ours - theirs| %.3g, max|theirs| %.3g,"
                + " %.3g of the fc_k weight gradient's scale%n", config, where, diff, maxAbs(theirs), ratio);
        assertTrue(ratio <= tolerance, where + ": " + ratio);
    }

    static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    static JsonObject index(String config) {
        Path file = ROOT.resolve(config).resolve("reference/index.json");
        return JsonObject.of(Json.parse(String.join("\n", TextFile.read(file).lines()), file.toString()), file.toString());
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.toIntExact(v[i]);
        return out;
    }
}
