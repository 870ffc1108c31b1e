package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFileTest {
    @TempDir
    Path dir;

    private static String message(Path file) {
        return assertThrows(BadInputException.class, () -> TextFile.read(file)).getMessage();
    }

    @Test
    void splitsOnNewlinesAndDropsCarriageReturnsAndTheFinalNewline() {
        TextFile text = TextFile.read(TestFiles.write(dir, "a.txt", "one\r\ntwo\n\nthree\r\n"));
        assertEquals("a.txt", text.name());
        assertEquals(List.of("one", "two", "", "three"), text.lines());
        assertEquals(List.of("x", "y"), TextFile.read(TestFiles.write(dir, "b.txt", "x\ny")).lines());
        assertEquals(List.of(), TextFile.read(TestFiles.write(dir, "empty.txt", "")).lines());
    }

    @Test
    void dropsAByteOrderMark() {
        assertEquals(List.of("ä,b"), TextFile.read(TestFiles.write(dir, "bom.csv", "\uFEFFä,b\n")).lines());
    }

    @Test
    void namesLinesOneBased() {
        TextFile text = new TextFile("eng_de.csv", List.of("a", "b"));
        assertEquals("eng_de.csv line 7", text.at(6));
        assertEquals("eng_de.csv:7", text.origin(6));
    }

    @Test
    void readsGzipRecognisedByItsMagicBytesWhateverTheName() {
        Path named = TestFiles.writeBytes(dir, "a.txt.gz", TestFiles.gzip("über\nzwei\n"));
        Path unnamed = TestFiles.writeBytes(dir, "b.txt", TestFiles.gzip("über\nzwei\n"));
        assertEquals(List.of("über", "zwei"), TextFile.read(named).lines());
        assertEquals(List.of("über", "zwei"), TextFile.read(unnamed).lines());
    }

    @Test
    void aGzNameWithoutGzipDataIsAnError() {
        Path file = TestFiles.write(dir, "plain.csv.gz", "a,b\n");
        assertEquals(file + ": the name ends in .gz but the file is not gzip-compressed", message(file));
    }

    @Test
    void truncatedGzipIsAnError() {
        byte[] gz = TestFiles.gzip("a,b\n".repeat(1000));
        Path file = TestFiles.writeBytes(dir, "cut.csv.gz", Arrays.copyOf(gz, gz.length / 2));
        assertTrue(message(file).startsWith(file + ": corrupt gzip data ("), message(file));
    }

    @Test
    void gzipWithGarbageAfterTheHeaderIsAnError() {
        byte[] gz = TestFiles.gzip("a,b\n");
        for (int i = 10; i < gz.length; i++) {
            gz[i] = (byte) 0xFF;
        }
        Path file = TestFiles.writeBytes(dir, "garbage.gz", gz);
        assertTrue(message(file).startsWith(file + ": corrupt gzip data ("), message(file));
    }

    @Test
    void invalidUtf8NamesTheFileLineAndByte() {
        byte[] latin1 = "ok\nalso ok\nk\u00e4se\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = TestFiles.writeBytes(dir, "latin1.txt", latin1);
        assertEquals("latin1.txt line 3: not valid UTF-8 (byte 2 of the line); save the file as UTF-8", message(file));
    }

    @Test
    void invalidUtf8InsideGzipIsFoundToo() {
        byte[] bad = {'a', '\n', 'b', (byte) 0xC0, (byte) 0xAF, '\n'};              // overlong "/"
        Path file = TestFiles.writeBytes(dir, "bad.en.gz", TestFiles.gzip(bad));
        assertEquals("bad.en.gz line 2: not valid UTF-8 (byte 2 of the line); save the file as UTF-8", message(file));
    }

    @Test
    void encodedSurrogatesAreInvalid() {
        Path file = TestFiles.writeBytes(dir, "cesu.txt", new byte[] {'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        assertTrue(message(file).startsWith("cesu.txt line 1: not valid UTF-8"), message(file));
    }

    @Test
    void missingFileIsAnError() {
        Path file = dir.resolve("nope.csv");
        assertEquals(file + ": no such file", message(file));
    }

    @Test
    void directoryIsAnError() {
        assertEquals(dir + " is a directory, not a file", message(dir));
    }

    @Test
    void unreadableFileIsAnError() throws IOException {
        Path file = TestFiles.write(dir, "secret.csv", "a,b\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root: every file is readable");
        assertEquals(file + ": permission denied, cannot read it", message(file));
    }
}
