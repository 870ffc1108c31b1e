package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.store.TensorCache;

/**
 * Corrupt run directories, seeded: bit flips, truncations and huge or negative numbers in snapshot.json, run.json and
 * the .npy files, and deleted files. Reading a mutant and every array of it either works or fails with one
 * {@link BadInputException}; nothing else is thrown and nothing allocates what a declared size asks for unchecked.
 */
class RunDirectoryFuzzTest {
    private static final int MUTANTS = 300;

    @TempDir
    Path dir;

    @Test
    void everyMutantReadsOrIsOneMessage() throws IOException {
        Path original = dir.resolve("run");
        try (TrainingSession session = new TrainingSession(ArticleRuns.setup(1, 1234, 1, true))) {
            session.storeIn(original, new TensorCache(0));
            session.run();
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(original)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        SplittableRandom rng = new SplittableRandom(20261206);
        int rejected = 0;
        for (int m = 0; m < MUTANTS; m++) {
            Path copy = dir.resolve("m" + m);
            copyTree(original, copy);
            Path victim = copy.resolve(original.relativize(files.get(rng.nextInt(files.size()))));
            String how = mutate(victim, rng);
            try {
                RunRecord r = RunDirectory.read(copy, new TensorCache(0));
                for (Snapshot s : r.snapshots()) {
                    for (ProbeCapture c : s.probes()) for (ArrayKey k : c.arrays().keySet()) c.array(k);
                }
            } catch (BadInputException e) {
                rejected++;
                assertTrue(e.getMessage() != null && e.getMessage().contains(copy.toString()), how + ": " + e.getMessage());
            } catch (RuntimeException | Error e) {
                fail(how + " of " + victim + ": " + e, e);
            }
            deleteTree(copy);
        }
        assertTrue(rejected > MUTANTS / 4, "most mutants should be caught, got " + rejected);
    }

    private static String mutate(Path f, SplittableRandom rng) throws IOException {
        byte[] b = Files.readAllBytes(f);
        String name = f.getFileName().toString();
        switch (rng.nextInt(5)) {
            case 0 -> {
                if (b.length == 0) return "empty";
                int i = rng.nextInt(b.length);
                b[i] ^= (byte) (1 << rng.nextInt(8));
                Files.write(f, b);
                return "bit flip at " + i;
            }
            case 1 -> {
                int n = rng.nextInt(b.length + 1);
                Files.write(f, java.util.Arrays.copyOf(b, n));
                return "truncated to " + n;
            }
            case 2 -> {
                if (!name.endsWith(".json")) {
                    Files.delete(f);
                    return "deleted";
                }
                String s = new String(b, StandardCharsets.UTF_8);
                String big = rng.nextBoolean() ? "2000000000" : "-7";
                String t = s.replaceFirst("(\"(src_rows|dec_rows|src_width|dec_width|src_row|dec_row|epoch|version)\":\\s*)-?\\d+",
                        "$1" + big);
                Files.writeString(f, t);
                return "a number set to " + big;
            }
            case 3 -> {
                String s = new String(b, StandardCharsets.ISO_8859_1);
                String t = s.replaceFirst("\\(\\d+,", "(99999999,");   // a .npy header declaring a huge first axis
                Files.write(f, t.getBytes(StandardCharsets.ISO_8859_1));
                return "huge declared rows";
            }
            default -> {
                Files.delete(f);
                return "deleted";
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p));
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
