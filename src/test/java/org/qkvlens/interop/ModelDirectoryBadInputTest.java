package org.qkvlens.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.Seq2Seq;
import org.qkvlens.io.SafeTensors;
import org.qkvlens.io.SafeTensorsWriter;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.probe.Snapshot;

/**
 * Every way a model directory can be wrong gets one clear line naming the file (and the tensor, where there is one),
 * and nothing is half-loaded: {@link ModelDirectory#load} checks every checkpoint before any is used. The directories
 * are the A fixture (hid 16, 1+1 layers, vocabularies 20/24) with one thing broken.
 */
class ModelDirectoryBadInputTest {
    private static final Path FIXTURE = PyTorchFidelityTest.ROOT.resolve("A");

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------------------------------------ tensors

    @Test
    void missingTensor() throws IOException {
        Path dir = single(t -> t.name().equals("decoder.layers.0.encoder_attention.fc_k.bias") ? null : t);
        assertEquals(dir.resolve("model.safetensors") + ": missing tensor decoder.layers.0.encoder_attention.fc_k.bias (16,)",
                error(dir));
    }

    @Test
    void misnamedTensor() throws IOException {
        Path dir = single(t -> t.name().equals("decoder.layers.0.enc_attn_layer_norm.weight") ? rename(t, "decoder.layers.0.enc_attn_norm.weight") : t);
        assertEquals(dir.resolve("model.safetensors") + ": missing tensor decoder.layers.0.enc_attn_layer_norm.weight (16,);"
                + " it has decoder.layers.0.enc_attn_norm.weight instead, which the tutorial's model does not have (misnamed?)",
                error(dir));
    }

    @Test
    void unexpectedTensor() throws IOException {
        Path dir = single(UnaryOperator.identity());
        List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>(read(dir.resolve("model.safetensors")));
        tensors.add(new SafeTensorsWriter.Tensor("encoder.scale", new int[] {1}, new float[] {4f}, 0));
        SafeTensorsWriter.writeF32(dir.resolve("model.safetensors"), tensors, Map.of());
        assertEquals(dir.resolve("model.safetensors") + ": unexpected tensor encoder.scale: the tutorial's Seq2Seq has no"
                + " such parameter", error(dir));
    }

    @Test
    void aForeignModel() throws IOException {
        Path dir = single(t -> rename(t, "module." + t.name()));
        assertEquals(dir.resolve("model.safetensors") + ": none of the tutorial's tensors (encoder.tok_embedding.weight, …)"
                + " is here; its names start with \"module.\" (a DistributedDataParallel wrapper): save"
                + " model.module.state_dict()", error(dir));
        dir = single(t -> rename(t, "bert." + t.name()));
        assertEquals(dir.resolve("model.safetensors") + ": none of the tutorial's tensors (encoder.tok_embedding.weight, …)"
                + " is here; it holds bert.encoder.tok_embedding.weight, … : is this bentrevett's Seq2Seq?", error(dir));
    }

    @Test
    void wrongShapeSaysWhichConfigFieldsShapeIt() throws IOException {
        String fc1 = "encoder.layers.0.positionwise_feedforward.fc_1.weight";
        Path dir = single(t -> t.name().equals(fc1) ? reshape(t, 16, 32) : t);
        assertEquals(dir.resolve("model.safetensors") + ": tensor " + fc1 + " has shape (16, 32) but config.json's"
                + " (enc_pf_dim, hid_dim) is (32, 16) (Linear weights are (out_features, in_features))", error(dir));
    }

