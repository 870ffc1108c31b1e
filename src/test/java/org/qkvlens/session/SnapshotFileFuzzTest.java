package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.NpzWriter;

/**
 * Corrupt snapshot files (.npz), seeded: 1,000 mutants of a real one, in both of the writer's compressions — bit
 * flips and truncations of the zip's bytes, entries whose .npy header declares a huge shape, a mangled manifest (huge,
 * negative or out-of-range numbers, a repeated snapshot list, arrays pointing at a snapshot that does not exist, bytes
 * deleted), duplicated and missing entries. Each mutant is read whole: it reads or is one {@link BadInputException}
 * naming the file; no other exception, no OutOfMemoryError, none over two seconds. A mutant that reads must read the
 * same values as the original where it claims the same arrays (a flipped bit inside an array is caught by its CRC).
 */
class SnapshotFileFuzzTest {
    private static final int MUTANTS = 1000;

    enum Mutation { BIT_FLIP, TRUNCATE, HUGE_SHAPE, MANIFEST_NUMBER, MANIFEST_REPEAT, MANIFEST_DANGLING, MANIFEST_BYTES,
        DUPLICATE_ENTRY, MISSING_ENTRY }

    @TempDir
    Path dir;

    @Test
    void everyMutantReadsOrIsOneMessage() throws Exception {
        RunRecord run;
        try (TrainingSession session = new TrainingSession(ArticleRuns.setup(1, 1234, 1, true))) {
            session.run();
            run = RunRecord.of(session);
        }
        Map<NpzWriter.Compression, byte[]> originals = new EnumMap<>(NpzWriter.Compression.class);
        for (NpzWriter.Compression c : NpzWriter.Compression.values()) {
            Path f = dir.resolve("original-" + c + ".npz");
            SnapshotFile.write(f, run, c);
            originals.put(c, Files.readAllBytes(f));
        }
        SplittableRandom rng = new SplittableRandom(20261207);
        Map<Mutation, int[]> outcome = new EnumMap<>(Mutation.class);      // {read, rejected}
        Path f = dir.resolve("mutant.npz");
        List<String> failures = new ArrayList<>();
        for (int m = 0; m < MUTANTS; m++) {
            NpzWriter.Compression c = NpzWriter.Compression.values()[m % 2];
            Mutation how = Mutation.values()[rng.nextInt(Mutation.values().length)];
            byte[] mutant = mutate(originals.get(c), how, rng);
            Files.write(f, mutant);
            String what = "mutant " + m + " (" + how + ", " + c + ")";
            long t0 = System.nanoTime();
            try {
                RunRecord r = SnapshotFile.read(f);
                outcome.computeIfAbsent(how, k -> new int[2])[0]++;
                if (how == Mutation.BIT_FLIP) assertSameValues(run, r, what);
            } catch (BadInputException e) {
                outcome.computeIfAbsent(how, k -> new int[2])[1]++;
                if (e.getMessage() == null || !e.getMessage().contains(f.toString())) failures.add(what + ": " + e.getMessage());
            } catch (RuntimeException | Error e) {
                failures.add(what + ": " + e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > 2000) failures.add(what + " took " + ms + " ms");
        }
        if (!failures.isEmpty()) fail(failures.size() + " mutants failed:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        StringBuilder table = new StringBuilder();
        outcome.forEach((k, v) -> table.append(k).append(": read ").append(v[0]).append(", rejected ").append(v[1]).append('\n'));
        System.out.print("snapshot file mutants:\n" + table);
        for (Mutation k : List.of(Mutation.HUGE_SHAPE, Mutation.MANIFEST_REPEAT, Mutation.MANIFEST_DANGLING,
                Mutation.DUPLICATE_ENTRY, Mutation.MISSING_ENTRY)) {
            int[] v = outcome.get(k);
            if (v != null) assertEquals(0, v[0], k + " must always be rejected:\n" + table);
        }
    }

    /** A flipped bit that still reads can only have hit zip metadata the reader does not use: every value the same. */
    private static void assertSameValues(RunRecord want, RunRecord got, String what) {
        assertEquals(want.snapshots().size(), got.snapshots().size(), what);
        for (int s = 0; s < want.snapshots().size(); s++) {
            var a = want.snapshots().get(s).probes();
            var b = got.snapshots().get(s).probes();
            assertEquals(a.size(), b.size(), what);
            for (int p = 0; p < a.size(); p++) {
                for (var e : a.get(p).arrays().entrySet()) {
                    var t = b.get(p).array(e.getKey());
                    if (t == null || !java.util.Arrays.equals(e.getValue().data(), t.data())) {
                        throw new AssertionError(what + ": " + e.getKey().id() + " of probe " + p + " in snapshot " + s + " changed");
                    }
                }
            }
        }
    }

    private static byte[] mutate(byte[] zip, Mutation how, SplittableRandom rng) throws IOException {
        switch (how) {
            case BIT_FLIP -> {
                byte[] b = zip.clone();
                int i = rng.nextInt(b.length);
                b[i] ^= (byte) (1 << rng.nextInt(8));
                return b;
            }
            case TRUNCATE -> {
                return java.util.Arrays.copyOf(zip, rng.nextInt(zip.length));
            }
            case DUPLICATE_ENTRY -> {
                return duplicateEntry(zip, rng);
            }
            default -> {
                Map<String, byte[]> entries = entries(zip);
                List<String> names = new ArrayList<>(entries.keySet());
                List<String> arrays = names.stream().filter(n -> n.endsWith(".npy")).toList();
                String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
                switch (how) {
                    case HUGE_SHAPE -> {
                        String name = arrays.get(rng.nextInt(arrays.size()));
                        String h = new String(entries.get(name), StandardCharsets.ISO_8859_1);
                        String[] huge = {"(100000, 20000", "(2147483647, 2147483647", "(999999999999, 64", "(46341, 46341"};
                        entries.put(name, h.replaceFirst("\\(\\d+, \\d+", huge[rng.nextInt(huge.length)])
                                .getBytes(StandardCharsets.ISO_8859_1));
                    }
                    case MANIFEST_NUMBER -> {
                        String[] values = {"2000000000", "-5", "-1", "99", "0", "4294967296", "1e300"};
                        String[] fields = {"epoch", "step", "index", "probe", "snapshot", "layer", "version"};
                        String field = fields[rng.nextInt(fields.length)];
                        entries.put("manifest.json", replaceNth(manifest, "(\"" + field + "\"\\s*:\\s*)-?\\d+",
                                "$1" + values[rng.nextInt(values.length)], rng).getBytes(StandardCharsets.UTF_8));
                    }
                    case MANIFEST_REPEAT -> {
                        int at = manifest.indexOf("\"snapshots\"");
                        int open = manifest.indexOf('[', at), close = matching(manifest, open);
                        String inner = manifest.substring(open + 1, close);
                        String repeated = String.join(",", java.util.Collections.nCopies(2 + rng.nextInt(49), inner));
                        entries.put("manifest.json", (manifest.substring(0, open + 1) + repeated + manifest.substring(close))
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    case MANIFEST_DANGLING -> {
                        entries.put("manifest.json", replaceNth(manifest, "(\"snapshot\"\\s*:\\s*)\\d+", "$199", rng)
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    case MANIFEST_BYTES -> {
                        StringBuilder s = new StringBuilder(manifest);
                        int from = rng.nextInt(s.length()), len = 1 + rng.nextInt(Math.min(40, s.length() - from));
                        s.delete(from, from + len);
                        entries.put("manifest.json", s.toString().getBytes(StandardCharsets.UTF_8));
                    }
                    case MISSING_ENTRY -> entries.remove(arrays.get(rng.nextInt(arrays.size())));
                    default -> throw new IllegalStateException(how.toString());
                }
                return zip(entries);
            }
        }
    }

    /** Renames one .npy entry to the name of another of the same length, in its local and its central header. */
    private static byte[] duplicateEntry(byte[] zip, SplittableRandom rng) throws IOException {
        List<String> arrays = new ArrayList<>(entries(zip).keySet().stream().filter(n -> n.endsWith(".npy")).toList());
        for (int tries = 0; tries < 100; tries++) {
            String a = arrays.get(rng.nextInt(arrays.size())), b = arrays.get(rng.nextInt(arrays.size()));
            if (a.equals(b) || a.length() != b.length()) continue;
            String s = new String(zip, StandardCharsets.ISO_8859_1);
            return s.replace(b, a).getBytes(StandardCharsets.ISO_8859_1);
        }
        throw new IllegalStateException("no two array names of the same length");
    }

    private static String replaceNth(String s, String regex, String replacement, SplittableRandom rng) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(s);
        List<int[]> hits = new ArrayList<>();
        while (m.find()) hits.add(new int[] {m.start(), m.end()});
        if (hits.isEmpty()) return s;
        int[] h = hits.get(rng.nextInt(hits.size()));
        return s.substring(0, h[0]) + s.substring(h[0], h[1]).replaceFirst(regex, replacement) + s.substring(h[1]);
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '[') depth++;
            if (s.charAt(i) == ']' && --depth == 0) return i;
        }
        throw new IllegalStateException("unbalanced");
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Path tmp = Files.createTempFile("fuzz", ".zip");
        try {
            Files.write(tmp, zip);
            Map<String, byte[]> out = new LinkedHashMap<>();
            try (ZipFile z = new ZipFile(tmp.toFile())) {
                for (ZipEntry e : java.util.Collections.list(z.entries())) {
                    try (InputStream in = z.getInputStream(e)) {
                        out.put(e.getName(), in.readAllBytes());
                    }
                }
            }
            return out;
        } finally {
            Files.delete(tmp);
        }
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
