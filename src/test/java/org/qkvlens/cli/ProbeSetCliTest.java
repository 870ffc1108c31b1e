package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.cli.CliBadInputTest.assertBadInput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.TestFiles;

/**
 * {@code train --probe-set}: the validation split, sampled training pairs and a file as probes; each mistake in the
 * option is one line and exit status 2; bad sentences in a set are one warning each (summarised when many) and
 * training goes on; with many probes only a few translations are printed.
 */
class ProbeSetCliTest {
    @TempDir
    Path dir;
    Path corpus;

    @BeforeEach
    void writeCorpus() {
        corpus = TestFiles.write(dir, "tiny.csv", CliBadInputTest.TINY);
    }

    private CliRun train(String... args) {
        List<String> all = new ArrayList<>(List.of("train", "--quiet", "--epochs", "1", "--corpus", corpus.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void sampledTrainingPairsAreProbed() {
        CliRun run = train("--probe-set", "train:3:7");
        assertEquals(0, run.status(), run.err());
        long translations = run.outLines().stream().filter(l -> l.contains(" -> ") && !l.contains("miss:")).count();
        assertEquals(3, translations, run.out());
    }

    @Test
    void validationSplitIsProbed() {
        Path valid = TestFiles.write(dir, "valid.csv", "we eat apple,wir essen apfel\ni eat bread,ich essen brot\n");
        CliRun run = train("--valid", valid.toString(), "--probe-set", "valid");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("we eat apple") && run.out().contains("i eat bread"), run.out());
    }

    @Test
    void mistakesInTheOptionAreOneLine() {
        assertBadInput(train("--probe-set", "train:0"), "--probe-set train:0", "at least 1");
        assertBadInput(train("--probe-set", "train:99"), "--probe-set train:99", "only 4 training pairs");
        assertBadInput(train("--probe-set", "train:x"), "--probe-set train:x", "whole numbers");
        assertBadInput(train("--probe-set", "foo"), "--probe-set foo", "valid, train:N[:SEED] or an existing file");
        assertBadInput(train("--probe-set", "valid"), "--probe-set valid", "no validation split");
        Path empty = TestFiles.write(dir, "empty.txt", "");
        assertBadInput(train("--probe-set", empty.toString()), empty.toString(), "no probe sentences");
    }

    @Test
    void aFileOfUnknownWordsOnlyWarnsOnceAndTrainingGoesOn() {
        Path file = TestFiles.write(dir, "unknown.txt", "zebra quokka\n");
        CliRun run = train("--probe-set", file.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("unknown.txt:1") && run.err().contains("no word of"), run.err());
        assertTrue(run.err().contains("no probe can go through the model; training goes on"), run.err());
        assertTrue(run.out().contains("trained 1 epochs"), run.out());
    }

    @Test
    void aLineTooLongIsSkippedWithItsLine() {
        Path file = TestFiles.write(dir, "long.txt", "i eat apple\n" + "we eat bread ".repeat(40) + "\n");
        CliRun run = train("--probe-set", file.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("warning")).count(), run.err());
        assertTrue(run.err().contains("long.txt:2") && run.err().contains("at most 100"), run.err());
        assertTrue(run.out().contains("i eat apple"), run.out());
    }

    @Test
    void manyProbesAreSummarised() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) lines.append("we eat pizza").append(i % 2 == 0 ? " now" : "").append('\n');
        Path file = TestFiles.write(dir, "many.txt", lines.toString());
        CliRun run = train("--probe-set", file.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("30 probes have unknown words"), run.err());
        assertTrue(run.errLines().size() < 10, run.err());
        assertTrue(run.out().contains("… 18 more"), run.out());
        assertFalse(run.out().contains("many.txt:30"), run.out());
    }

    @Test
    void fiveThousandProbesAreTakenAndOneMoreIsNot() {
        String[] words = {"i", "we"}, food = {"apple", "bread"};
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5000; i++) lines.append(words[i % 2]).append(" eat ").append(food[(i / 2) % 2]).append('\n');
        Path file = TestFiles.write(dir, "five-thousand.txt", lines.toString());
        CliRun run = train("--probe-set", file.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("… 4988 more"), run.out());
        Path more = TestFiles.write(dir, "more.txt", lines + "we eat apple\n");
        assertBadInput(train("--probe-set", more.toString()), "5001 probes", "at most 5000");
    }
}
