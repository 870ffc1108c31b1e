package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.PythonScript;
import org.qkvlens.data.BadInputException;

/**
 * Holds our .npy/.npz to NumPy itself, both ways: NumPy loads what Java wrote, Java loads what NumPy wrote, and
 * {@code np.save} output is byte-identical to {@link Npy#write}. Skipped when no Python with NumPy is installed
 * (tries /usr/bin/python3, then python3 on the PATH).
 */
class NumpyInteropTest {
    private static String python;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonWithNumpy() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                run(candidate, "import numpy");
                python = candidate;
                return;
            } catch (IOException | AssertionError notThisOne) {
                // try the next one
            }
        }
    }

    @BeforeEach
    void skipWithoutNumpy() {
        Assumptions.assumeTrue(python != null, "no python3 with numpy found");
    }

    /** Runs {@code python -c script args...} and returns its output; fails on a non-zero exit. */
    private static String run(String interpreter, String script, String... args) throws IOException {
        return PythonScript.run(interpreter, script, args);
    }

    @Test
    void numpyLoadsWhatJavaWrites() throws IOException {
        for (NpzWriter.Compression compression : NpzWriter.Compression.values()) {
            Path file = dir.resolve("java-" + compression + ".npz");
            float[] big = new float[1_000_000];
            Arrays.fill(big, 0.5f);
            try (NpzWriter npz = new NpzWriter(file, compression)) {
                npz.add("w", NpyArray.ofFloats(new float[] {0, 1, -1.5f, 0.25f, 1e10f, 5}, 2, 3));
                npz.add("tokens", NpyArray.ofInts(new int[] {1, -2, Integer.MAX_VALUE}, 3));
                npz.add("step", NpyArray.ofLongs(new long[] {1L << 40}));
                npz.add("empty", NpyArray.ofDoubles(new double[0], 0, 2));
                npz.add("big", NpyArray.ofFloats(big, 1000, 1000));
                npz.addJson("manifest.json", Map.of("epochs", 3));
                npz.commit();
            }
            String output = run(python, """
                    import sys, numpy as np
                    with np.load(sys.argv[1]) as d:
                        for k in d.files:
                            a = d[k]
                            if isinstance(a, bytes): print(k, a.decode().split())  # a non-array entry
                            else: print(k, a.dtype.str, a.shape, a.ravel().tolist() if a.size < 10 else a.sum().item())
                    """, file.toString());
            assertEquals("""
                    w <f4 (2, 3) [0.0, 1.0, -1.5, 0.25, 10000000000.0, 5.0]
                    tokens <i4 (3,) [1, -2, 2147483647]
                    step <i8 () [1099511627776]
                    empty <f8 (0, 2) []
                    big <f4 (1000, 1000) 500000.0
                    manifest.json ['{', '"epochs":', '3', '}']
                    """, output, compression.toString());
        }
    }

    /** The manifest's numbers, both ways: Python reads the very doubles and floats we wrote, and we read its json.dumps. */
    @Test
    void pythonReadsOurJsonExactlyAndWeReadPythons() throws IOException {
        Random random = new Random(11);
        double[] doubles = new double[500];
        float[] floats = new float[500];
        for (int i = 0; i < doubles.length; i++) {
            do doubles[i] = Double.longBitsToDouble(random.nextLong()); while (!Double.isFinite(doubles[i]));
            do floats[i] = Float.intBitsToFloat(random.nextInt()); while (!Float.isFinite(floats[i]));
        }
        doubles[0] = 0.1;
        doubles[1] = -0.0;
        doubles[2] = Double.MIN_VALUE;
        floats[0] = 0.1f;
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("doubles", doubles);
        manifest.put("floats", floats);
        manifest.put("losses", List.of(1.5, Double.NaN));
        manifest.put("text", "Grüße \"q\" \\ 😀\n");
        Path file = dir.resolve("manifest.npz");
        Path back = dir.resolve("back.json");
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.addJson("manifest.json", manifest);
            npz.commit();
        }
        String output = run(python, """
                import sys, json, struct, zipfile
                m = json.loads(zipfile.ZipFile(sys.argv[1]).read('manifest.json'))
                print(''.join(struct.pack('<d', x).hex() for x in m['doubles']))
                print(''.join(struct.pack('<f', x).hex() for x in m['floats']))
                print(m['losses'], ascii(m['text']))
                open(sys.argv[2], 'w').write(json.dumps(m))
                """, file.toString(), back.toString());
        ByteBuffer d = ByteBuffer.allocate(8 * doubles.length).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer f = ByteBuffer.allocate(4 * floats.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : doubles) d.putDouble(x);
        for (float x : floats) f.putFloat(x);
        assertEquals(HexFormat.of().formatHex(d.array()) + "\n" + HexFormat.of().formatHex(f.array()) + "\n"
                + "[1.5, None] 'Gr\\xfc\\xdfe \"q\" \\\\ \\U0001f600\\n'\n", output);

        JsonNode fromPython = Json.parse(Files.readAllBytes(back), back.toString());
        double[] doublesBack = new double[doubles.length];
        float[] floatsBack = new float[floats.length];
        for (int i = 0; i < doubles.length; i++) {
            doublesBack[i] = fromPython.get("doubles").get(i).doubleValue();
            floatsBack[i] = (float) fromPython.get("floats").get(i).doubleValue();
        }
        assertArrayEquals(doubles, doublesBack); // bit for bit: -0.0 is not 0.0 here
        assertArrayEquals(floats, floatsBack);
        assertTrue(fromPython.get("losses").get(1).isNull());
        assertEquals(manifest.get("text"), fromPython.get("text").textValue());
    }

    @Test
    void javaLoadsWhatNumpyWrites() throws IOException {
        Path plain = dir.resolve("plain.npz");
        Path compressed = dir.resolve("compressed.npz");
        run(python, """
                import sys, numpy as np
                arrays = dict(a=np.arange(6, dtype='<f4').reshape(2, 3) * 0.5, b=np.array([1, -2, 3], dtype=np.int32),
                              c=np.array(2**40), d=np.linspace(0, 1, 5), e=np.zeros((0, 3), np.float32), big=np.arange(1e6))
                np.savez(sys.argv[1], np.arange(3, dtype=np.int64), **arrays)
                np.savez_compressed(sys.argv[2], np.arange(3, dtype=np.int64), **arrays)
                """, plain.toString(), compressed.toString());
        for (Path file : List.of(plain, compressed)) {
            try (NpzReader npz = new NpzReader(file)) {
                assertEquals(List.of("a", "b", "c", "d", "e", "big", "arr_0"), List.copyOf(npz.arrayNames()));
                assertEquals(NpyArray.ofLongs(new long[] {0, 1, 2}, 3), npz.read("arr_0"));
                assertEquals(NpyArray.ofFloats(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, 2, 3), npz.read("a"));
                assertEquals(NpyArray.ofInts(new int[] {1, -2, 3}, 3), npz.read("b"));
                assertEquals(NpyArray.ofLongs(new long[] {1L << 40}), npz.read("c"));
                assertEquals(NpyArray.ofDoubles(new double[] {0, 0.25, 0.5, 0.75, 1}, 5), npz.read("d"));
                assertEquals(NpyArray.ofFloats(new float[0], 0, 3), npz.read("e"));
                double[] big = npz.read("big", NpyDtype.FLOAT64).doubles();
                assertEquals(499_999_500_000.0, Arrays.stream(big).sum());
            }
        }
    }

    @Test
    void npSaveAndNpyWriteProduceTheSameBytes() throws IOException {
        List<int[]> shapes = List.of(new int[] {}, new int[] {0}, new int[] {5}, new int[] {3, 4}, new int[] {2, 0, 5},
                new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100}, new int[] {123456, 2});
        StringBuilder script = new StringBuilder("import sys, numpy as np\n");
        List<NpyArray> javaArrays = new ArrayList<>();
        for (NpyDtype dtype : NpyDtype.values()) {
            for (int[] shape : shapes) {
                int i = javaArrays.size();
                script.append("np.save(sys.argv[1] + '/").append(i).append(".npy', np.arange(")
                        .append(NpyArray.elementCount(shape)).append(", dtype='").append(dtype.descr()).append("').reshape(")
                        .append(NpyArray.shapeString(shape)).append("))\n");
                javaArrays.add(arange(dtype, shape));
            }
        }
        run(python, script.toString(), dir.toString());
        for (int i = 0; i < javaArrays.size(); i++) {
            byte[] numpyBytes = Files.readAllBytes(dir.resolve(i + ".npy"));
            assertArrayEquals(numpyBytes, NpyTest.toBytes(javaArrays.get(i)), javaArrays.get(i).toString());
        }
    }

    private static NpyArray arange(NpyDtype dtype, int[] shape) {
        int n = (int) NpyArray.elementCount(shape);
        return switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i;
                }
                yield NpyArray.ofFloats(v, shape);
            }
            case INT32 -> NpyArray.ofInts(IntStream.range(0, n).toArray(), shape);
            case INT64 -> NpyArray.ofLongs(LongStream.range(0, n).toArray(), shape);
            case FLOAT64 -> NpyArray.ofDoubles(IntStream.range(0, n).asDoubleStream().toArray(), shape);
        };
    }

    @Test
    void explainsWhatItCannotReadFromNumpy() throws IOException {
        run(python, """
                import sys, numpy as np
                np.save(sys.argv[1] + '/big_endian.npy', np.arange(3, dtype='>f4'))
                np.save(sys.argv[1] + '/fortran.npy', np.asfortranarray(np.ones((2, 3), np.float32)))
                np.save(sys.argv[1] + '/bools.npy', np.array([True, False]))
                """, dir.toString());
        assertTrue(readError("big_endian.npy").contains("dtype '>f4' is big-endian; save it little-endian, e.g. a.astype('<f4')"));
        assertTrue(readError("fortran.npy").endsWith("Fortran order is not supported; save np.ascontiguousarray(a)"));
        assertTrue(readError("bools.npy").contains("dtype '|b1' is not supported"));
    }

    private String readError(String name) {
        return assertThrows(BadInputException.class, () -> {
            try (InputStream in = Files.newInputStream(dir.resolve(name))) {
                Npy.read(in, name, Long.MAX_VALUE);
            }
        }).getMessage();
    }
}
