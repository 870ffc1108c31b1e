package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code qkv-lens --help} prints the usage; every command has --help; {@code --version} prints the Maven project's
 * version; a mistyped option or command gets picocli's suggestion in its one error line; the generated completion
 * script knows the commands. (No arguments opens the app: not tested here.)
 */
class CliUsageTest {
    private static final List<String> COMMANDS = List.of("train", "bench", "bench-gemm", "export", "import");

    @Test
    void helpPrintsUsage() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("usage: qkv-lens"), run.out());
        for (String command : COMMANDS) {
            assertTrue(run.outLines().stream().anyMatch(l -> l.startsWith("  " + command + " ")), command + " in\n" + run.out());
        }
        assertTrue(run.out().contains("generate-completion"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : COMMANDS) {
            CliRun run = CliRun.of(command, "--help");
            assertEquals(0, run.status(), command);
            assertTrue(run.out().startsWith("usage: qkv-lens " + command), run.out());
            assertTrue(run.out().contains("--help") && run.out().contains("--version"), run.out());
            assertEquals("", run.err(), command);
        }
        for (String command : List.of("train", "bench")) {
            CliRun run = CliRun.of(command, "--help");
            assertTrue(run.out().contains("--preset"), run.out());
            assertTrue(run.outLines().stream().anyMatch(l -> l.matches("  tutorial +hid 256, layers 3, heads 8, .*")), run.out());
        }
        assertEquals(CliRun.of("train", "--help").out(), CliRun.of("help", "train").out());
    }

    @Test
    void versionIsTheMavenProjectVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>qkv-lens</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "the project version in pom.xml");
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"-V"}, new String[] {"train", "--version"})) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.status(), run.err());
            assertEquals(List.of("qkv-lens " + m.group(1)), run.outLines());
            assertEquals("", run.err());
        }
    }

    @Test
    void aMistypedOptionOrCommandGetsASuggestionInItsOneLine() {
        CliRun option = CliRun.of("train", "--epoch", "3");
        CliBadInputTest.assertBadInput(option, "train: unknown option --epoch", "did you mean --epochs?", "qkv-lens train --help");
        CliRun command = CliRun.of("trian", "--epochs", "3");
        CliBadInputTest.assertBadInput(command, "unknown command 'trian'", "did you mean train");   // first; "analyze" may follow
        assertEquals("", option.out() + command.out(), "no usage text on a mistake");
    }

    @Test
    void theCompletionScriptKnowsTheCommandsAndTheirOptions() {
        CliRun run = CliRun.of("generate-completion");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("#!/usr/bin/env bash"), run.out());
        for (String command : COMMANDS) assertTrue(run.out().contains(command), command);
        for (String option : List.of("--corpus", "--snapshots", "--fwd-steps", "--min-time")) {
            assertTrue(run.out().contains(option), option);
        }
        assertTrue(run.out().contains("complete -F"), "a bash completion function is registered");
        assertEquals("", run.err());
    }
}
