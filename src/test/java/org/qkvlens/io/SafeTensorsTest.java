package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SafeTensorsWriter} and {@link SafeTensors} agree with each other and with the format: header padded to
 * 8 bytes, metadata first, scalars and empty tensors, and F16/BF16 widened exactly (normal, subnormal, ±0, infinity).
 * Malformed files are covered by org.qkvlens.interop.ModelDirectoryBadInputTest.
 */
class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void writesWhatItReads() throws IOException {
        Path file = dir.resolve("t.safetensors");
        float[] flat = {9, 1, 2, 3, 4, 5, 6, -0f, Float.MIN_VALUE, Float.MAX_VALUE};
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", "3");
        meta.put("note", "ä ✓");
        SafeTensorsWriter.writeF32(file, List.of(
                new SafeTensorsWriter.Tensor("w", new int[] {2, 3}, flat, 1),
                new SafeTensorsWriter.Tensor("scalar", new int[] {}, flat, 0),
                new SafeTensorsWriter.Tensor("empty", new int[] {0, 4}, flat, 0),
                new SafeTensorsWriter.Tensor("tail", new int[] {3}, flat, 7)), meta);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertTrue(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).startsWith("{\"__metadata__\":{\"epoch\":\"3\""));
        assertEquals(8 + n + 4 * (6 + 1 + 0 + 3), bytes.length);

        SafeTensors st = SafeTensors.open(file);
        assertEquals(List.of("w", "scalar", "empty", "tail"), List.copyOf(st.tensors().keySet()));
        assertEquals(meta, st.metadata());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, st.readFloats("w"));
        assertArrayEquals(new int[] {2, 3}, st.tensor("w").shape());
        assertArrayEquals(new float[] {9}, st.readFloats("scalar"));
        assertArrayEquals(new float[0], st.readFloats("empty"));
        assertArrayEquals(new float[] {-0f, Float.MIN_VALUE, Float.MAX_VALUE}, st.readFloats("tail"));
        assertEquals(SafeTensorsDtype.F32, st.tensor("tail").dtype());
    }

    @Test
    void halfPrecisionWidensExactly() throws IOException {
        short[] f16 = {0x3C00, (short) 0xC000, 0x0001, 0x7BFF, (short) 0x8000, 0x7C00, 0x3555};
        float[] f16Values = {1f, -2f, 0x1p-24f, 65504f, -0f, Float.POSITIVE_INFINITY, 0.333251953125f};
        short[] bf16 = {0x3F80, (short) 0xC0A0, 0x0001, 0x7F7F, (short) 0x8000, (short) 0xFF80, 0x3EAB};
        float[] bf16Values = {1f, -5f, Float.intBitsToFloat(0x00010000), Float.intBitsToFloat(0x7F7F0000), -0f,
                Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x3EAB0000)};
        ByteBuffer data = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : f16) data.putShort(s);
        for (short s : bf16) data.putShort(s);
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[7],\"data_offsets\":[14,28]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("half.safetensors");
        Files.write(file, ByteBuffer.allocate(8 + h.length + 28).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .put(data.array()).array());
        SafeTensors st = SafeTensors.open(file);
        assertArrayEquals(f16Values, st.readFloats("h"));
        assertArrayEquals(bf16Values, st.readFloats("b"));
    }
}
