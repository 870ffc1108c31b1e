package org.qkvlens.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.engine.Seq2Seq;

/**
 * Corrupt model directories (config.json, vocab.json, model.safetensors), seeded: 1,000 mutants of a real one (the A
 * fixture), each loaded and every checkpoint's weights read into a model: it works, or is one
 * {@link BadInputException} naming a file of the directory; no other exception, no OutOfMemoryError, none over two
 * seconds. Mutations: bit flips and truncations of each file, config numbers set huge, negative or zero, vocabularies
 * with tokens repeated or removed, safetensors headers declaring huge shapes or offsets or a repeated tensor, and
 * JSON with bytes deleted. Also: a config.json that is a link to /dev/zero, and one that is a FIFO.
 */
class ModelDirectoryFuzzTest {
    private static final Path FIXTURE = PyTorchFidelityTest.ROOT.resolve("A/f32/single");
    private static final int MUTANTS = 1000;
    private static final String[] FILES = {"config.json", "vocab.json", "model.safetensors"};

    enum Mutation { BIT_FLIP, TRUNCATE, CONFIG_NUMBER, VOCAB_TOKENS, SAFETENSORS_HEADER, JSON_BYTES }

    @TempDir
    Path tmp;

    @Test
    void everyMutantLoadsOrIsOneMessage() throws IOException {
        Map<String, byte[]> original = new java.util.LinkedHashMap<>();
        for (String f : FILES) original.put(f, Files.readAllBytes(FIXTURE.resolve(f)));
        SplittableRandom rng = new SplittableRandom(20261208);
        Map<Mutation, int[]> outcome = new EnumMap<>(Mutation.class);
        List<String> failures = new ArrayList<>();
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        for (int m = 0; m < MUTANTS; m++) {
            Mutation how = Mutation.values()[rng.nextInt(Mutation.values().length)];
            for (String f : FILES) Files.write(dir.resolve(f), original.get(f));
            String what = "mutant " + m + " (" + how + ": " + mutate(dir, how, rng) + ")";
            long t0 = System.nanoTime();
            try {
                loadEverything(dir);
                outcome.computeIfAbsent(how, k -> new int[2])[0]++;
            } catch (BadInputException e) {
                outcome.computeIfAbsent(how, k -> new int[2])[1]++;
                if (e.getMessage() == null || !e.getMessage().contains(dir.toString())) failures.add(what + ": " + e.getMessage());
            } catch (RuntimeException | Error e) {
                failures.add(what + ": " + e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > 2000) failures.add(what + " took " + ms + " ms");
        }
        StringBuilder table = new StringBuilder();
        outcome.forEach((k, v) -> table.append(k).append(": loaded ").append(v[0]).append(", rejected ").append(v[1]).append('\n'));
        System.out.print("model directory mutants:\n" + table);
        if (!failures.isEmpty()) {
            fail(failures.size() + " mutants failed:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        }
        assertEquals(0, outcome.getOrDefault(Mutation.SAFETENSORS_HEADER, new int[2])[0],
                "a damaged safetensors header must always be refused:\n" + table);
    }

    @Test
    void configThatIsADeviceOrAFifoIsAMessageNotAHang() throws Exception {
        Path dir = tmp.resolve("special");
        Files.createDirectories(dir);
        for (String f : FILES) Files.copy(FIXTURE.resolve(f), dir.resolve(f));
        Files.delete(dir.resolve("config.json"));
        Files.createSymbolicLink(dir.resolve("config.json"), Path.of("/dev/zero"));
        BadInputException zero = assertThrows(BadInputException.class, () -> ModelDirectory.load(dir));
        assertTrue(zero.getMessage().startsWith(dir.resolve("config.json") + ": not a regular file"), zero.getMessage());
        Files.delete(dir.resolve("config.json"));
        Process p = new ProcessBuilder("mkfifo", dir.resolve("config.json").toString()).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
        BadInputException fifo = assertThrows(BadInputException.class, () -> ModelDirectory.load(dir));
        assertTrue(fifo.getMessage().startsWith(dir.resolve("config.json") + ": not a regular file"), fifo.getMessage());
    }

    private static void loadEverything(Path dir) {
        ModelDirectory d = ModelDirectory.load(dir);
        try (Seq2Seq model = d.newModel(1)) {
            for (ModelDirectory.Checkpoint c : d.checkpoints()) d.readWeights(c, model);
        }
    }

    private static String mutate(Path dir, Mutation how, SplittableRandom rng) throws IOException {
        switch (how) {
            case BIT_FLIP -> {
                Path f = dir.resolve(FILES[rng.nextInt(FILES.length)]);
                byte[] b = Files.readAllBytes(f);
                int i = rng.nextInt(b.length);
                b[i] ^= (byte) (1 << rng.nextInt(8));
                Files.write(f, b);
                return f.getFileName() + " byte " + i;
            }
            case TRUNCATE -> {
                Path f = dir.resolve(FILES[rng.nextInt(FILES.length)]);
                byte[] b = Files.readAllBytes(f);
                int n = rng.nextInt(b.length);
                Files.write(f, java.util.Arrays.copyOf(b, n));
                return f.getFileName() + " cut to " + n;
            }
            case CONFIG_NUMBER -> {
                String[] fields = {"src_vocab", "trg_vocab", "hid_dim", "enc_layers", "dec_layers", "enc_heads", "dec_heads",
                        "enc_pf_dim", "dec_pf_dim", "max_length", "src_pad_idx", "trg_pad_idx", "dropout"};
                String[] values = {"2000000000", "-1", "0", "65536", "1e300", "3", "\"x\"", "null", "2147483648", "1.5"};
                String field = fields[rng.nextInt(fields.length)], value = values[rng.nextInt(values.length)];
                Path f = dir.resolve("config.json");
                Files.writeString(f, Files.readString(f).replaceFirst("(\"" + field + "\":\\s*)[^,\\n}]+", "$1" + value));
                return field + " = " + value;
            }
            case VOCAB_TOKENS -> {
                Path f = dir.resolve("vocab.json");
                String s = Files.readString(f);
                List<String> tokens = new ArrayList<>();
                java.util.regex.Matcher t = java.util.regex.Pattern.compile("\"[^\"]*\",?\\n").matcher(s);
                while (t.find()) tokens.add(t.group());
                String victim = tokens.get(rng.nextInt(tokens.size()));
                String changed = rng.nextBoolean() ? s.replaceFirst(java.util.regex.Pattern.quote(victim), victim + victim)
                        : s.replaceFirst(java.util.regex.Pattern.quote(victim), "");
                Files.writeString(f, changed);
                return "token " + victim.strip();
            }
            case SAFETENSORS_HEADER -> {
                return damageHeader(dir.resolve("model.safetensors"), rng);
            }
            default -> {
                Path f = dir.resolve(FILES[rng.nextInt(2)]);
                StringBuilder s = new StringBuilder(Files.readString(f));
                int from = rng.nextInt(s.length()), len = 1 + rng.nextInt(Math.min(20, s.length() - from));
                s.delete(from, from + len);
                Files.writeString(f, s.toString());
                return f.getFileName() + " less " + len + " bytes at " + from;
            }
        }
    }

    /** Rewrites the safetensors header with one tensor's shape or offsets made huge, or one tensor repeated. */
    private static String damageHeader(Path f, SplittableRandom rng) throws IOException {
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        String changed, what;
        switch (rng.nextInt(3)) {
            case 0 -> {
                String[] huge = {"2147483647", "100000", "46341", "4294967296"};
                String v = huge[rng.nextInt(huge.length)];
                changed = replaceNth(header, "(\"shape\":\\[)\\d+", "$1" + v, rng);
                what = "a shape of " + v;
            }
            case 1 -> {
                String[] huge = {"9223372036854775807", "1099511627776", "-8", "2147483648"};
                String v = huge[rng.nextInt(huge.length)];
                changed = replaceNth(header, "(\"data_offsets\":\\[\\d+,)\\d+", "$1" + v, rng);
                what = "an end offset of " + v;
            }
            default -> {
                java.util.regex.Matcher t = java.util.regex.Pattern.compile("\"[a-z_.0-9]+\":\\{[^}]*\\}").matcher(header);
                List<String> entries = new ArrayList<>();
                while (t.find()) entries.add(t.group());
                String e = entries.get(rng.nextInt(entries.size()));
                changed = header.replace(e, e + "," + e);
                what = "a tensor repeated";
            }
        }
        byte[] h = changed.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + (b.length - 8 - (int) n)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(b, 8 + (int) n, b.length - 8 - (int) n);
        Files.write(f, out.array());
        return what;
    }

    private static String replaceNth(String s, String regex, String replacement, SplittableRandom rng) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(s);
        List<int[]> hits = new ArrayList<>();
        while (m.find()) hits.add(new int[] {m.start(), m.end()});
        if (hits.isEmpty()) throw new IllegalStateException("no " + regex + " in the header");
        int[] h = hits.get(rng.nextInt(hits.size()));
        return s.substring(0, h[0]) + s.substring(h[0], h[1]).replaceFirst(regex, replacement) + s.substring(h[1]);
    }
}
