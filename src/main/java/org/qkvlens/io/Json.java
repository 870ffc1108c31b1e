package org.qkvlens.io;

/**
 * Strict JSON (RFC 8259) for config files and run manifests: {@link #parse} turns text into plain Java values,
 * {@link #write} and {@link #writePretty} turn such values back into text. {@link JsonObject} adds typed access.
 *
 * <p>Parsed values are {@code null}, {@link Boolean}, {@link Long} (a number without fraction or exponent that
 * fits), {@link Double} (every other number), {@link String}, an unmodifiable {@code List<Object>} and an
 * unmodifiable {@code Map<String, Object>} in the file's key order. Leaves out: comments, trailing commas,
 * single quotes, NaN/Infinity, streaming and data binding (callers build maps and lists, not records).
 */
public final class Json {
    private Json() {}

    /**
     * Parses one JSON document in linear time. Rejects duplicate keys (a config with {@code "lr"} twice is
     * a mistake) and numbers beyond the double range; ignores one leading byte order mark. Every error is a
     * {@link org.qkvlens.data.BadInputException} like {@code config.json line 3, column 14: expected ':' but found '='}.
     */
    public static Object parse(String text, String sourceName) {
        return new JsonParser(text, sourceName).document();
    }

    /**
     * Compact JSON for null, Boolean, String, Integer/Long/Short/Byte/BigInteger/BigDecimal, Float/Double,
     * {@code Map} with String keys, {@code List}, and {@code int[]}, {@code long[]}, {@code float[]},
     * {@code double[]} (written as arrays). Floats and doubles use the shortest text that reads back to the
     * same value ({@code 0.1f} is written {@code 0.1}); NaN and ±Infinity, which JSON cannot express, are
     * written as {@code null}. Any other type is an {@link IllegalArgumentException}.
     */
    public static String write(Object value) {
        return new JsonWriter(false).write(value);
    }

    /** Like {@link #write}, one member or element per line, indented by two spaces. */
    public static String writePretty(Object value) {
        return new JsonWriter(true).write(value);
    }
}
