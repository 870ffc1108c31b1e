package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qkvlens.data.BadInputException;

/**
 * Json.parse on Jackson: what our set-up adds to it (strictness, one message naming file, line and character column,
 * the limits for untrusted files). Jackson's own grammar is not retested here.
 */
class JsonParseTest {

    static JsonNode parse(String text) {
        return Json.parse(text, "t.json");
    }

    static String error(String text) {
        return assertThrows(BadInputException.class, () -> parse(text)).getMessage();
    }

    @Test
    void readsEveryKindOfValueInFileOrder() {
        JsonNode tree = parse("{\"z\": 1, \"a\": [1, null, \"x\", {}], \"big\": 10000000000, \"d\": 3.0, \"e\": 1e-400, \"t\": true}");
        List<String> keys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("z", "a", "big", "d", "e", "t"), keys);
        assertTrue(tree.get("z").isInt());
        assertTrue(tree.get("a").get(1).isNull());
        assertEquals("x", tree.get("a").get(2).textValue());
        assertTrue(tree.get("big").isLong());
        assertTrue(tree.get("d").isDouble()); // 3.0 is not an integer
        assertEquals(0.0, tree.get("e").doubleValue()); // underflow is not an error
        assertTrue(tree.get("t").booleanValue());
        assertEquals("😀", parse("\"\\ud83d\\ude00\"").textValue());
    }

    @Test
    void skipsALeadingByteOrderMarkAndCountsNoColumnForIt() {
        assertEquals(1, parse("\uFEFF{\"a\": 1}").get("a").intValue());
        assertTrue(error("\uFEFF{\"a\" 1}").startsWith("t.json line 1, column 6: "), error("\uFEFF{\"a\" 1}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        ``                 | line 1, column 1: expected a JSON value but found end of input
        `   `              | line 1, column 4: expected a JSON value but found end of input
        {"a" 1}            | line 1, column 6: Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value
        [1, 2,]            | line 1, column 7: Unexpected character (']' (code 93)): expected a value
        {"a":1,}           | line 1, column 8: Unexpected character ('}' (code 125)): was expecting double-quote to start field name
        {'a': 1}           | line 1, column 2: Unexpected character (''' (code 39)): was expecting double-quote to start field name
        {} {}              | line 1, column 4: unexpected '{' after the JSON value
        [1] 2              | line 1, column 5: unexpected '2' after the JSON value
        True               | line 1, column 1: Unrecognized token 'True': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')
        [NaN]              | line 1, column 5: Non-standard token 'NaN'
        +5                 | line 1, column 2: Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to have plus signs
        01                 | line 1, column 2: Invalid numeric value: Leading zeroes not allowed
        [1, /* two */ 2]   | line 1, column 5: Unexpected character ('/' (code 47)): maybe a (non-standard) comment? JSON allows none
        1e400              | line 1, column 1: the number 1e400 is too large
        [0, -1e999]        | line 1, column 5: the number -1e999 is too large
        {"a": 1, "a": 2}   | line 1, column 13: Duplicate field 'a'
        {"é": 1 2}         | line 1, column 9: Unexpected character ('2' (code 50)): was expecting comma to separate Object entries
        ["😀", [1}]        | line 1, column 9: Unexpected close marker '}': expected ']' (for Array starting at line 1, column 7)
        """)
    void namesFileLineAndCharacterColumn(String text, String expected) {
        assertEquals("t.json " + expected, error(text));
    }

    @Test
    void countsLinesForEveryKindOfLineEnd() {
        assertTrue(error("{\n  \"a\": 1,\n  \"b\" = 2\n}").startsWith("t.json line 3, column 7: Unexpected character ('='"));
        assertTrue(error("[\r\n1,\r\n x]").startsWith("t.json line 3, column 2: "));
        assertTrue(error("[\r1,\rx]").startsWith("t.json line 3, column 1: "));
        String unclosed = error("[1,\n2");
        assertTrue(unclosed.startsWith("t.json line 2, column 2: Unexpected end-of-input: expected close marker for Array"
                + " (start marker at line 1, column 1)"), unclosed);
    }

    @Test
    void reportsBadUtf8AndRawControlCharacters() {
        byte[] latin1 = "{\"a\": \"Gr\u00fc\u00dfe\"}".getBytes(StandardCharsets.ISO_8859_1);
        String message = assertThrows(BadInputException.class, () -> Json.parse(latin1, "t.json")).getMessage();
        assertTrue(message.startsWith("t.json line 1, column ") && message.contains("Invalid UTF-8"), message);
        assertTrue(error("\"a\nb\"").startsWith("t.json line 1, column 3: Illegal unquoted character"), error("\"a\nb\""));
    }

    // ------------------------------------------------------------------------------------------------ limits

    @Test
    void limitsNestingDepth() {
        int max = Json.MAX_DEPTH;
        assertEquals(1, parse("[".repeat(max) + "]".repeat(max)).size());
        String message = error("[".repeat(max + 1) + "]".repeat(max + 1));
        assertEquals("t.json line 1, column " + (max + 2) + ": Document nesting depth (" + (max + 1)
                + ") exceeds the maximum allowed (" + max + ")", message);
        assertTrue(error("{\"a\":".repeat(100_000)).contains("nesting depth"));
    }

    @Test
    void limitsStringsNamesAndNumbers() {
        String longest = "x".repeat(Json.MAX_STRING_CHARS);
        assertEquals(longest, parse("\"" + longest + "\"").textValue());
        String tooLong = error("[\"" + longest + "x\"]");
        assertTrue(tooLong.matches("t\\.json line 1, column \\d+: String value length \\(\\d+\\) exceeds the maximum allowed \\("
                + Json.MAX_STRING_CHARS + "\\)"), tooLong);
        assertTrue(error("{\"" + "k".repeat(Json.MAX_NAME_CHARS + 1) + "\": 1}").contains("Name length"));
        assertEquals(BigInteger.TEN.pow(Json.MAX_NUMBER_CHARS - 1), parse("1" + "0".repeat(Json.MAX_NUMBER_CHARS - 1)).bigIntegerValue());
        assertTrue(error("1" + "0".repeat(Json.MAX_NUMBER_CHARS)).contains("Number value length"));
    }

    @Test
    void limitsTheDocumentLength() {
        byte[] padded = new byte[Json.MAX_DOCUMENT_BYTES + 1];
        java.util.Arrays.fill(padded, (byte) ' ');
        padded[0] = '1';
        assertEquals("t.json: more than 100000000 bytes, the most a JSON file may have here",
                assertThrows(BadInputException.class, () -> Json.parse(padded, "t.json")).getMessage());
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
        long start = System.nanoTime();
        JsonNode list = parse(document);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 30_000, "parsing 10 MB took " + millis + " ms");
        assertEquals(rows, list.size());
        JsonNode last = list.get(rows - 1);
        assertEquals(rows - 1, last.get("id").intValue());
        assertEquals("wörd " + (rows - 1), last.get("token").textValue());
        assertEquals(-3.5e-3, last.get("vec").get(1).doubleValue());
    }
}
