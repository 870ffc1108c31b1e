package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.Json;
import org.qkvlens.io.NpyArray;
import org.qkvlens.io.NpzReader;
import org.qkvlens.io.NpzWriter;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;

/**
 * A snapshot file reads back as it was written, and a file that is not one (or is damaged) is a
 * {@link BadInputException} that names it.
 */
class SnapshotFileTest {
    @TempDir
    Path dir;
    private Path good;
    private RunRecord record;

    @BeforeEach
    void writeGoodFile() {
        record = sampleRecord();
        good = dir.resolve("run.npz");
        SnapshotFile.write(good, record);
    }

    /** Two probes (one skipped), an epoch-0, a mid-epoch and an end-of-epoch snapshot; NaN losses included. */
    static RunRecord sampleRecord() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("hid_dim", 4);
        model.put("dropout", 0.1);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("preset", "article");
        config.put("corpus", "eng_de.csv");
        config.put("tokenizer", "words");
        config.put("model", model);
        config.put("train_pairs", 36);
        List<RunRecord.ProbeInfo> probes = List.of(new RunRecord.ProbeInfo(0, "i eat", null, null),
                new RunRecord.ProbeInfo(1, "", "ich", "p.txt:2: the probe is empty"));
        Random random = new Random(42);
        List<Snapshot> snapshots = List.of(
                new Snapshot(0, 0, true, Double.NaN, Double.NaN, List.of(capture(random))),
                new Snapshot(1, 3, false, Double.NaN, Double.NaN, List.of(capture(random))),
                new Snapshot(1, 5, true, 2.5, 2.25, List.of(capture(random))));
        return new RunRecord(config, List.of("<unk>", "<pad>", "<sos>", "<eos>", "i", "eat"),
                List.of("<unk>", "<pad>", "<sos>", "<eos>", "ich"),
                List.of(new RunRecord.EpochLoss(1, 2.5, 2.25, 0.125, 1000.5)), probes, snapshots);
    }

    private static ProbeCapture capture(Random random) {
        int s = 4, t = 2, c = 4;
        Map<ArrayKey, Tensor> arrays = Map.of(
                new ArrayKey(Site.ENC_SELF, 0, Kind.Q), tensor(random, s, c),
                new ArrayKey(Site.ENC_SELF, 0, Kind.ATTENTION), tensor(random, 1, s, s),
                new ArrayKey(Site.DEC_CROSS, 0, Kind.K), tensor(random, s, c),
                new ArrayKey(Site.DEC_CROSS, 0, Kind.ATTENTION), tensor(random, 1, t, s),
                new ArrayKey(Site.DEC_OUT, 0, Kind.OUT), tensor(random, t, c));
        return new ProbeCapture(0, "i eat", List.of("<sos>", "i", "eat", "<eos>"), List.of("ich", "<eos>"),
                List.of("sos->ich", "ich->eos"), false, arrays);
    }

    private static Tensor tensor(Random random, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float) random.nextGaussian();
        return new Tensor(shape, data);
    }

    // ------------------------------------------------------------------------------------------------ round trip

    @Test
    void readsBackWhatWasWritten() {
        RunRecord read = SnapshotFile.read(good);

        assertEquals(record.srcItos(), read.srcItos());
        assertEquals(record.trgItos(), read.trgItos());
        assertEquals(record.losses(), read.losses());
        assertEquals(record.probes(), read.probes());
        // JSON has no int/long distinction: compare the config as JSON text
        assertEquals(Json.write(record.config()), Json.write(read.config()));
        assertEquals(record.snapshots().size(), read.snapshots().size());
        for (int i = 0; i < record.snapshots().size(); i++) {
            Snapshot want = record.snapshots().get(i), got = read.snapshots().get(i);
            ProbeCapture wc = want.probes().getFirst(), gc = got.probes().getFirst();
            assertEquals(wc.arrays().keySet(), gc.arrays().keySet());
            for (ArrayKey key : wc.arrays().keySet()) assertEquals(wc.array(key), gc.array(key), i + " " + key.id());
            assertEquals(wc.sourceLabels(), gc.sourceLabels());
            assertEquals(wc.decoderLabels(), gc.decoderLabels());
            assertEquals(want, got, "snapshot " + i);   // losses (NaN too), step, end of epoch, everything
        }
    }

    @Test
    void manifestKeepsTheConfigInTheOrderGiven() {
        try (NpzReader npz = new NpzReader(good)) {
            List<String> keys = new ArrayList<>();
            npz.readJson("manifest.json").get("config").fieldNames().forEachRemaining(keys::add);
            // the order sampleRecord() put them in: "preset" first, as a person reading the manifest expects
            assertEquals(List.of("preset", "corpus", "tokenizer", "model", "train_pairs"), keys);
        }
    }

    @Test
    void arrayNamesSayEpochStepProbeSiteLayerAndKind() {
        try (NpzReader npz = new NpzReader(good)) {
            assertTrue(npz.arrayNames().contains("e000_p0_enc_self_l0_Q"), npz.arrayNames().toString());
            assertTrue(npz.arrayNames().contains("e001s3_p0_dec_cross_l0_attention"), npz.arrayNames().toString());
            assertTrue(npz.arrayNames().contains("e001_p0_dec_out_l0_out"), npz.arrayNames().toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ bad files

    private String error(Path file) {
        String message = assertThrows(BadInputException.class, () -> SnapshotFile.read(file)).getMessage();
        assertTrue(message.contains(file.getFileName().toString()), "names the file: " + message);
        return message;
    }

    @Test
    void notAZip() throws IOException {
        Path file = Files.writeString(dir.resolve("text.npz"), "hello, not a zip\n");
        assertTrue(error(file).contains("not a zip archive"));
    }

    @Test
    void zipWithoutManifest() throws IOException {
        Path file = dir.resolve("plain.npz");
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.add("x", NpyArray.ofFloats(new float[] {1, 2}, 2));
            npz.commit();
        }
        assertTrue(error(file).contains("no manifest.json"));
    }

    @Test
    void manifestOfAnotherFormat() throws IOException {
        Path file = dir.resolve("other.npz");
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.addJson("manifest.json", Map.of("format", "something-else", "version", 1));
            npz.commit();
        }
        assertTrue(error(file).contains("format"));
    }

    @Test
    void arrayNamedInTheManifestIsMissing() throws IOException {
        Path file = dir.resolve("missing-array.npz");
        rewrite(good, file, m -> { }, name -> !name.equals("e001_p0_dec_out_l0_out"));
        assertTrue(error(file).contains("e001_p0_dec_out_l0_out.npy"));
    }

    @Test
    void shapeDiffersFromTheManifest() throws IOException {
        Path file = dir.resolve("bad-shape.npz");
        rewrite(good, file, m -> arrays(m).stream().filter(a -> a.get("name").textValue().equals("e001_p0_enc_self_l0_Q"))
                .forEach(a -> a.putArray("shape").add(2).add(8)), name -> true);
        String message = error(file);
        assertTrue(message.contains("e001_p0_enc_self_l0_Q") && message.contains("shape"), message);
    }

    @Test
    void manifestArrayOfUnknownKind() throws IOException {
        Path file = dir.resolve("bad-kind.npz");
        rewrite(good, file, m -> arrays(m).getFirst().put("kind", "Z"), name -> true);
        assertTrue(error(file).contains("unknown kind 'Z'"));
    }

    /** Copies a snapshot file, editing its manifest and keeping the arrays {@code keep} accepts. */
    private static void rewrite(Path from, Path to, Consumer<ObjectNode> edit, Predicate<String> keep)
            throws IOException {
        try (NpzReader in = new NpzReader(from); NpzWriter out = new NpzWriter(to)) {
            ObjectNode manifest = (ObjectNode) in.readJson("manifest.json");
            edit.accept(manifest);
            for (String name : in.arrayNames()) if (keep.test(name)) out.add(name, in.read(name));
            out.addJson("manifest.json", manifest);
            out.commit();
        }
    }

    private static List<ObjectNode> arrays(ObjectNode manifest) {
        List<ObjectNode> arrays = new ArrayList<>();
        manifest.get("arrays").forEach(a -> arrays.add((ObjectNode) a));
        return arrays;
    }
}
