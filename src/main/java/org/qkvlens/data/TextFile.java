package org.qkvlens.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The lines of a UTF-8 text file, plain or gzip-compressed, read whole: the one reader every corpus and probe
 * file goes through. Gzip is recognised by its magic bytes; a name ending in ".gz" without them is an error.
 * Lines end at '\n'; a trailing '\r' and a leading byte-order mark are dropped. Each line is decoded strictly,
 * so a byte that is not UTF-8 is reported with its file and line. Every failure is a {@link BadInputException}.
 * Leaves out: other encodings, streaming (files are held in memory; Multi30k's train split is 2 MB).
 */
public record TextFile(String name, List<String> lines) {
    public TextFile {
        lines = List.copyOf(lines);
    }

    public static TextFile read(Path file) {
        String name = String.valueOf(file.getFileName());
        byte[] bytes = readBytes(file);
        if (isGzip(bytes)) {
            bytes = gunzip(bytes, file);
        } else if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            throw new BadInputException(file + ": the name ends in .gz but the file is not gzip-compressed");
        }
        return new TextFile(name, decodeLines(bytes, name));
    }

    /** "eng_de.csv line 7", for error messages about the line at {@code index} (0-based). */
    public String at(int index) {
        return name + " line " + (index + 1);
    }

    /** "eng_de.csv:7", the {@link TextPair#origin()} of the line at {@code index} (0-based). */
    public String origin(int index) {
        return name + ":" + (index + 1);
    }

    private static byte[] readBytes(Path file) {
        RegularFile.check(file);
        try {
            long size = Files.size(file), most = Runtime.getRuntime().maxMemory() / 4;
            if (size > most) {
                throw new BadInputException(file + ": " + (size >> 20) + " MB is more than a quarter of the "
                        + (Runtime.getRuntime().maxMemory() >> 20) + " MB Java may use here (more with -Xmx)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": permission denied, cannot read it", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b;
    }

    private static byte[] gunzip(byte[] bytes, Path file) {
        long most = Runtime.getRuntime().maxMemory() / 4;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, most + 1));
            if (out.length > most) {
                throw new BadInputException(file + ": decompresses to more than " + (most >> 20) + " MB, a quarter of the "
                        + (Runtime.getRuntime().maxMemory() >> 20) + " MB Java may use here (more with -Xmx)");
            }
            return out;
        } catch (IOException e) {
            throw new BadInputException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> decodeLines(byte[] bytes, String name) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var lines = new ArrayList<String>();
        int start = startsWithBom(bytes) ? 3 : 0;
        while (start < bytes.length) {
            int newline = indexOf(bytes, (byte) '\n', start);
            int end = newline < 0 ? bytes.length : newline;
            int contentEnd = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            var buffer = ByteBuffer.wrap(bytes, start, contentEnd - start);
            try {
                lines.add(utf8.decode(buffer).toString());
            } catch (CharacterCodingException e) {
                throw new BadInputException(name + " line " + (lines.size() + 1) + ": not valid UTF-8 (byte "
                        + (buffer.position() - start + 1) + " of the line); save the file as UTF-8", e);
            }
            start = end + 1;
        }
        return lines;
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
