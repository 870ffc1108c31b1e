package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Json.write and Json.writePretty: Python's indent=2 layout, numbers that read back exactly, NaN as null, and
 * what we write reads back to the same tree.
 */
class JsonWriteTest {

    private static Map<String, Object> sample() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("k", null);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 1);
        map.put("a", Arrays.asList(true, null, "x", inner));
        map.put("empty", Map.of());
        map.put("none", List.of());
        return map;
    }

    @Test
    void writesCompactly() {
        assertEquals("{\"b\":1,\"a\":[true,null,\"x\",{\"k\":null}],\"empty\":{},\"none\":[]}", Json.write(sample()));
    }

    @Test
    void writesPrettyLikePythonsIndentTwo() {
        assertEquals("""
                {
                  "b": 1,
                  "a": [
                    true,
                    null,
                    "x",
                    {
                      "k": null
                    }
                  ],
                  "empty": {},
                  "none": []
                }""", Json.writePretty(sample()));
        assertEquals("3", Json.writePretty(3));
    }

    @Test
    void writesNumbersAndPrimitiveArrays() {
        assertEquals("[1,2,0.1,0.1,1.0E21,1.0E-7,-0.0,3.0]", Json.write(List.of(1, 2L, 0.1f, 0.1, 1e21, 1e-7, -0.0, 3.0)));
        assertEquals("[1,-2]", Json.write(new int[] {1, -2}));
        assertEquals("[9223372036854775807]", Json.write(new long[] {Long.MAX_VALUE}));
        assertEquals("[0.1,1.4E-45]", Json.write(new float[] {0.1f, Float.MIN_VALUE}));
        assertEquals("[]", Json.write(new double[0]));
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertEquals("[null,null,null,null]", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY)));
        assertEquals("[1.5,null]", Json.write(new float[] {1.5f, Float.NaN}));
        assertEquals("[null,-2.0]", Json.write(new double[] {Double.NEGATIVE_INFINITY, -2}));
        assertEquals("{\n  \"valid_loss\": null\n}", Json.writePretty(Map.of("valid_loss", Double.NaN)));
    }

    @Test
    void doublesAndFloatsRoundTripExactly() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                assertEquals(d, Json.parse(Json.write(d), "d").doubleValue(), Json.write(d));
            }
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                assertEquals(f, (float) Json.parse(Json.write(f), "f").doubleValue(), Json.write(f));
            }
        }
    }

    @Test
    void escapesStrings() {
        assertEquals("\"q\\\" b\\\\ s/ \\n\\r\\t\\b\\f \\u0000\\u001F é 😀\"", Json.write("q\" b\\ s/ \n\r\t\b\f \u0000\u001f é 😀"));
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MIN_SURROGATE; c++) {
            all.append(c);
        }
        all.append("\ud83d\ude00");
        assertEquals(all.toString(), Json.parse(Json.write(all.toString()), "s").textValue());
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
        JsonNode compact = Json.parse(Json.write(tree), "compact");
        assertEquals(compact, Json.parse(Json.writePretty(tree), "pretty"));
        assertEquals(Json.write(tree), Json.write(compact)); // and a tree writes as the values it came from
    }
}
