package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code qkv-lens --help} prints the usage; every command has --help. (No arguments opens the app: not tested here.) */
class CliUsageTest {
    @Test
    void helpPrintsUsage() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("usage: qkv-lens"), run.out());
        assertTrue(run.out().contains("train") && run.out().contains("bench"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"train", "bench"}) {
            CliRun run = CliRun.of(command, "--help");
            assertEquals(0, run.status(), command);
            assertTrue(run.out().startsWith("usage: qkv-lens " + command), run.out());
            assertTrue(run.out().contains("--preset"), run.out());
            assertEquals("", run.err(), command);
        }
    }
}
