package org.qkvlens.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The serializer behind {@link Json#write} and {@link Json#writePretty}: one StringBuilder, one pass.
 * Pretty output puts each member and element on its own line, indented two spaces per level, like
 * Python's {@code json.dumps(v, indent=2)}; empty containers stay {@code {}} and {@code []}.
 *
 * <p>Leaves out: writing to streams, key sorting, records and beans, cycles (a map containing itself
 * overflows the stack: callers build trees).
 */
final class JsonWriter {
    private static final HexFormat HEX = HexFormat.of();

    private final boolean pretty;
    private final StringBuilder out = new StringBuilder();
    private int depth;

    JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    String write(Object value) {
        value(value);
        return out.toString();
    }

    private void value(Object value) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case String s -> string(s);
            case Double d -> number(d);
            case Float f -> number(f.floatValue());
            case Integer _, Long _, Short _, Byte _, BigInteger _, BigDecimal _ -> out.append(value);
            case Map<?, ?> m -> {
                Map.Entry<?, ?>[] members = m.entrySet().toArray(Map.Entry<?, ?>[]::new);
                container('{', '}', members.length, i -> member(members[i]));
            }
            case List<?> l -> {
                Object[] elements = l.toArray();
                container('[', ']', elements.length, i -> value(elements[i]));
            }
            case int[] a -> container('[', ']', a.length, i -> out.append(a[i]));
            case long[] a -> container('[', ']', a.length, i -> out.append(a[i]));
            case float[] a -> container('[', ']', a.length, i -> number(a[i]));
            case double[] a -> container('[', ']', a.length, i -> number(a[i]));
            default -> throw new IllegalArgumentException("JSON cannot hold a " + value.getClass().getName()
                    + "; pass maps, lists, strings, numbers, booleans or primitive arrays");
        }
    }

    /** Shortest round-trip text; JSON has no NaN or Infinity, so those become null. */
    private void number(double d) {
        out.append(Double.isFinite(d) ? Double.toString(d) : "null");
    }

    private void number(float f) {
        out.append(Float.isFinite(f) ? Float.toString(f) : "null");
    }

    private void member(Map.Entry<?, ?> member) {
        if (!(member.getKey() instanceof String key)) {
            throw new IllegalArgumentException("JSON object keys must be strings, not " + member.getKey());
        }
        string(key);
        out.append(pretty ? ": " : ":");
        value(member.getValue());
    }

    private void container(char open, char close, int size, IntConsumer item) {
        out.append(open);
        depth++;
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.append(',');
            }
            newLine();
            item.accept(i);
        }
        depth--;
        if (size > 0) {
            newLine();
        }
        out.append(close);
    }

    private void newLine() {
        if (pretty) {
            out.append('\n').repeat("  ", depth);
        }
    }

    /** Quotes {@code s}: short escapes for the usual controls, \\u00XX for the rest and for lone surrogates. */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        out.append("\\u").append(HEX.toHexDigits(c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
