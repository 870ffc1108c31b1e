package org.qkvlens.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.qkvlens.data.BadInputException;

/**
 * JSON on Jackson, set up once for every file QKV Lens reads or writes: model config.json and vocab.json, npz
 * manifests, safetensors headers, bench lines. {@link #parse} gives Jackson's tree ({@link JsonObject} adds typed
 * access whose errors name the field); {@link #write} and {@link #writePretty} turn maps, lists, strings, numbers,
 * booleans, primitive arrays and trees into text.
 *
 * <p>Reading is strict RFC 8259: no comments, trailing commas, single quotes, NaN/Infinity, duplicate keys, text
 * after the value, or numbers beyond the double range. A leading UTF-8 byte order mark is skipped. The files come
 * from users and other programs, so the parser's limits are set here, not left at Jackson's defaults (see the
 * constants). Every problem is one {@link BadInputException}: {@code config.json line 3, column 14: <what>}, the
 * column counted in characters.
 *
 * <p>Writing: floats and doubles as the shortest text that reads back to the same value ({@code 0.1f} is {@code 0.1});
 * NaN and ±Infinity, which JSON cannot hold, as {@code null}. Pretty output is Python's {@code json.dumps(v, indent=2)}
 * layout. Leaves out: data binding to records (callers walk the tree), streaming, lone surrogates in written strings
 * (Jackson writes them as '?').
 */
