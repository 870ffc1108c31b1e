package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qkvlens.data.BadInputException;

/** Json.parse: every value kind, escapes, strictness, error positions and a 10 MB document. */
class JsonParseTest {

    static Object parse(String text) {
        return Json.parse(text, "t.json");
    }

    static String error(String text) {
        return assertThrows(BadInputException.class, () -> parse(text)).getMessage();
    }

    @Test
    void readsLiterals() {
        assertNull(parse("null"));
        assertEquals(Boolean.TRUE, parse(" true "));
        assertEquals(Boolean.FALSE, parse("\n\tfalse\r\n"));
    }

    @Test
    void integersAreLongsAndEverythingElseIsDouble() {
        assertEquals(0L, parse("0"));
        assertEquals(0L, parse("-0"));
        assertEquals(-7L, parse("-7"));
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        assertEquals(9.223372036854775808e18, parse("9223372036854775808"));
        assertEquals(1e30, parse("1000000000000000000000000000000"));
        assertEquals(1.5, parse("1.5"));
        assertEquals(1000.0, parse("1e3"));
        assertEquals(0.01, parse("1E-2"));
        assertEquals(2.5e10, parse("2.5e+10"));
        assertEquals(-0.0, parse("-0.0"));
        assertEquals(4.9e-324, parse("4.9e-324"));
        assertEquals(0.0, parse("1e-400")); // underflow is not an error
        assertInstanceOf(Double.class, parse("3.0"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("\"\\/\b\f\n\r\t", parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("é€", parse("\"\\u00e9\\u20AC\""));
        assertEquals("a\u0000b", parse("\"a\\u0000b\""));
        assertEquals("😀", parse("\"\\ud83d\\ude00\""));
        assertEquals("x😀y", parse("\"x\\uD83D\\uDE00y\""));
        assertEquals("\ud800", parse("\"\\ud800\"")); // a lone surrogate is grammatical JSON
        assertEquals("héllo 😀 wörld", parse("\"héllo 😀 wörld\""));
        assertEquals("", parse("\"\""));
    }

    @Test
    void keepsKeyOrderAndNulls() {
        Object value = parse("{\"z\": 1, \"a\": [1, null, \"x\", {}], \"m\": {\"k\": null}, \"e\": []}");
        Map<?, ?> map = assertInstanceOf(Map.class, value);
        assertEquals(List.of("z", "a", "m", "e"), new ArrayList<>(map.keySet()));
        assertEquals(Arrays.asList(1L, null, "x", Map.of()), map.get("a"));
        assertTrue(((Map<?, ?>) map.get("m")).containsKey("k"));
        assertEquals(List.of(), map.get("e"));
    }

    @Test
    void resultsAreUnmodifiable() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parse("{\"a\": [1]}");
        assertThrows(UnsupportedOperationException.class, () -> map.put("b", 2));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) map.get("a");
        assertThrows(UnsupportedOperationException.class, () -> list.add(2));
    }

    @Test
    void ignoresALeadingByteOrderMark() {
        assertEquals(Map.of("a", 1L), parse("\uFEFF{\"a\": 1}"));
        assertEquals("t.json line 1, column 6: expected ':' but found '1'", error("\uFEFF{\"a\" 1}")); // the mark takes no column
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        ``                     | line 1, column 1: expected a JSON value but found end of input
        `   `                  | line 1, column 4: expected a JSON value but found end of input
        {"a" 1}                | line 1, column 6: expected ':' but found '1'
        [1, 2,]                | line 1, column 7: expected a JSON value but found ']'
        [1 2]                  | line 1, column 4: expected ',' or ']' but found '2'
        {"a": 1 "b": 2}        | line 1, column 9: expected ',' or '}' but found '"'
        {"a":1,}               | line 1, column 8: expected a key in double quotes but found '}'
        {a: 1}                 | line 1, column 2: expected a key in double quotes but found 'a'
        {'a': 1}               | line 1, column 2: expected a key in double quotes but found '''
        [1] x                  | line 1, column 5: unexpected 'x' after the JSON value
        {} {}                  | line 1, column 4: unexpected '{' after the JSON value
        tru                    | line 1, column 1: expected a JSON value but found 'tru'
        True                   | line 1, column 1: expected a JSON value but found 'True'
        NaN                    | line 1, column 1: expected a JSON value but found 'NaN'
        [Infinity]             | line 1, column 2: expected a JSON value but found 'Infinity'
        01                     | line 1, column 2: a number must not have leading zeros
        -                      | line 1, column 2: expected a digit but found end of input
        -a                     | line 1, column 2: expected a digit but found 'a'
        1.                     | line 1, column 3: expected a digit after the decimal point but found end of input
        1.e5                   | line 1, column 3: expected a digit after the decimal point but found 'e5'
        .5                     | line 1, column 1: expected a JSON value but found '.'
        +5                     | line 1, column 1: expected a JSON value but found '+'
        1e                     | line 1, column 3: expected a digit in the exponent but found end of input
        1e+                    | line 1, column 4: expected a digit in the exponent but found end of input
        - 1                    | line 1, column 2: expected a digit but found the character U+0020
        1e400                  | line 1, column 1: the number 1e400 is too large
        [-1e999]               | line 1, column 2: the number -1e999 is too large
        "abc                   | line 1, column 1: this string is never closed
        ["a", "b               | line 1, column 7: this string is never closed
        "a\\x"                 | line 1, column 3: invalid escape; JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX
        "\\u12g4"              | line 1, column 2: \\u must be followed by four hex digits
        "\\u12"                | line 1, column 2: \\u must be followed by four hex digits
        "\\u١٢٣٤"              | line 1, column 2: \\u must be followed by four hex digits
        "\\                    | line 1, column 2: invalid escape; JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX
        {"a": 1, "a": 2}       | line 1, column 10: duplicate key "a"
        ["😀", x]              | line 1, column 7: expected a JSON value but found 'x'
        """)
    void reportsWhereAndWhat(String text, String expected) {
        assertEquals("t.json " + expected, error(text));
    }

    @Test
    void countsLinesForEveryKindOfLineEnd() {
        assertEquals("t.json line 3, column 7: expected ':' but found '='", error("{\n  \"a\": 1,\n  \"b\" = 2\n}"));
        assertEquals("t.json line 3, column 2: expected a JSON value but found 'x'", error("[\r\n1,\r\n x]"));
        assertEquals("t.json line 3, column 1: expected a JSON value but found 'x'", error("[\r1,\rx]"));
        assertEquals("t.json line 2, column 1: expected ',' or ']' but found end of input", error("[1\n"));
    }

    @Test
    void rejectsRawControlCharactersInStrings() {
        assertEquals("t.json line 1, column 3: the character U+000A must be escaped inside a string", error("\"a\nb\""));
        assertEquals("t.json line 1, column 2: the character U+0000 must be escaped inside a string", error("\"\u0000\""));
        assertEquals("t.json line 1, column 4: expected a JSON value but found the character U+0001", error("[1,\u0001]"));
    }

    @Test
    void limitsNestingDepth() {
        assertEquals(1, ((List<?>) parse("[".repeat(512) + "]".repeat(512))).size());
        assertEquals("t.json line 1, column 513: nested more than 512 levels deep", error("[".repeat(513) + "]".repeat(513)));
        assertTrue(error("{\"a\":".repeat(100_000)).endsWith("nested more than 512 levels deep"));
    }

    @Test
    void parsesTenMegabytesQuickly() {
        StringBuilder text = new StringBuilder("[");
        int rows = 0;
        while (text.length() < 10_000_000) {
            text.append(rows == 0 ? "" : ",").append("\n  {\"id\": ").append(rows)
                    .append(", \"token\": \"w\\u00f6rd ").append(rows).append("\", \"vec\": [0.125, -3.5e-3, 1e10, 42], \"ok\": true}");
            rows++;
        }
        String document = text.append("\n]").toString();
        parse(document); // warm up
        long start = System.nanoTime();
        List<?> list = (List<?>) parse(document);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 30_000, "parsing 10 MB took " + millis + " ms"); // ~0.3 s alone, seconds on a loaded machine; a quadratic parser takes minutes
        assertEquals(rows, list.size());
        Map<?, ?> last = (Map<?, ?>) list.get(rows - 1);
        assertEquals((long) rows - 1, last.get("id"));
        assertEquals("wörd " + (rows - 1), last.get("token"));
        assertEquals(List.of(0.125, -3.5e-3, 1e10, 42L), last.get("vec"));
    }

    @Test
    void parsesOneHugeStringAndReportsErrorsAtTheEndQuickly() {
        String big = "x".repeat(10_000_000);
        assertEquals(big, parse("\"" + big + "\""));
        String message = error("\"" + big + "\" ,");
        assertEquals("t.json line 1, column 10000004: unexpected ',' after the JSON value", message);
    }

    @Test
    void writeThenParseGivesBackTheSameTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", "Ünïcødé \"quoted\" \\ / \n\t\u0001 😀");
        tree.put("ints", List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE));
        tree.put("doubles", List.of(0.1, -0.0, 1e-300, 1.7976931348623157e308, 123456.789));
        tree.put("nested", Map.of("empty", List.of(), "obj", Map.of()));
        tree.put("nothing", null);
        tree.put("flags", List.of(true, false));
        assertEquals(tree, parse(Json.write(tree)));
        assertEquals(tree, parse(Json.writePretty(tree)));
    }
}
