package org.qkvlens.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.TestFiles;

class ProbeFileTest {
    @TempDir
    Path dir;

    private String error(String name, String text) {
        Path file = TestFiles.write(dir, name, text);
        return assertThrows(BadInputException.class, () -> ProbeFile.read(file)).getMessage();
    }

    @Test
    void readsProbesWithOptionalReferencesSkippingBlankAndCommentLines() {
        Path file = TestFiles.write(dir, "probes.txt",
                "# comment\n\nwe can eat apple\r\n  # indented comment\ni eat bread \tich essen brot \n"
                        + "\tnur eine referenz\nbook\t\n");
        assertEquals(List.of(
                        new ProbeLine("we can eat apple", null, "probes.txt:3"),
                        new ProbeLine("i eat bread", "ich essen brot", "probes.txt:5"),
                        new ProbeLine("", "nur eine referenz", "probes.txt:6"),
                        new ProbeLine("book", null, "probes.txt:7")),
                ProbeFile.read(file));
    }

    @Test
    void readsTheSampleProbes() {
        List<ProbeLine> probes = ProbeFile.read(Path.of("sample-sentences/probes.txt"));
        assertEquals(List.of("we can eat apple", "apple eat can we", "i can eat apple", "i can eat bread",
                        "i can eat book", "i can eat newspaper", "i can eat apple book", "we want to eat apple",
                        "we want to eat bread"),
                probes.stream().map(ProbeLine::text).toList());
        assertTrue(probes.stream().allMatch(p -> p.reference() == null));
    }

    @Test
    void moreThanOneTabIsAnError() {
        assertEquals("p.txt line 2: 2 tabs; write the sentence, then optionally one tab and its reference translation",
                error("p.txt", "ok\na\tb\tc\n"));
    }

    @Test
    void fileWithoutProbesIsAnError() {
        assertTrue(error("p.txt", "# only a comment\n\n").endsWith(
                "p.txt: no probe sentences (empty, or only blank and # lines)"));
    }

    @Test
    void invalidUtf8NamesFileAndLine() {
        Path file = TestFiles.writeBytes(dir, "p.txt", "ok\nk\u00e4se\n".getBytes(StandardCharsets.ISO_8859_1));
        var e = assertThrows(BadInputException.class, () -> ProbeFile.read(file));
        assertTrue(e.getMessage().startsWith("p.txt line 2: not valid UTF-8"), e.getMessage());
    }

    @Test
    void missingFileIsAnError() {
        Path file = dir.resolve("missing.txt");
        assertEquals(file + ": no such file",
                assertThrows(BadInputException.class, () -> ProbeFile.read(file)).getMessage());
    }
}