public final class Json {
    /** The largest JSON we read is a safetensors header, and its reference implementation caps those at 100 MB. */
    public static final int MAX_DOCUMENT_BYTES = 100_000_000;
    /** Our files nest at most five levels (manifest → arrays → entry → labels); a model config rarely more than three. */
    public static final int MAX_DEPTH = 64;
    /** Tokens, labels, probe sentences and metadata values: all far shorter. */
    public static final int MAX_STRING_CHARS = 1_000_000;
    /** Tensor and field names. */
    public static final int MAX_NAME_CHARS = 10_000;
    /** A double needs at most 24 characters, a long 20. */
    public static final int MAX_NUMBER_CHARS = 100;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxDocumentLength(MAX_DOCUMENT_BYTES)
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING_CHARS)
                            .maxNameLength(MAX_NAME_CHARS)
                            .maxNumberLength(MAX_NUMBER_CHARS)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .addDecorator((factory, generator) -> new NonFiniteAsNull(generator))
                    .build())
            .nodeFactory(new FiniteNumbers())
            .build();
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());
    // what jacksonMessage rewrites
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]");
    private static final Pattern API_NAME = Pattern.compile(", from `[^`]*`|: enable `[^`]*` to allow");
    private static final Pattern COMMENT_ADVICE = Pattern.compile("\\(not recognized as one since Feature '[^']*' not enabled for parser\\)");

    private Json() {
    }

    /** Parses one JSON document; {@code sourceName} (a file, or a file and an entry) starts every message. */
    /**
     * Reads and parses a JSON file: a regular file ({@link org.qkvlens.data.RegularFile}) of at most
     * {@link #MAX_DOCUMENT_BYTES}; every problem is a {@link BadInputException} naming it.
     */
    public static JsonNode parseFile(java.nio.file.Path file) {
        org.qkvlens.data.RegularFile.check(file);
        try {
            long size = java.nio.file.Files.size(file);
            if (size > MAX_DOCUMENT_BYTES) {
                throw new BadInputException(file + ": " + size + " bytes, more than the " + MAX_DOCUMENT_BYTES
                        + " a JSON file may have here");
            }
            return parse(java.nio.file.Files.readAllBytes(file), file.toString());
        } catch (java.io.IOException e) {
            throw new BadInputException(file + ": could not read: " + e.getMessage(), e);
        }
    }

    public static JsonNode parse(byte[] utf8, String sourceName) {
        if (utf8.length > MAX_DOCUMENT_BYTES) { // Jackson would refuse it too, but before it can say where
            throw new BadInputException(sourceName + ": more than " + MAX_DOCUMENT_BYTES + " bytes, the most a JSON file"
                    + " may have here");
        }
        try (JsonParser p = MAPPER.createParser(utf8)) {
            try {
                if (p.nextToken() == null) {
                    throw error(utf8, p.currentLocation(), sourceName, "expected a JSON value but found end of input");
                }
                JsonNode tree = MAPPER.readTree(p);
                if (p.nextToken() != null) {
                    throw error(utf8, p.currentTokenLocation(), sourceName,
                            "unexpected '" + p.getText() + "' after the JSON value");
                }
                return tree;
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation(); // limits give none
                throw error(utf8, at, sourceName, jacksonMessage(e, utf8));
            } catch (FiniteNumbers.TooLarge e) {
                throw error(utf8, p.currentTokenLocation(), sourceName, "the number " + p.getText() + " is too large");
            }
        } catch (IOException e) { // no I/O happens on a byte array: only createParser and close declare it
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #parse(byte[], String)} for text already decoded, e.g. by {@link org.qkvlens.data.TextFile}. */
    public static JsonNode parse(String text, String sourceName) {
        return parse(text.getBytes(StandardCharsets.UTF_8), sourceName);
    }

    /** Compact JSON, e.g. one bench result per line or a safetensors header. */
    public static String write(Object value) {
        return write(COMPACT, value);
    }

    /** One member or element per line, indented by two spaces, like Python's {@code json.dumps(v, indent=2)}. */
    public static String writePretty(Object value) {
        return write(PRETTY, value);
    }

    /** A parsed object as plain Java values: maps in file order, lists, Integer/Long/BigInteger, Double, String, Boolean, null. */
    @SuppressWarnings("unchecked") // an object node converts to a map with String keys
    static Map<String, Object> toMap(JsonNode object) {
        return MAPPER.convertValue(object, Map.class);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) { // a type Jackson cannot serialize: a programming error
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Jackson's text without its pointers into the source and its advice to Java programmers: "(start marker at
     * [Source: ...; line: 1, column: 1])" becomes "(start marker at line 1, column 1)"; ", from
     * `StreamReadConstraints...()`" and ": enable `JsonReadFeature...` to allow" go, and a comment is "maybe a
     * (non-standard) comment? JSON allows none".
     */
    private static String jacksonMessage(JsonProcessingException e, byte[] utf8) {
        String m = SOURCE.matcher(e.getOriginalMessage()).replaceAll(r -> position(utf8, Integer.parseInt(r.group(1)),
                Integer.parseInt(r.group(2))));
        m = COMMENT_ADVICE.matcher(m).replaceAll("JSON allows none");
        return API_NAME.matcher(m).replaceAll("").replace('\n', ' ');
    }

    private static BadInputException error(byte[] utf8, JsonLocation at, String sourceName, String message) {
        return new BadInputException(sourceName + " " + position(utf8, at.getLineNr(), at.getColumnNr()) + ": " + message);
    }

    /**
     * "line 3, column 14", the column in characters as an editor shows it: Jackson counts bytes, so "é" would take two
     * columns, and the byte order mark one. Lines end at \n, \r\n or \r, as Jackson counts them.
     */
    private static String position(byte[] utf8, int line, int byteColumn) {
        if (line < 1 || byteColumn < 1) {
            return "line " + line + ", column " + byteColumn;
        }
        int lineStart = 0;
        for (int i = 0, l = 1; l < line && i < utf8.length; i++) {
            if (utf8[i] == '\n' || utf8[i] == '\r' && (i + 1 >= utf8.length || utf8[i + 1] != '\n')) {
                l++;
                lineStart = i + 1;
            }
        }
        int end = Math.min(utf8.length, lineStart + byteColumn - 1);
        int from = lineStart == 0 && utf8.length >= 3 && utf8[0] == (byte) 0xEF && utf8[1] == (byte) 0xBB
                && utf8[2] == (byte) 0xBF ? Math.min(3, end) : lineStart;
        String before = new String(utf8, from, end - from, StandardCharsets.UTF_8);
        return "line " + line + ", column " + (before.codePointCount(0, before.length()) + 1);
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

    /**
     * Refuses numbers that overflow a double while the tree is built, so {@code 1e400} is an error at its position
     * rather than an Infinity found later. (Underflow to zero is fine, as in every JSON reader.)
     */
    private static final class FiniteNumbers extends JsonNodeFactory {
        static final class TooLarge extends RuntimeException {
            TooLarge() {
                super(null, null, false, false);
            }
        }

        @Override
        public NumericNode numberNode(double v) {
            if (Double.isInfinite(v)) throw new TooLarge();
            return super.numberNode(v);
        }

        @Override
        public NumericNode numberNode(float v) {
            if (Float.isInfinite(v)) throw new TooLarge();
            return super.numberNode(v);
        }
    }

    /** Writes NaN and ±Infinity as null: JSON has no such numbers, and Python's json reads null as None. */
    private static final class NonFiniteAsNull extends JsonGeneratorDelegate {
        NonFiniteAsNull(JsonGenerator generator) {
            super(generator, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) delegate.writeNumber(v);
            else delegate.writeNull();
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) delegate.writeNumber(v);
            else delegate.writeNull();
        }

        @Override
        public void writeArray(double[] array, int offset, int length) throws IOException {
            writeStartArray(array, length);
            for (int i = offset; i < offset + length; i++) writeNumber(array[i]);
            writeEndArray();
        }
    }
}
