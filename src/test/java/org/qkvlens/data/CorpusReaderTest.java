package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {
    @TempDir
    Path dir;

    private String pairsError(String name, String text) {
        Path file = TestFiles.write(dir, name, text);
        return assertThrows(BadInputException.class, () -> CorpusReader.readPairs(file)).getMessage();
    }

    private String alignedError(String source, String target) {
        Path en = TestFiles.write(dir, "x.en", source);
        Path de = TestFiles.write(dir, "x.de", target);
        return assertThrows(BadInputException.class, () -> CorpusReader.readAligned(en, de)).getMessage();
    }

    // --- pair files -------------------------------------------------------------------------------

    @Test
    void readsCsvPairsWithOriginsAndSkipsBlankLines() {
        Path file = TestFiles.write(dir, "eng_de.csv", "i eat apple,ich essen apfel\r\n\n  \nwe read, wir lesen \n");
        assertEquals(List.of(
                        new TextPair("i eat apple", "ich essen apfel", "eng_de.csv:1"),
                        new TextPair("we read", "wir lesen", "eng_de.csv:4")),
                CorpusReader.readPairs(file));
    }

    @Test
    void csvFieldsMayBeQuotedWithDoubledQuotesInside() {
        Path file = TestFiles.write(dir, "q.csv", "\"Hello, world\",\"Hallo, \"\"Welt\"\"\"\n"
                + "  \"a\" , b\n"
                + "he said \"hi\",er sagte \"hallo\"\n");
        assertEquals(List.of(
                        new TextPair("Hello, world", "Hallo, \"Welt\"", "q.csv:1"),
                        new TextPair("a", "b", "q.csv:2"),
                        new TextPair("he said \"hi\"", "er sagte \"hallo\"", "q.csv:3")),
                CorpusReader.readPairs(file));
    }

    @Test
    void tsvAndTxtAreTabSeparatedWithoutQuoting() {
        Path tsv = TestFiles.write(dir, "p.tsv", "Hello, world\tHallo, Welt\n");
        Path txt = TestFiles.write(dir, "p.txt", "\"quoted\"\t\"zitiert\"\n");
        assertEquals(List.of(new TextPair("Hello, world", "Hallo, Welt", "p.tsv:1")), CorpusReader.readPairs(tsv));
        assertEquals(List.of(new TextPair("\"quoted\"", "\"zitiert\"", "p.txt:1")), CorpusReader.readPairs(txt));
    }

    @Test
    void readsGzippedPairFiles() {
        Path csv = TestFiles.writeBytes(dir, "p.csv.gz", TestFiles.gzip("a b,c d\n"));
        Path tsv = TestFiles.writeBytes(dir, "p.tsv.gz", TestFiles.gzip("a, b\tc, d\n"));
        assertEquals(List.of(new TextPair("a b", "c d", "p.csv.gz:1")), CorpusReader.readPairs(csv));
        assertEquals(List.of(new TextPair("a, b", "c, d", "p.tsv.gz:1")), CorpusReader.readPairs(tsv));
    }

    @Test
    void unknownExtensionIsAnError() {
        Path file = TestFiles.write(dir, "pairs.dat", "a,b\n");
        var e = assertThrows(BadInputException.class, () -> CorpusReader.readPairs(file));
        assertTrue(e.getMessage().startsWith(file + ": unknown kind of sentence-pair file"), e.getMessage());
    }

    @Test
    void lineWithoutSeparatorIsAnError() {
        assertEquals("eng_de.csv line 2: no comma separating English and German",
                pairsError("eng_de.csv", "a,b\ni eat apple\n"));
        assertEquals("p.tsv line 1: no tab separating English and German", pairsError("p.tsv", "a, b\n"));
    }

    @Test
    void lineWithThreeFieldsIsAnError() {
        assertEquals("eng_de.csv line 1: 3 comma-separated fields, expected 2 (English and German);"
                        + " put a sentence that contains a comma in double quotes: \"a, b\"",
                pairsError("eng_de.csv", "hello, world,hallo welt\n"));
        assertEquals("p.tsv line 2: 4 tab-separated fields, expected 2 (English and German)",
                pairsError("p.tsv", "a\tb\nGo.\tGeh.\tCC-BY 2.0\t#1\n"));
    }

    @Test
    void emptySideIsAnError() {
        assertEquals("eng_de.csv line 1: the English side is empty", pairsError("eng_de.csv", " ,ich\n"));
        assertEquals("eng_de.csv line 2: the German side is empty", pairsError("eng_de.csv", "a,b\ni,\n"));
        assertEquals("eng_de.csv line 1: the German side is empty", pairsError("eng_de.csv", "i,\"\"\n"));
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertEquals("eng_de.csv line 1: the quote opened at column 3 is never closed; close it, and write a quote"
                + " inside a quoted field as \"\"", pairsError("eng_de.csv", "a,\"b, c\n"));
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        assertEquals("eng_de.csv line 1: text after a closing quote (column 4); write a quote inside a quoted field"
                + " as \"\"", pairsError("eng_de.csv", "\"a\"b,c\n"));
    }

    @Test
    void emptyCorpusIsAnError() {
        Path file = TestFiles.write(dir, "blank.csv", "\n  \n\r\n");
        var e = assertThrows(BadInputException.class, () -> CorpusReader.readPairs(file));
        assertEquals(file + ": no sentence pairs (empty, or only blank lines)", e.getMessage());
    }

    @Test
    void fileErrorsReachTheCaller() {
        Path missing = dir.resolve("missing.csv");
        assertEquals(missing + ": no such file",
                assertThrows(BadInputException.class, () -> CorpusReader.readPairs(missing)).getMessage());
        Path folder = dir.resolve("folder.csv");
        assertEquals(folder + " is a directory, not a file", assertThrows(BadInputException.class, () -> {
            Files.createDirectory(folder);
            CorpusReader.readPairs(folder);
        }).getMessage());
        Path latin1 = TestFiles.writeBytes(dir, "l.csv", "a,b\nk\u00e4se,k\u00e4se\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(BadInputException.class, () -> CorpusReader.readPairs(latin1)).getMessage()
                .startsWith("l.csv line 2: not valid UTF-8"));
        Path corrupt = TestFiles.writeBytes(dir, "c.csv.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});
        assertTrue(assertThrows(BadInputException.class, () -> CorpusReader.readPairs(corrupt)).getMessage()
                .startsWith(corrupt + ": corrupt gzip data"));
    }

    // --- line-aligned files -------------------------------------------------------------------------

    @Test
    void readsAlignedFilesSkippingLinesBlankOnBothSides() {
        Path en = TestFiles.write(dir, "train.en", "two men .\n\n a dog \n\n");
        Path de = TestFiles.writeBytes(dir, "train.de.gz", TestFiles.gzip("zwei männer .\r\n\r\nein hund\n"));
        assertEquals(List.of(
                        new TextPair("two men .", "zwei männer .", "train.en:1"),
                        new TextPair("a dog", "ein hund", "train.en:3")),
                CorpusReader.readAligned(en, de));
    }

    @Test
    void alignedFilesOfDifferentLengthsAreAnError() {
        assertEquals("x.en has 3 lines but x.de has 2; the files must be line-aligned"
                + " (line n of one translates line n of the other)", alignedError("a\nb\nc\n", "a\nb\n"));
    }

    @Test
    void aLineBlankOnOneSideOnlyIsAnError() {
        assertEquals("x.en line 2 / x.de line 2: the German side is empty", alignedError("a\nb\nc\n", "a\n\nc\n"));
        assertEquals("x.en line 1 / x.de line 1: the English side is empty", alignedError(" \nb\n", "a\nb\n"));
    }

    @Test
    void emptyAlignedFilesAreAnError() {
        String message = alignedError("\n", "");
        assertTrue(message.endsWith(": no sentence pairs (empty, or only blank lines)"), message);
        assertTrue(message.contains("x.en and ") && message.contains("x.de"), message);
    }

    @Test
    void missingAlignedFileIsAnError() {
        Path en = TestFiles.write(dir, "a.en", "a\n");
        Path de = dir.resolve("a.de");
        assertEquals(de + ": no such file",
                assertThrows(BadInputException.class, () -> CorpusReader.readAligned(en, de)).getMessage());
    }

    @Test
    void readsMulti30kTrainQuickly() {
        String dir = System.getenv("MULTI30K");   // a Multi30k folder, if this machine has one (.ci/run sets it)
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "MULTI30K does not name a Multi30k folder");
        Path data = Path.of(dir);
        CorpusReader.readAligned(data.resolve("val.en.gz"), data.resolve("val.de.gz"));             // warm up
        long start = System.nanoTime();
        List<TextPair> tok = CorpusReader.readAligned(
                data.resolve("train.lc.norm.tok.en"), data.resolve("train.lc.norm.tok.de"));
        List<TextPair> raw = CorpusReader.readAligned(data.resolve("train.en.gz"), data.resolve("train.de.gz"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(29_000, tok.size());
        assertEquals(29_000, raw.size());
        assertEquals("two young , white males are outside near many bushes .", tok.getFirst().source());
        assertEquals("Zwei junge weiße Männer sind im Freien in der Nähe vieler Büsche.", raw.getFirst().target());
        assertTrue(seconds < 20, "reading Multi30k train twice took " + seconds + " s");
    }
}
