package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.qkvlens.data.TestFiles;

/**
 * A user's mistake ends the command with exit status 2 and exactly one line on stderr, "qkv-lens: ...", that names
 * the file, line or option at fault, and no stack trace. Bad probes are the exception: they are skipped with a
 * warning and training goes on.
 */
class CliBadInputTest {
    static final String TINY = TestFiles.TINY_CORPUS;

    @TempDir
    Path dir;
    Path corpus;

    @BeforeEach
    void writeCorpus() {
        corpus = TestFiles.write(dir, "tiny.csv", TINY);
    }

    /** Exit status 2, one stderr line starting "qkv-lens: " that contains every fragment, no stack trace. */
    static void assertBadInput(CliRun run, String... fragments) {
        assertEquals(2, run.status(), () -> "exit status; stderr:\n" + run.err());
        assertEquals(1, run.errLines().size(), () -> "one line on stderr, got:\n" + run.err());
        String line = run.errLines().getFirst();
        assertTrue(line.startsWith("qkv-lens: "), line);
        for (String f : fragments) assertTrue(line.contains(f), () -> "'" + f + "' missing from: " + line);
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }

    /** {@code train --quiet ARGS}, with {@code --epochs 1} unless ARGS set the epochs. */
    private CliRun train(String... args) {
        List<String> all = new ArrayList<>(List.of("train", "--quiet"));
        if (!List.of(args).contains("--epochs")) all.addAll(List.of("--epochs", "1"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    // ------------------------------------------------------------------------------------------------ files

    @Test
    void missingCorpusFile() {
        Path missing = dir.resolve("missing.csv");
        assertBadInput(train("--corpus", missing.toString()), "--corpus", missing.toString(), "no such file");
    }

    @Test
    void directoryGivenAsCorpus() {
        assertBadInput(train("--corpus", dir.toString()), "--corpus", dir.toString(), "directory");
    }

    @Test
    void emptyCorpusFile() {
        Path empty = TestFiles.write(dir, "empty.csv", "");
        assertBadInput(train("--corpus", empty.toString()), empty.toString(), "no sentence pairs");
    }

    /** Found by a reliability pass: a corpus of only its column names trained on them as a pair. */
    @Test
    void aCorpusOfOnlyColumnNamesHasNoPairs() {
        Path header = TestFiles.write(dir, "header.csv", "english,german\n");
        assertBadInput(train("--corpus", header.toString()), header.toString(), "no sentence pairs");
    }

    /** Found by a reliability pass: /dev/zero read until out of memory, a FIFO blocked for ever, a gzip bomb filled the heap. */
    @Test
    void devicesFifosAndBombsAreMessagesNotHangs() throws Exception {
        Path zero = dir.resolve("zero.csv");
        java.nio.file.Files.createSymbolicLink(zero, Path.of("/dev/zero"));
        assertBadInput(train("--corpus", zero.toString()), zero.toString(), "not a regular file");
        Path fifo = dir.resolve("fifo.csv");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
        assertBadInput(train("--corpus", fifo.toString()), fifo.toString(), "not a regular file");
        // a gzip bomb, read by a JVM of 128 MB: 40 MB of zeros in a 40 KB file
        Path bomb = dir.resolve("bomb.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(bomb))) {
            byte[] zeros = new byte[1 << 20];
            for (int n = 0; n < 40; n++) out.write(zeros);
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(javaBin, "-Xmx128m", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), "org.qkvlens.Main", "train", "--quiet", "--corpus", bomb.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the bomb's reader did not end");
        assertEquals(2, jvm.exitValue(), err);
        assertTrue(err.contains("qkv-lens: " + bomb + ": decompresses to more than 32 MB"), err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void csvLineWithoutSeparator() {
        Path file = TestFiles.write(dir, "nosep.csv", "i eat apple,ich essen apfel\ni eat bread ich essen brot\n");
        assertBadInput(train("--corpus", file.toString()), "nosep.csv line 2", "no comma");
    }

    @Test
    void alignedFilesOfDifferentLengths() {
        Path en = TestFiles.write(dir, "train.en", "i eat apple\nwe eat apple\ni eat bread\n");
        Path de = TestFiles.write(dir, "train.de", "ich essen apfel\nwir essen apfel\n");
        assertBadInput(train("--source", en.toString(), "--target", de.toString()),
                "train.en has 3 lines", "train.de has 2");
    }

    @Test
    void invalidUtf8InACorpusLine() {
        byte[] latin1 = "i eat apple,ich essen apfel\ni eat cheese,ich essen k\u00e4se\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = TestFiles.writeBytes(dir, "latin1.csv", latin1);
        assertBadInput(train("--corpus", file.toString()), "latin1.csv line 2", "UTF-8");
    }

    @Test
    void sentenceLongerThanMaxLength() {
        Path file = TestFiles.write(dir, "long.csv", TINY + "we eat apple and bread,wir essen apfel\n");
        // "we eat apple and bread" is 7 tokens with <sos> and <eos>
        assertBadInput(train("--corpus", file.toString(), "--max-length", "6"), "long.csv:5", "--max-length", "7 tokens");
    }

    // ------------------------------------------------------------------------------------------------ options

    static Stream<Arguments> nonsenseOptions() {
        return Stream.of(
                Arguments.of(List.of("--bogus", "1"), List.of("unknown option --bogus")),
                Arguments.of(List.of("--epochs", "abc"), List.of("--epochs", "'abc'")),
                Arguments.of(List.of("--epochs", "0"), List.of("--epochs", "'0'")),
                Arguments.of(List.of("--dropout", "1.5"), List.of("--dropout", "'1.5'")),
                Arguments.of(List.of("--preset", "foo"), List.of("--preset", "'foo'")),
                Arguments.of(List.of("--batching", "foo"), List.of("--batching", "'foo'")),
                Arguments.of(List.of("--snapshot-every", "-1"), List.of("--snapshot-every", "'-1'")),
                Arguments.of(List.of("--probes", "nope.txt"), List.of("--probes", "nope.txt", "no such file")),
                Arguments.of(List.of("--epochs"), List.of("--epochs needs a value")));
    }

    @ParameterizedTest
    @MethodSource("nonsenseOptions")
    void nonsenseOptionNamesTheOption(List<String> options, List<String> fragments) {
        String[] args = Stream.concat(Stream.of("--corpus", corpus.toString()),
                options.stream().map(a -> a.equals("nope.txt") ? dir.resolve(a).toString() : a)).toArray(String[]::new);
        assertBadInput(train(args), fragments.toArray(String[]::new));
    }

    @Test
    void probesTogetherWithNoProbesContradict() {
        Path probes = TestFiles.write(dir, "p.txt", "we can eat apple\n");
        assertBadInput(train("--corpus", corpus.toString(), "--probes", probes.toString(), "--no-probes"),
                "--probes and --no-probes contradict");
    }

    /** Found by a review: these crashed with integer overflow, NegativeArraySizeException or OutOfMemoryError. */
    @Test
    void modelsThatCannotBeBuiltAreRefusedBeforeAnythingIsAllocated() {
        assertBadInput(train("--corpus", corpus.toString(), "--hid", "1000000", "--heads", "1"), "more than 2^31 parameters");
        assertBadInput(train("--corpus", corpus.toString(), "--pf", "2000000000"), "more than 2^31 parameters");
        assertBadInput(train("--corpus", corpus.toString(), "--max-length", "2000000000"), "more than 2^31 parameters");
    }

    /** Found by a reliability pass: --batch 2147483647 overflowed the activations' size. A batch holds its split at most. */
    @Test
    void aBatchLargerThanTheCorpusIsTheWholeCorpus() {
        CliRun run = train("--corpus", corpus.toString(), "--batch", "2147483647");
        assertEquals(0, run.status(), run.err());
    }

    @Test
    void corpusTogetherWithSource() {
        Path en = TestFiles.write(dir, "train.en", "i eat apple\n");
        Path de = TestFiles.write(dir, "train.de", "ich essen apfel\n");
        assertBadInput(train("--corpus", corpus.toString(), "--source", en.toString(), "--target", de.toString()),
                "--corpus", "--source");
    }

    @Test
    void unknownCommand() {
        assertBadInput(CliRun.of("frobnicate", "--corpus", "x.csv"), "unknown command 'frobnicate'");
    }

    @Test
    void benchRejectsNonsenseToo() {
        assertBadInput(CliRun.of("bench", "--batching", "foo"), "--batching", "foo");
        assertBadInput(CliRun.of("bench", "--steps", "0"), "--steps");
    }

    // ------------------------------------------------------------------------------------------------ probes

    @Test
    void emptyAndAllUnknownProbesAreSkippedWithAWarningAndTrainingGoesOn() {
        Path probes = TestFiles.write(dir, "p.txt", "\tich essen apfel\nxyz qqq\ni eat apple\n");
        CliRun run = train("--corpus", corpus.toString(), "--probes", probes.toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(run.errLines().contains("warning: probe skipped: p.txt:1: the probe is empty"), run.err());
        assertTrue(run.errLines().stream().anyMatch(l -> l.startsWith("warning: probe skipped: p.txt:2: ")
                && l.contains("xyz qqq")), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith("epoch   1/1 ")), run.out());
        assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith("  i eat apple ") && l.contains("->")), run.out());
    }

    @Test
    void referenceLongerThanThePositionalTableIsSkippedNotACrash() {
        // --max-length 6 limits the decoder to 6 positions although --max-decode allows 10
        Path probes = TestFiles.write(dir, "p.txt", "i eat apple\tich essen apfel essen apfel essen\nwe eat bread\n");
        CliRun run = train("--corpus", corpus.toString(), "--probes", probes.toString(), "--max-length", "6",
                "--max-decode", "10");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.errLines().stream().anyMatch(l -> l.startsWith("warning: probe skipped: p.txt:1: the reference")),
                run.err());
        assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith("  we eat bread ")), run.out());
    }
}
