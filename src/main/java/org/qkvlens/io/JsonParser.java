package org.qkvlens.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.data.BadInputException;

/**
 * The recursive-descent reader behind {@link Json#parse}: one pass over the text, no regular expressions,
 * strings copied only when they contain escapes. Line and column are worked out only when an error is reported.
 *
 * <p>Leaves out: everything RFC 8259 does not allow (see {@link Json}); nesting deeper than 512 levels is
 * refused so that hostile input cannot overflow the stack.
 */
final class JsonParser {
    private static final int MAX_DEPTH = 512;

    private final String text;
    private final String sourceName;
    private final int start;
    private int pos;
    private int depth;

    JsonParser(String text, String sourceName) {
        this.text = text;
        this.sourceName = sourceName;
        this.start = text.startsWith("\uFEFF") ? 1 : 0;
        this.pos = start;
    }

    Object document() {
        Object value = value();
        skipWhitespace();
        if (pos < text.length()) {
            throw error("unexpected " + found() + " after the JSON value");
        }
        return value;
    }

    private Object value() {
        skipWhitespace();
        return switch (pos < text.length() ? text.charAt(pos) : '\0') {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> throw error("expected a JSON value but found " + found());
        };
    }

    private Map<String, Object> object() {
        enterContainer();
        Map<String, Object> members = new LinkedHashMap<>();
        if (!nextIs('}')) {
            do {
                skipWhitespace();
                if (pos >= text.length() || text.charAt(pos) != '"') {
                    throw error("expected a key in double quotes but found " + found());
                }
                int keyStart = pos;
                String key = string();
                if (members.containsKey(key)) {
                    throw errorAt(keyStart, "duplicate key " + Json.write(key));
                }
                expect(':', "':'");
                members.put(key, value());
            } while (nextIs(','));
            expect('}', "',' or '}'");
        }
        depth--;
        return Collections.unmodifiableMap(members);
    }

    private List<Object> array() {
        enterContainer();
        List<Object> elements = new ArrayList<>();
        if (!nextIs(']')) {
            do {
                elements.add(value());
            } while (nextIs(','));
            expect(']', "',' or ']'");
        }
        depth--;
        return Collections.unmodifiableList(elements);
    }

    /** Consumes the opening bracket. */
    private void enterContainer() {
        if (++depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep");
        }
        pos++;
    }

    private String string() {
        int open = pos++;
        StringBuilder unescaped = null; // only built once an escape shows up
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw errorAt(open, "this string is never closed");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = unescaped == null ? text.substring(runStart, pos)
                        : unescaped.append(text, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error(found() + " must be escaped inside a string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (unescaped == null) {
                unescaped = new StringBuilder();
            }
            unescaped.append(text, runStart, pos);
            unescaped.append(escape());
            runStart = pos;
        }
    }

    /** Reads the escape sequence at {@code pos} (at its backslash). Lone surrogates are allowed, as RFC 8259's grammar does. */
    private char escape() {
        int backslash = pos++;
        char c = pos < text.length() ? text.charAt(pos++) : '\0';
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = pos < text.length() ? hexValue(text.charAt(pos)) : -1;
                    if (digit < 0) {
                        throw errorAt(backslash, "\\u must be followed by four hex digits");
                    }
                    code = code << 4 | digit;
                    pos++;
                }
                yield (char) code;
            }
            default -> throw errorAt(backslash, "invalid escape; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
        };
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? as a Long if integral and in range, else a finite Double. */
    private Object number() {
        int begin = pos;
        consumeIf('-');
        if (consumeIf('0')) {
            if (isDigitAt(pos)) {
                throw error("a number must not have leading zeros");
            }
        } else {
            digits("a digit");
        }
        boolean integral = true;
        if (consumeIf('.')) {
            integral = false;
            digits("a digit after the decimal point");
        }
        if (consumeIf('e') || consumeIf('E')) {
            integral = false;
            if (!consumeIf('+')) {
                consumeIf('-');
            }
            digits("a digit in the exponent");
        }
        String literal = text.substring(begin, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBigForLong) {
                // read as a double below
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            throw errorAt(begin, "the number " + literal + " is too large");
        }
        return d;
    }

    private void digits(String what) {
        if (!isDigitAt(pos)) {
            throw error("expected " + what + " but found " + found());
        }
        while (isDigitAt(pos)) {
            pos++;
        }
    }

    private boolean isDigitAt(int i) {
        return i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected a JSON value but found " + found());
        }
        pos += word.length();
        return value;
    }

    /** Skips whitespace, then consumes {@code c} if it comes next. */
    private boolean nextIs(char c) {
        skipWhitespace();
        return consumeIf(c);
    }

    /** Consumes {@code c} if it is the very next character (inside a number, where spaces end the token). */
    private boolean consumeIf(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Skips whitespace and consumes {@code c}, or fails saying what was {@code expected} instead. */
    private void expect(char c, String expected) {
        if (!nextIs(c)) {
            throw error("expected " + expected + " but found " + found());
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** What sits at {@code pos}, for messages: a word such as 'True', a character, or the end. */
    private String found() {
        if (pos >= text.length()) {
            return "end of input";
        }
        int cp = text.codePointAt(pos);
        if (Character.isLetter(cp)) {
            int end = pos;
            while (end < text.length() && end - pos < 20 && Character.isLetterOrDigit(text.charAt(end))) {
                end++;
            }
            return "'" + text.substring(pos, end) + "'";
        }
        if (cp < 0x20 || Character.isWhitespace(cp)) {
            return String.format("the character U+%04X", cp);
        }
        return "'" + Character.toString(cp) + "'";
    }

    private BadInputException error(String message) {
        return errorAt(pos, message);
    }

    /** Counts lines (ended by \n, \r\n or \r) and code points up to {@code at}; called only on failure. */
    private BadInputException errorAt(int at, String message) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < at; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        int column = text.codePointCount(lineStart, at) + 1;
        return new BadInputException(sourceName + " line " + line + ", column " + column + ": " + message);
    }
}
