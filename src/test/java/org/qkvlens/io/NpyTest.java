package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.qkvlens.data.BadInputException;

/** The .npy format: round trips for every dtype and rank, NumPy's exact header bytes, and every way a file can be bad. */
class NpyTest {

    static byte[] toBytes(NpyArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(a, out);
        return out.toByteArray();
    }

    static NpyArray fromBytes(byte[] bytes) throws IOException {
        return Npy.read(new ByteArrayInputStream(bytes), "x.npy", bytes.length);
    }

    /** An array of the given dtype and shape filled with varied values, special floats included. */
    static NpyArray sample(NpyDtype dtype, int[] shape, long seed) {
        Random random = new Random(seed);
        int n = (int) NpyArray.elementCount(shape);
        float[] specialFloats = {-0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE};
        double[] specialDoubles = {-0d, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        return switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i < specialFloats.length ? specialFloats[i] : (float) random.nextGaussian();
                }
                yield NpyArray.ofFloats(v, shape);
            }
            case FLOAT64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i < specialDoubles.length ? specialDoubles[i] : random.nextGaussian();
                }
                yield NpyArray.ofDoubles(v, shape);
            }
            case INT32 -> NpyArray.ofInts(random.ints(n).toArray(), shape);
            case INT64 -> NpyArray.ofLongs(random.longs(n).toArray(), shape);
        };
    }

    static Stream<Arguments> dtypesAndShapes() {
        int[][] shapes = {{}, {0}, {1}, {7}, {3, 4}, {2, 0, 5}, {2, 3, 4}, {1, 2, 1, 3, 2}, {300_000}};
        List<Arguments> cases = new ArrayList<>();
        for (NpyDtype dtype : NpyDtype.values()) {
            for (int[] shape : shapes) {
                cases.add(Arguments.of(dtype, shape));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndShapes")
    void roundTripsEveryDtypeAndRank(NpyDtype dtype, int[] shape) throws IOException {
        NpyArray original = sample(dtype, shape, 42);
        byte[] bytes = toBytes(original);
        assertEquals(0, (bytes.length - original.size() * dtype.itemSize()) % 64, "header is a multiple of 64 bytes");
        NpyArray back = fromBytes(bytes);
        assertEquals(original, back);
        assertEquals(dtype, back.dtype());
        assertArrayEquals(shape, back.shape());
    }

    @Test
    void floatBitsSurviveExactly() throws IOException {
        float[] v = {Float.intBitsToFloat(0x7fc00001), -0f, 1e-45f, 0.1f};
        float[] back = fromBytes(toBytes(NpyArray.ofFloats(v, 4))).floats();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]));
        }
    }

    @Test
    void writesExactlyWhatNumpyWrites() throws IOException {
        // bytes from NumPy 1.24: np.save(f, np.arange(12, dtype='<f4').reshape(3, 4))
        String header = "\u0093NUMPY\u0001\u0000v\u0000{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"
                + " ".repeat(58) + "\n";
        ByteBuffer expected = ByteBuffer.allocate(128 + 48).order(ByteOrder.LITTLE_ENDIAN);
        expected.put(header.getBytes(StandardCharsets.ISO_8859_1));
        float[] data = new float[12];
        for (int i = 0; i < 12; i++) {
            data[i] = i;
            expected.putFloat(i);
        }
        assertEquals(HexFormat.of().formatHex(expected.array()), HexFormat.of().formatHex(toBytes(NpyArray.ofFloats(data, 3, 4))));
    }

    @Test
    void headersOfScalarsAndVectorsMatchNumpy() throws IOException {
        // np.save of np.array(7, dtype='<i8') and np.arange(5, dtype='<i4')
        assertEquals("{'descr': '<i8', 'fortran_order': False, 'shape': (), }" + " ".repeat(62) + "\n",
                headerText(toBytes(NpyArray.ofLongs(new long[] {7}))));
        assertEquals("{'descr': '<i4', 'fortran_order': False, 'shape': (5,), }" + " ".repeat(60) + "\n",
                headerText(toBytes(NpyArray.ofInts(new int[5], 5))));
    }

    @Test
    void padsAFullBlockWhenTheDictEndsExactlyOnTheBoundary() throws IOException {
        // NumPy adds 64 spaces rather than none here: header length 182 for shape (1, ..., 1, 100) of rank 14
        int[] shape = new int[14];
        Arrays.fill(shape, 1);
        shape[13] = 100;
        byte[] bytes = toBytes(NpyArray.ofFloats(new float[100], shape));
        assertEquals(182, (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8);
        assertTrue(headerText(bytes).endsWith(" ".repeat(64) + "\n"));
        assertEquals(NpyArray.ofFloats(new float[100], shape), fromBytes(bytes));
    }

    private static String headerText(byte[] npy) {
        int length = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
        return new String(npy, 10, length, StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsConsecutiveArraysFromOneStream() throws IOException {
        NpyArray a = sample(NpyDtype.FLOAT32, new int[] {2, 3}, 1);
        NpyArray b = sample(NpyDtype.INT64, new int[] {4}, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(a, out);
        Npy.write(b, out);
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(a, Npy.read(in, "two.npy", Long.MAX_VALUE));
        assertEquals(b, Npy.read(in, "two.npy", Long.MAX_VALUE));
        assertEquals(-1, in.read());
    }

    @Test
    void readsVersion2And3Headers() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
        byte[] data = toBytes(NpyArray.ofDoubles(new double[] {1.5, -2}, 2));
        byte[] payload = Arrays.copyOfRange(data, data.length - 16, data.length);
        for (int major = 2; major <= 3; major++) {
            ByteBuffer b = ByteBuffer.allocate(12 + dict.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
            b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0}).putInt(dict.length());
            b.put(dict.getBytes(StandardCharsets.US_ASCII)).put(payload);
            assertArrayEquals(new double[] {1.5, -2}, fromBytes(b.array()).doubles());
        }
    }

    @Test
    void writes100MegabytesInWellUnderASecond() throws IOException {
        float[] big = new float[25_000_000];
        Arrays.fill(big, 0.5f);
        NpyArray a = NpyArray.ofFloats(big, 5_000, 5_000);
        Npy.write(a, OutputStream.nullOutputStream()); // warm up
        long start = System.nanoTime();
        Npy.write(a, OutputStream.nullOutputStream());
        long writeMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(writeMillis < 15_000, "writing 100 MB took " + writeMillis + " ms");

        byte[] bytes = toBytes(a);
        start = System.nanoTime();
        NpyArray back = fromBytes(bytes);
        long readMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(readMillis < 15_000, "reading 100 MB took " + readMillis + " ms");
        assertEquals(0.5f, back.floats()[24_999_999]);
    }

    // ---- bad input ----

    /** A .npy with the given header dict (version 1.0, unpadded) followed by {@code dataBytes} zero bytes. */
    static byte[] npy(String dict, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(10 + dict.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) dict.length());
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    static String readError(byte[] bytes) {
        return assertThrows(BadInputException.class, () -> fromBytes(bytes)).getMessage();
    }

    @Test
    void rejectsWrongMagic() {
        assertEquals("x.npy: not a .npy file (it does not start with \\x93NUMPY)",
                readError("PK\u0003\u0004 this is a zip, not an npy".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 9, 40})
    void rejectsTruncatedHeader(int keep) throws IOException {
        byte[] whole = toBytes(NpyArray.ofFloats(new float[4], 4));
        String message = readError(Arrays.copyOf(whole, keep));
        assertTrue(message.startsWith("x.npy: truncated .npy header"), message);
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        byte[] whole = toBytes(NpyArray.ofFloats(new float[12], 3, 4));
        assertEquals("x.npy: truncated: a float32 (<f4) array of shape (3, 4) needs 48 bytes of data but the file has only 20",
                readError(Arrays.copyOf(whole, whole.length - 28)));
    }

    @Test
    void rejectsTruncatedDataBeyondTheFirstChunk() throws IOException {
        byte[] whole = toBytes(NpyArray.ofDoubles(new double[300_000], 300_000));
        String message = readError(Arrays.copyOf(whole, whole.length - 1));
        assertTrue(message.endsWith("needs 2400000 bytes of data but the file has only 2399999"), message);
    }

    @Test
    void rejectsBigEndianWithAHint() {
        String message = readError(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8));
        assertTrue(message.startsWith("x.npy: .npy header {'descr': '>f4', 'fortran_order': False, 'shape': (2,), }: "
                + "dtype '>f4' is big-endian; save it little-endian, e.g. a.astype('<f4')"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<u2", "|b1", "<f2", "|O", "<c16"})
    void rejectsOtherDtypes(String descr) {
        String message = readError(npy("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }", 64));
        assertTrue(message.contains("dtype '" + descr + "' is not supported (QKV Lens reads <f4, <i4, <i8 and <f8"), message);
    }

    @Test
    void rejectsFortranOrder() {
        String message = readError(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 24));
        assertTrue(message.endsWith("Fortran order is not supported; save np.ascontiguousarray(a)"), message);
    }

    @Test
    void rejectsStructuredDtypes() {
        String message = readError(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8));
        assertTrue(message.contains("structured dtypes are not supported"), message);
    }

    @Test
    void rejectsUnsupportedVersion() {
        byte[] bytes = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
        bytes[6] = 4;
        assertEquals("x.npy: .npy format version 4.0 is not supported (only 1.0, 2.0 and 3.0)", readError(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f4', 'shape': (2,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [2], }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }",
        "{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } trailing",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'shape': (2,)}",
        "{'descr: '<f4', 'fortran_order': False, 'shape': (2,)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,",
        "not a dict at all",
        "",
    })
    void rejectsMalformedHeaderDicts(String dict) {
        String message = readError(npy(dict, 8));
        assertTrue(message.startsWith("x.npy: .npy header "), message);
    }

    @Test
    void rejectsShapesNoJavaArrayCanHold() {
        assertTrue(readError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3000000000,), }", 0))
                .endsWith("dimension 3000000000 is too large for a Java array at character 62"));
        assertTrue(readError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", 0))
                .contains("too many elements for one Java array"));
    }

    @Test
    void rejectsImplausibleHeaderLength() {
        byte[] bytes = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 0x7F};
        assertTrue(readError(bytes).contains("is not plausible"));
    }

    // ---- NpyArray ----

    @Test
    void factoriesCheckTheShape() {
        assertEquals("shape (3, 4) holds 12 elements but the data has 10",
                assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(new float[10], 3, 4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofInts(new int[5])); // rank 0 holds one element
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofLongs(new long[0], -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(NpyDtype.FLOAT64, new int[] {2}, new float[2]));
        assertEquals(1, NpyArray.ofDoubles(new double[] {2.5}).size());
    }

    @Test
    void shapeIsCopiedAndEqualityComparesContents() {
        int[] shape = {2, 2};
        NpyArray a = NpyArray.ofInts(new int[] {1, 2, 3, 4}, shape);
        shape[0] = 99;
        a.shape()[1] = 99;
        assertArrayEquals(new int[] {2, 2}, a.shape());
        NpyArray same = NpyArray.ofInts(new int[] {1, 2, 3, 4}, 2, 2);
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, NpyArray.ofInts(new int[] {1, 2, 3, 4}, 4));
        assertNotEquals(a, NpyArray.ofInts(new int[] {1, 2, 3, 5}, 2, 2));
        assertEquals("NpyArray[int32 (<i4), shape (2, 2)]", a.toString());
    }

    @Test
    void typedAccessorsRefuseTheWrongDtype() {
        NpyArray a = NpyArray.ofInts(new int[] {1}, 1);
        assertArrayEquals(new int[] {1}, a.ints());
        assertEquals("this array is int32 (<i4), not float32 (<f4)",
                assertThrows(IllegalStateException.class, a::floats).getMessage());
        assertThrows(IllegalStateException.class, a::longs);
        assertThrows(IllegalStateException.class, a::doubles);
    }
}
