package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Json.write and Json.writePretty: layout, numbers, escapes, primitive arrays and what they refuse. */
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
    void writesPrettyWithTwoSpaces() {
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
    void writesEveryNumberType() {
        assertEquals("[1,2,3,4,5,6.5,0.1,0.1,1.0E21,1.0E-7,-0.0,3.0]", Json.write(List.of(
                1, 2L, (short) 3, (byte) 4, BigInteger.valueOf(5), new BigDecimal("6.5"), 0.1f, 0.1, 1e21, 1e-7, -0.0, 3.0)));
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertEquals("[null,null,null,null]", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY)));
        assertEquals("[1.5,null]", Json.write(new float[] {1.5f, Float.NaN}));
        assertEquals("[null,-2.0]", Json.write(new double[] {Double.NEGATIVE_INFINITY, -2}));
    }

    @Test
    void writesPrimitiveArrays() {
        assertEquals("[1,-2]", Json.write(new int[] {1, -2}));
        assertEquals("[9223372036854775807]", Json.write(new long[] {Long.MAX_VALUE}));
        assertEquals("[0.1,1.4E-45]", Json.write(new float[] {0.1f, Float.MIN_VALUE}));
        assertEquals("[]", Json.write(new double[0]));
        assertEquals("{\n  \"shape\": [\n    3,\n    4\n  ]\n}", Json.writePretty(Map.of("shape", new int[] {3, 4})));
    }

    @Test
    void doublesAndFloatsRoundTripExactly() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                assertEquals(d, (double) Json.parse(Json.write(d), "d"), Json.write(d));
            }
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                assertEquals(f, (float) (double) Json.parse(Json.write(f), "f"), Json.write(f));
            }
        }
    }

    @Test
    void escapesStrings() {
        assertEquals("\"q\\\" b\\\\ s/ \\n\\r\\t\\b\\f \\u0000\\u001f é 😀\"", Json.write("q\" b\\ s/ \n\r\t\b\f \u0000\u001f é 😀"));
        assertEquals("\"\\ud800 \\udc00 😀\"", Json.write("\ud800 \udc00 \ud83d\ude00")); // lone surrogates escaped, pairs kept
        assertEquals("\"\\udbff\udbff\udfff\"", Json.write("\udbff\udbff\udfff")); // only the first is lone
    }

    @Test
    void everyCharacterRoundTrips() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x800; c++) {
            all.append(c);
        }
        all.append("\ud83d\ude00\ud800x\udfff");
        assertEquals(all.toString(), Json.parse(Json.write(all.toString()), "s"));
    }

    @Test
    void refusesWhatJsonCannotHold() {
        record Point(int x, int y) {}
        assertEquals("JSON cannot hold a " + Point.class.getName() + "; pass maps, lists, strings, numbers, booleans or primitive arrays",
                assertThrows(IllegalArgumentException.class, () -> Json.write(new Point(1, 2))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "one")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Json.write('c'));
    }
}
