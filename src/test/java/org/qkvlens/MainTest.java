package org.qkvlens;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM flags Main's relaunch adds: memory flags for the command line only, never over the user's own choice. */
class MainTest {

    @Test
    void commandLineGetsTheSerialCollectorAndASmallYoungGeneration() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn64m"), Main.memoryFlags(new String[] {"train"}, List.of()));
    }

    @Test
    void theDesktopAppKeepsTheDefaults() {
        assertEquals(List.of(), Main.memoryFlags(new String[0], List.of()));
    }

    @Test
    void theUsersOwnCollectorOrYoungGenerationWins() {
        assertEquals(List.of("-Xmn64m"), Main.memoryFlags(new String[] {"bench"}, List.of("-XX:+UseG1GC")));
        assertEquals(List.of("-XX:+UseSerialGC"), Main.memoryFlags(new String[] {"bench"}, List.of("-Xmn256m")));
        assertEquals(List.of(), Main.memoryFlags(new String[] {"bench"}, List.of("-XX:+UseZGC", "-XX:MaxNewSize=1g")));
    }
}
