package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt corpora, seeded: 1,000 mutants of the sample corpus as CSV, TSV, gzip and line-aligned pairs — bit flips
 * (invalid UTF-8, stray separators and quotes), truncations, lines deleted or repeated, a gzip stream cut or flipped —
 * each read and built into a dataset: it reads, or is one {@link BadInputException} naming the file; nothing else.
 */
class CorpusFuzzTest {
    private static final int MUTANTS = 1000;

    @TempDir
    Path dir;

    @Test
    void everyMutantReadsOrIsOneMessage() throws IOException {
        byte[] csv = Files.readAllBytes(Path.of("sample-sentences/eng_de.csv"));
        byte[] tsv = new String(csv, java.nio.charset.StandardCharsets.UTF_8).replace(',', '\t')
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SplittableRandom rng = new SplittableRandom(20261209);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        for (int m = 0; m < MUTANTS; m++) {
            int form = m % 4;
            Path a = dir.resolve("m" + m + (form == 0 ? ".csv" : form == 1 ? ".tsv" : form == 2 ? ".csv.gz" : ".en"));
            Path b = dir.resolve("m" + m + ".de");
            byte[] base = form == 1 ? tsv : csv;
            try {
                switch (form) {
                    case 2 -> Files.write(a, mutate(gzip(base), rng));
                    case 3 -> {
                        String[] lines = new String(csv, java.nio.charset.StandardCharsets.UTF_8).split("\n");
                        StringBuilder en = new StringBuilder(), de = new StringBuilder();
                        for (String l : lines) {
                            String[] f = l.split(",", 2);
                            en.append(f[0]).append('\n');
                            de.append(f.length > 1 ? f[1] : "").append('\n');
                        }
                        Files.write(a, mutate(en.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), rng));
                        Files.writeString(b, de);
                    }
                    default -> Files.write(a, mutate(base, rng));
                }
                List<TextPair> pairs = form == 3 ? CorpusReader.readAligned(a, b) : CorpusReader.readPairs(a);
                Dataset.build(pairs, pairs, TokenizerKind.WORDS, 1, 100);
            } catch (BadInputException e) {
                rejected++;
                if (e.getMessage() == null || !e.getMessage().contains(a.getFileName().toString())) {
                    failures.add("mutant " + m + ": " + e.getMessage());
                }
            } catch (RuntimeException | Error e) {
                failures.add("mutant " + m + ": " + e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            }
        }
        System.out.println("corpus mutants: " + MUTANTS + ", rejected " + rejected);
        if (rejected < MUTANTS / 10) fail("only " + rejected + " of " + MUTANTS + " mutants were refused: are they mutated?");
        if (!failures.isEmpty()) fail(failures.size() + " mutants failed:\n" + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    private static byte[] mutate(byte[] b, SplittableRandom rng) {
        switch (rng.nextInt(4)) {
            case 0 -> {
                byte[] c = b.clone();
                for (int k = 1 + rng.nextInt(4); k > 0; k--) c[rng.nextInt(c.length)] ^= (byte) (1 << rng.nextInt(8));
                return c;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(b, rng.nextInt(b.length));
            }
            case 2 -> {
                byte[] c = b.clone();
                byte[] bad = {'"', ',', '\t', '\r', 0, (byte) 0xC3, (byte) 0xFF, '\n'};
                c[rng.nextInt(c.length)] = bad[rng.nextInt(bad.length)];
                return c;
            }
            default -> {
                int from = rng.nextInt(b.length), len = rng.nextInt(Math.min(200, b.length - from) + 1);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(b, 0, from);
                out.write(b, from, len);
                out.write(b, from, b.length - from);
                return out.toByteArray();
            }
        }
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
