package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qkvlens.data.BadInputException;

/** NpzWriter and NpzReader: round trips, the atomic move into place, and damaged or foreign files. */
class NpzTest {
    @TempDir
    Path dir;

    private static final Map<String, NpyArray> ARRAYS = new LinkedHashMap<>();

    static {
        ARRAYS.put("weights", NpyTest.sample(NpyDtype.FLOAT32, new int[] {64, 32}, 1));
        ARRAYS.put("tokens", NpyTest.sample(NpyDtype.INT32, new int[] {5}, 2));
        ARRAYS.put("step", NpyTest.sample(NpyDtype.INT64, new int[] {}, 3));
        ARRAYS.put("empty", NpyTest.sample(NpyDtype.FLOAT64, new int[] {0, 4}, 4));
        ARRAYS.put("layer/0/q", NpyTest.sample(NpyDtype.FLOAT32, new int[] {2, 3, 4}, 5));
    }

    private Path writeSample(String fileName, NpzWriter.Compression compression) throws IOException {
        Path file = dir.resolve(fileName);
        try (NpzWriter npz = new NpzWriter(file, compression)) {
            for (var e : ARRAYS.entrySet()) {
                npz.add(e.getKey(), e.getValue());
            }
            npz.addText("notes.txt", "Grüße, 😀\n");
            npz.addJson("manifest.json", Map.of("epochs", 3, "shape", new int[] {64, 32}));
            npz.commit();
        }
        return file;
    }