    @Test
    void unsupportedDtypesAreNamed() throws IOException {
        for (String dtype : List.of("F64", "I64")) {
            Path dir = single(UnaryOperator.identity());
            Path file = dir.resolve("model.safetensors");
            List<SafeTensorsWriter.Tensor> tensors = read(file);
            writeWithDtype(file, tensors, "decoder.fc_out.bias", dtype);
            assertEquals(file + ": tensor decoder.fc_out.bias is " + dtype + "; QKV Lens reads F32, F16 and BF16 weights"
                    + " (in PyTorch, save model.float().state_dict())", error(dir));
            assertTrue(assertThrows(BadInputException.class, () -> SafeTensors.open(file).readFloats("decoder.fc_out.bias"))
                    .getMessage().startsWith(file + ": tensor decoder.fc_out.bias is " + dtype));
            deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------------------------------- config, vocab

    @Test
    void configThatDisagreesWithTheWeights() throws IOException {
        Path dir = single(UnaryOperator.identity());
        editConfig(dir, "\"hid_dim\": 16", "\"hid_dim\": 8");
        assertEquals(dir.resolve("model.safetensors") + ": tensor encoder.tok_embedding.weight has shape (20, 16) but"
                + " config.json's (src_vocab, hid_dim) is (20, 8)", error(dir));

        editConfig(dir, "\"hid_dim\": 8", "\"hid_dim\": 16");
        editConfig(dir, "\"enc_layers\": 1", "\"enc_layers\": 2");
        assertEquals(dir.resolve("model.safetensors") + ": config.json says enc_layers 2 but there are no tensors of encoder"
                + " layer 1 (encoder.layers.1.…)", error(dir));

        editConfig(dir, "\"enc_layers\": 2", "\"enc_layers\": 1");
        editConfig(dir, "\"dec_pf_dim\": 32", "\"dec_pf_dim\": 48");
        assertEquals(dir.resolve("model.safetensors") + ": tensor decoder.layers.0.positionwise_feedforward.fc_1.weight has"
                + " shape (32, 16) but config.json's (dec_pf_dim, hid_dim) is (48, 16)", error(dir));

        editConfig(dir, "\"dec_pf_dim\": 48", "\"dec_pf_dim\": 32");
        editConfig(dir, "\"enc_heads\": 2", "\"enc_heads\": 3");
        assertEquals(dir.resolve("config.json") + ": hid_dim 16 is not divisible by enc_heads 3", error(dir));
    }

    @Test
    void weightsWithMoreLayersThanTheConfig() throws IOException {
        Path dir = copy(FIXTURE.resolve("f32/single"));
        // a B checkpoint (2 encoder layers) under A's config.json
        Files.copy(PyTorchFidelityTest.ROOT.resolve("B/f32/single/model.safetensors"), dir.resolve("model.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(dir.resolve("model.safetensors") + ": has tensors of encoder layer 1 (encoder.layers.1.…) but config.json"
                + " says enc_layers 1 (layers 0 to 0)", error(dir));
    }

    @Test
    void vocabularySizeMismatch() throws IOException {
        Path dir = single(UnaryOperator.identity());
        editFile(dir.resolve("vocab.json"), "\"the\",", "\"the\", \"zebra\",");
        assertEquals(dir.resolve("config.json") + ": src_vocab is 20 but vocab.json's src_itos has 21 tokens", error(dir));
        editConfig(dir, "\"src_vocab\": 20", "\"src_vocab\": 21");
        assertEquals(dir.resolve("model.safetensors") + ": tensor encoder.tok_embedding.weight has shape (20, 16) but"
                + " config.json's (src_vocab, hid_dim) is (21, 16)", error(dir));
    }

    @Test
    void padIndexAndSpecials() throws IOException {
        Path dir = single(UnaryOperator.identity());
        editConfig(dir, "\"trg_pad_idx\": 1", "\"trg_pad_idx\": 0");
        assertEquals(dir.resolve("config.json") + ": trg_pad_idx is 0 but vocab.json's trg_itos has \"<pad>\" at 1", error(dir));
        editConfig(dir, "\"trg_pad_idx\": 0", "\"trg_pad_idx\": 1");
        editFile(dir.resolve("vocab.json"), "\"<unk>\",\n  \"<pad>\"", "\"<pad>\",\n  \"<unk>\"");
        assertEquals(dir.resolve("vocab.json") + ": src_itos: vocabulary entry 0 is \"<pad>\" but must be \"<unk>\"", error(dir));
    }

    @Test
    void missingOrBrokenJson() throws IOException {
        Path dir = single(UnaryOperator.identity());
        Files.delete(dir.resolve("vocab.json"));
        assertTrue(error(dir).startsWith(dir.resolve("vocab.json") + ": missing (a model directory holds config.json,"));
        Files.writeString(dir.resolve("vocab.json"), "{\"src_itos\": []}");
        assertEquals(dir.resolve("vocab.json") + ": src_itos: the vocabulary has 0 entries, fewer than the 4 specials"
                + " [<unk>, <pad>, <sos>, <eos>]", error(dir));
        editConfig(dir, "\"max_length\": 100,", "");
        assertEquals(dir.resolve("config.json") + ": missing field \"max_length\"", error(dir));
        Files.writeString(dir.resolve("config.json"), "{\"hid_dim\": 16,}");
        assertTrue(error(dir).startsWith(dir.resolve("config.json") + " line 1, column"));
    }

    // ---------------------------------------------------------------------------------------------- the format

    @Test
    void truncatedFile() throws IOException {
        Path dir = single(UnaryOperator.identity());
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        assertEquals(file + ": truncated: tensor decoder.fc_out.weight needs bytes 37888 to 39424 of the data, but the file"
                + " holds only 39420 bytes of data", error(dir));
        Files.write(file, Arrays.copyOf(bytes, 200));
        assertTrue(error(dir).startsWith(file + ": truncated, or not a safetensors file: the header length field says"));
    }

    @Test
    void notASafetensorsFile() throws IOException {
        Path dir = single(UnaryOperator.identity());
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "this is a text file that someone named model.safetensors\n");
        assertEquals(file + ": not a safetensors file: its first 8 bytes give a header length of 2338328219631577204 bytes"
                + " (a safetensors header is 2 to 100000000 bytes)", error(dir));
        Files.write(file, new byte[] {1, 2, 3});
        assertEquals(file + ": not a safetensors file: it is 3 bytes long, too short for the 8-byte header length", error(dir));
        writeRaw(file, "[\"not an object\"]", new byte[0]);
        assertEquals(file + ": not a safetensors file: the header does not start with '{'", error(dir));
        writeRaw(file, "{this is not json}", new byte[0]);
        assertEquals(file + ": safetensors header line 1, column 2: Unexpected character ('t' (code 116)):"
                + " was expecting double-quote to start field name"
                + " (not a safetensors file, or a damaged one)", error(dir));
    }

    @Test
    void overlappingGappedAndMismatchedOffsets() throws IOException {
        Path file = tmp.resolve("x.safetensors");
        writeRaw(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertEquals(file + ": tensors a and b overlap (data_offsets [0, 8] and [4, 12])", openError(file));
        writeRaw(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", new byte[20]);
        assertEquals(file + ": a gap of 4 bytes before tensor b (safetensors data must be contiguous)", openError(file));
        writeRaw(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        assertEquals(file + ": tensor a: data_offsets [0, 8] hold 8 bytes but a F32 tensor of shape (3,) needs 12", openError(file));
        writeRaw(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[16]);
        assertEquals(file + ": 8 bytes after the last tensor's data (not a valid safetensors file)", openError(file));
        writeRaw(file, "{\"a\":{\"dtype\":\"F128\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        assertEquals(file + ": tensor a has unknown dtype \"F128\"", openError(file));
        writeRaw(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", new byte[8]);
        assertEquals(file + ": tensor a: data_offsets must be [begin, end] with 0 <= begin <= end, found [8,0]", openError(file));
        writeRaw(file, "{\"__metadata__\":{\"epoch\":5},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        assertEquals(file + ": \"__metadata__\" entry \"epoch\" is not a string (the format allows only strings)", openError(file));
    }

    // -------------------------------------------------------------------------------------------------- layouts

    @Test
    void emptyDirectorySaysWhatWasLookedFor() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        assertEquals(dir.resolve("config.json") + ": missing (a model directory holds config.json, vocab.json and the"
                + " weights in safetensors)", error(dir));
        Files.copy(FIXTURE.resolve("f32/single/config.json"), dir.resolve("config.json"));
        Files.copy(FIXTURE.resolve("f32/single/vocab.json"), dir.resolve("vocab.json"));
        Files.writeString(dir.resolve("weights.safetensors"), "x");
        assertEquals(dir + ": no weights found; looked for model.safetensors; model.safetensors.index.json with its shards"
                + " model-00001-of-0000N.safetensors; or one epochNN.safetensors per epoch (epoch01.safetensors, …)"
                + " (found weights.safetensors, which fits none of these names)", error(dir));
        assertEquals(tmp.resolve("nowhere") + ": no such directory", error(tmp.resolve("nowhere")));
        assertTrue(error(dir.resolve("config.json")).startsWith(dir.resolve("config.json") + " is a file, not a directory"));
    }

    @Test
    void oneLayoutOnly() throws IOException {
        Path dir = copy(FIXTURE.resolve("f32/epochs"));
        Files.copy(FIXTURE.resolve("f32/single/model.safetensors"), dir.resolve("model.safetensors"));
        assertTrue(error(dir).startsWith(dir + " holds weights in more than one layout (model.safetensors and"
                + " epoch01.safetensors); keep one"));
        Files.delete(dir.resolve("model.safetensors"));
        Files.copy(dir.resolve("epoch01.safetensors"), dir.resolve("epoch1.safetensors"));
        assertEquals(dir + ": epoch01.safetensors and epoch1.safetensors are both epoch 1; keep one", error(dir));
    }

    @Test
    void shardsAndTheirIndex() throws IOException {
        Path dir = copy(FIXTURE.resolve("f32/sharded"));
        Path index = dir.resolve("model.safetensors.index.json");
        String indexText = Files.readString(index);
        Files.delete(index);
        assertEquals(dir + ": model-00001-of-00002.safetensors is a shard of a sharded checkpoint, but"
                + " model.safetensors.index.json, which says which shard holds which tensor, is missing", error(dir));

        Files.writeString(index, indexText.replace("\"decoder.fc_out.bias\": \"model-00002-of-00002.safetensors\"",
                "\"decoder.fc_out.bias\": \"model-00003-of-00003.safetensors\""));
        assertEquals(index + ": weight_map puts decoder.fc_out.bias in model-00003-of-00003.safetensors, which is not in "
                + dir, error(dir));

        Files.writeString(index, indexText.replace(",\n  \"decoder.fc_out.bias\": \"model-00002-of-00002.safetensors\"", ""));
        assertEquals(dir.resolve("model-00002-of-00002.safetensors") + ": holds tensor decoder.fc_out.bias, which"
                + " model.safetensors.index.json's weight_map does not list", error(dir));

        Files.writeString(index, indexText.replace("\"decoder.fc_out.bias\": \"model-00002-of-00002.safetensors\"",
                "\"decoder.fc_out.bias\": \"model-00001-of-00002.safetensors\""));
        assertEquals(index + ": weight_map puts decoder.fc_out.bias in model-00001-of-00002.safetensors, but that file has"
                + " no such tensor", error(dir));
    }

    // -------------------------------------------------------------------------------------- nothing half-loaded

    @Test
    void aBadLaterCheckpointStopsTheImportBeforeAnyCheckpointIsUsed() throws IOException {
        Path dir = copy(FIXTURE.resolve("f32/epochs"));
        Path last = dir.resolve("epoch05.safetensors");
        byte[] bytes = Files.readAllBytes(last);
        Files.write(last, Arrays.copyOf(bytes, bytes.length - 4));
        List<ProbeLine> probes = ProbeFile.read(FIXTURE.resolve("reference/probes.txt"));
        List<Snapshot> seen = new ArrayList<>();
        BadInputException e = assertThrows(BadInputException.class, () -> ModelImport.importRun(dir, probes, 50,
                TokenizerKind.SPACES, 1, new ModelImport.Listener() {
                    @Override
                    public void onCheckpoint(int index, int count, ModelDirectory.Checkpoint c, Snapshot s) {
                        seen.add(s);
                    }
                }));
        assertTrue(e.getMessage().startsWith(last + ": truncated"), e.getMessage());
        assertEquals(List.of(), seen, "no checkpoint went through the model");
    }

    @Test
    void aFailedReadLeavesTheModelAsItWas() throws IOException {
        Path dir = single(t -> t.name().equals("decoder.fc_out.weight") ? withNaN(t) : t);
        ModelDirectory model = ModelDirectory.load(dir);
        try (Seq2Seq net = model.newModel(1)) {
            net.initialize(7);
            float[] before = net.params.clone();
            BadInputException e = assertThrows(BadInputException.class, () -> model.readWeights(model.checkpoints().getFirst(), net));
            assertEquals(dir.resolve("model.safetensors") + ": tensor decoder.fc_out.weight holds NaN at index 5 (a diverged"
                    + " checkpoint?); QKV Lens needs finite weights", e.getMessage());
            assertArrayEquals(before, net.params);
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** The message of the one BadInputException that loading {@code dir} gives; it must be one line. */
    private static String error(Path dir) {
        String message = assertThrows(BadInputException.class, () -> ModelDirectory.load(dir)).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    private static String openError(Path file) {
        return assertThrows(BadInputException.class, () -> SafeTensors.open(file)).getMessage();
    }

    /** A copy of the A fixture's single-file directory, each tensor passed through {@code edit} (null: dropped). */
    private Path single(UnaryOperator<SafeTensorsWriter.Tensor> edit) throws IOException {
        Path dir = copy(FIXTURE.resolve("f32/single"));
        List<SafeTensorsWriter.Tensor> out = new ArrayList<>();
        for (SafeTensorsWriter.Tensor t : read(dir.resolve("model.safetensors"))) {
            SafeTensorsWriter.Tensor e = edit.apply(t);
            if (e != null) out.add(e);
        }
        SafeTensorsWriter.writeF32(dir.resolve("model.safetensors"), out, Map.of());
        return dir;
    }

    private Path copy(Path from) throws IOException {
        Path dir = Files.createTempDirectory(tmp, from.getFileName().toString());
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir;
    }

    private static List<SafeTensorsWriter.Tensor> read(Path file) {
        SafeTensors st = SafeTensors.open(file);
        List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
        for (SafeTensors.Entry e : st.tensors().values()) {
            tensors.add(new SafeTensorsWriter.Tensor(e.name(), e.shape(), st.readFloats(e.name()), 0));
        }
        return tensors;
    }

    private static SafeTensorsWriter.Tensor rename(SafeTensorsWriter.Tensor t, String name) {
        return new SafeTensorsWriter.Tensor(name, t.shape(), t.data(), 0);
    }

    private static SafeTensorsWriter.Tensor reshape(SafeTensorsWriter.Tensor t, int... shape) {
        return new SafeTensorsWriter.Tensor(t.name(), shape, t.data(), 0);
    }

    private static SafeTensorsWriter.Tensor withNaN(SafeTensorsWriter.Tensor t) {
        float[] data = t.data().clone();
        data[5] = Float.NaN;
        return new SafeTensorsWriter.Tensor(t.name(), t.shape(), data, 0);
    }

    /** Writes the tensors with {@code name} stored as {@code dtype} (zeros of its size), the rest as F32. */
    private static void writeWithDtype(Path file, List<SafeTensorsWriter.Tensor> tensors, String name, String dtype) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (SafeTensorsWriter.Tensor t : tensors) {
            int n = t.data().length;
            long bytes = (t.name().equals(name) ? 8L : 4L) * n;
            if (header.length() > 1) header.append(',');
            header.append('"').append(t.name()).append("\":{\"dtype\":\"").append(t.name().equals(name) ? dtype : "F32")
                    .append("\",\"shape\":").append(Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        writeRaw(file, header.append('}').toString(), new byte[(int) offset]);
    }

    private static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Files.write(file, b.array());
    }

    private static void editConfig(Path dir, String from, String to) throws IOException {
        editFile(dir.resolve("config.json"), from, to);
    }

    private static void editFile(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has no " + from + ":\n" + text);
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