    @ParameterizedTest
    @EnumSource(NpzWriter.Compression.class)
    void roundTripsArraysAndText(NpzWriter.Compression compression) throws IOException {
        Path file = writeSample("run.npz", compression);
        try (NpzReader npz = new NpzReader(file)) {
            assertEquals(List.copyOf(ARRAYS.keySet()), List.copyOf(npz.arrayNames()));
            for (var e : ARRAYS.entrySet()) {
                assertEquals(e.getValue(), npz.read(e.getKey()));
            }
            assertEquals("Grüße, 😀\n", npz.readText("notes.txt"));
            JsonObject manifest = JsonObject.of(npz.readJson("manifest.json"), "manifest.json");
            assertEquals(3, manifest.getInt("epochs"));
            assertArrayEquals(new int[] {64, 32}, manifest.getIntArray("shape"));
            assertTrue(npz.hasEntry("weights.npy"));
            assertTrue(npz.hasEntry("manifest.json"));
            assertFalse(npz.hasEntry("weights"));
        }
        int method = compression == NpzWriter.Compression.STORED ? ZipEntry.STORED : ZipEntry.DEFLATED;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.stream().forEach(e -> assertEquals(method, e.getMethod(), e.getName()));
        }
    }

    @Test
    void defaultsToDeflated() throws IOException {
        Path file = dir.resolve("d.npz");
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.add("zeros", NpyArray.ofFloats(new float[100_000], 100_000));
            npz.commit();
        }
        assertTrue(Files.size(file) < 10_000, "100 000 zeros deflate to " + Files.size(file) + " bytes");
    }

    @Test
    void readChecksTheDtypeWhenAsked() throws IOException {
        Path file = writeSample("run.npz", NpzWriter.Compression.STORED);
        try (NpzReader npz = new NpzReader(file)) {
            assertEquals(ARRAYS.get("weights"), npz.read("weights", NpyDtype.FLOAT32));
            assertEquals(file + ": tokens.npy: expected float32 (<f4) but the array is int32 (<i4) (convert it with a.astype('<f4'))",
                    assertThrows(BadInputException.class, () -> npz.read("tokens", NpyDtype.FLOAT32)).getMessage());
        }
    }

    @Test
    void theTargetAppearsOnlyOnCommitAndNoTemporaryFileRemains() throws IOException {
        Path file = dir.resolve("run.npz");
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.add("a", NpyArray.ofInts(new int[] {1}, 1));
            assertFalse(Files.exists(file));
            npz.commit();
        }
        assertTrue(Files.exists(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path file = dir.resolve("run.npz");
        Files.writeString(file, "old contents");
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.add("a", NpyArray.ofInts(new int[] {1}, 1));
            npz.commit();
        }
        try (NpzReader npz = new NpzReader(file)) {
            assertEquals(Set.of("a"), npz.arrayNames());
        }
    }

    @Test
    void aFailureBetweenAddsLeavesTheTargetUntouched() throws IOException {
        Path file = dir.resolve("run.npz");
        Files.writeString(file, "old contents");
        assertThrows(IllegalStateException.class, () -> {
            try (NpzWriter npz = new NpzWriter(file)) {
                npz.add("a", NpyArray.ofInts(new int[] {1}, 1));
                throw new IllegalStateException("the caller failed before commit");
            }
        });
        assertEquals("old contents", Files.readString(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void aFailedAddLeavesTheTargetUntouched() throws IOException {
        Path file = dir.resolve("run.npz");
        Files.writeString(file, "old contents");
        assertThrows(IllegalArgumentException.class, () -> {
            try (NpzWriter npz = new NpzWriter(file)) {
                npz.add("a", NpyArray.ofInts(new int[] {1}, 1));
                npz.add("a", NpyArray.ofInts(new int[] {2}, 1));
            }
        });
        assertEquals("old contents", Files.readString(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void theFileGetsOrdinaryPermissionsNotOwnerOnly() throws IOException {
        Path file = dir.resolve("run.npz");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.addText("a.txt", "a");
            npz.commit();
        }
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        assertEquals(expected, Files.getPosixFilePermissions(file));
    }

    @Test
    void refusesUseAfterClose() throws IOException {
        NpzWriter npz = new NpzWriter(dir.resolve("run.npz"));
        npz.close();
        npz.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> npz.addText("a", "b"));
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    // ---- bad files ----

    private String openError(Path file) {
        return assertThrows(BadInputException.class, () -> new NpzReader(file).close()).getMessage();
    }

    @Test
    void rejectsAMissingFile() {
        Path file = dir.resolve("nope.npz");
        assertEquals(file + ": no such file", openError(file));
    }

    @Test
    void rejectsAFileThatIsNotAZip() throws IOException {
        Path file = Files.writeString(dir.resolve("text.npz"), "just some text, not a zip archive");
        assertEquals(file + ": not a .npz file (it is not a zip archive)", openError(file));
        Path npy = dir.resolve("array.npz");
        Files.write(npy, NpyTest.toBytes(NpyArray.ofFloats(new float[3], 3)));
        assertEquals(npy + ": not a .npz file (it is not a zip archive)", openError(npy));
    }

    @Test
    void rejectsATruncatedZip() throws IOException {
        Path file = writeSample("run.npz", NpzWriter.Compression.STORED);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(file + ": not a .npz file (it is not a zip archive)", openError(file));
    }

    @Test
    void namesTheMissingEntryAndWhatIsThere() throws IOException {
        Path file = zipOf(Map.of("a.npy", NpyTest.toBytes(NpyArray.ofInts(new int[] {1}, 1))));
        try (NpzReader npz = new NpzReader(file)) {
            assertEquals(file + ": has no entry b.npy (it holds a.npy)",
                    assertThrows(BadInputException.class, () -> npz.read("b")).getMessage());
            assertEquals(file + ": has no entry manifest.json (it holds a.npy)",
                    assertThrows(BadInputException.class, () -> npz.readText("manifest.json")).getMessage());
        }
        Path empty = zipOf(Map.of());
        try (NpzReader npz = new NpzReader(empty)) {
            assertEquals(Set.of(), npz.arrayNames());
            assertTrue(assertThrows(BadInputException.class, () -> npz.read("a")).getMessage().endsWith("(it holds no entries)"));
        }
    }

    @Test
    void rejectsATruncatedNpyInside() throws IOException {
        byte[] whole = NpyTest.toBytes(NpyArray.ofFloats(new float[12], 3, 4));
        Path file = zipOf(Map.of("w.npy", Arrays.copyOf(whole, whole.length - 8)));
        try (NpzReader npz = new NpzReader(file)) {
            assertEquals(file + ": w.npy: truncated: a float32 (<f4) array of shape (3, 4) needs 48 bytes of data but the file has only 40",
                    assertThrows(BadInputException.class, () -> npz.read("w")).getMessage());
        }
    }

    @Test
    void rejectsWrongMagicInside() throws IOException {
        Path file = zipOf(Map.of("w.npy", "hello".getBytes(StandardCharsets.US_ASCII)));
        try (NpzReader npz = new NpzReader(file)) {
            assertEquals(file + ": w.npy: truncated .npy header (the file ends after 5 of 8 expected bytes)",
                    assertThrows(BadInputException.class, () -> npz.read("w")).getMessage());
        }
        Path other = zipOf(Map.of("w.npy", "not an npy file at all".getBytes(StandardCharsets.US_ASCII)));
        try (NpzReader npz = new NpzReader(other)) {
            assertEquals(other + ": w.npy: not a .npy file (it does not start with \\x93NUMPY)",
                    assertThrows(BadInputException.class, () -> npz.read("w")).getMessage());
        }
    }

    @Test
    void rejectsBadTextAndJsonEntries() throws IOException {
        Path file = zipOf(Map.of("bad.txt", new byte[] {'a', (byte) 0xC3}, "manifest.json", "{\"a\" 1}".getBytes(StandardCharsets.UTF_8)));
        try (NpzReader npz = new NpzReader(file)) {
            assertEquals(file + ": bad.txt is not valid UTF-8 text",
                    assertThrows(BadInputException.class, () -> npz.readText("bad.txt")).getMessage());
            assertEquals(file + ": manifest.json line 1, column 6: Unexpected character ('1' (code 49)):"
                    + " was expecting a colon to separate field name and value",
                    assertThrows(BadInputException.class, () -> npz.readJson("manifest.json")).getMessage());
        }
    }

    @Test
    void reportsADamagedEntry() throws IOException {
        Path file = dir.resolve("run.npz");
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.addText("a.txt", "some text that deflates ".repeat(1000));
            npz.commit();
        }
        long compressedSize;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            compressedSize = zip.getEntry("a.txt").getCompressedSize();
        }
        byte[] bytes = Files.readAllBytes(file);
        int dataStart = 30 + "a.txt".length(); // after the local file header, which has no extra field
        Arrays.fill(bytes, dataStart + 2, dataStart + (int) compressedSize / 2, (byte) 0xFF);
        Files.write(file, bytes);
        try (NpzReader npz = new NpzReader(file)) {
            String message = assertThrows(BadInputException.class, () -> npz.readText("a.txt")).getMessage();
            assertTrue(message.startsWith(file + ": a.txt is damaged: "), message);
        }
    }

    /** A zip written by java.util.zip directly, with entries in sorted order. */
    @Test
    void refusesAJsonEntryThatInflatesPastTheLimit() throws IOException {
        byte[] spaces = new byte[Json.MAX_DOCUMENT_BYTES + 10];
        Arrays.fill(spaces, (byte) ' ');
        spaces[0] = '1';
        Path file = zipOf(Map.of("manifest.json", spaces)); // about 100 kB deflated
        try (NpzReader npz = new NpzReader(file)) {
            assertEquals(file + ": manifest.json: more than 100000000 bytes, the most a JSON file may have here",
                    assertThrows(BadInputException.class, () -> npz.readJson("manifest.json")).getMessage());
        }
    }

    private Path zipOf(Map<String, byte[]> entries) throws IOException {
        Path file = Files.createTempFile(dir, "raw", ".npz");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : entries.keySet().stream().sorted().toList()) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(entries.get(name));
                zip.closeEntry();
            }
        }
        return file;
    }
}
