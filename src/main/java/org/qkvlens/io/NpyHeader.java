package org.qkvlens.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qkvlens.data.BadInputException;

/**
 * The header in front of a .npy file's data: magic {@code \x93NUMPY}, version, header length, then a Python
 * dict literal such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} padded with spaces
 * and a newline to a multiple of 64 bytes. Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 *
 * <p>Writes version 1.0 exactly as NumPy 1.23+ does (including its spare spaces for growing the first axis),
 * so files are byte-identical to {@code np.save}. Reads versions 1.0, 2.0 and 3.0. Leaves out: Fortran order,
 * structured and big-endian dtypes (rejected with a hint), any Python syntax beyond what NumPy writes.
 */
record NpyHeader(NpyDtype dtype, int[] shape) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int MAX_HEADER_BYTES = 1 << 20; // NumPy's own limit is 10 000; guards the allocation
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /** Bytes of element data that follow the header. */
    long dataBytes() {
        return NpyArray.elementCount(shape) * dtype.itemSize();
    }

    /** Magic, version 1.0, length and padded dict: everything before the data. */
    byte[] encode() {
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype.descr())
                .append("', 'fortran_order': False, 'shape': ").append(NpyArray.shapeString(shape)).append(", }");
        if (shape.length > 0) {
            dict.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
        }
        int prefix = MAGIC.length + 2 + 2;
        dict.repeat(' ', ALIGN - (prefix + dict.length() + 1) % ALIGN).append('\n');
        if (dict.length() > 0xFFFF) {
            throw new IllegalArgumentException("rank " + shape.length + " is too high for a version 1.0 header");
        }
        byte[] bytes = new byte[prefix + dict.length()];
        System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
        bytes[6] = 1; // version 1.0
        bytes[8] = (byte) dict.length(); // little-endian uint16
        bytes[9] = (byte) (dict.length() >>> 8);
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, bytes, prefix, text.length);
        return bytes;
    }

    /** Reads the header and leaves {@code in} at the first data byte. */
    static NpyHeader read(InputStream in, String sourceName) throws IOException {
        byte[] start = readExactly(in, MAGIC.length + 2, sourceName);
        if (!Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new BadInputException(sourceName + ": not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = start[6] & 0xFF;
        if (major < 1 || major > 3) {
            throw new BadInputException(sourceName + ": .npy format version " + major + "." + (start[7] & 0xFF)
                    + " is not supported (only 1.0, 2.0 and 3.0)");
        }
        byte[] len = readExactly(in, major == 1 ? 2 : 4, sourceName);
        long length = 0;
        for (int i = len.length - 1; i >= 0; i--) {
            length = length << 8 | (len[i] & 0xFF);
        }
        if (length > MAX_HEADER_BYTES) {
            throw new BadInputException(sourceName + ": .npy header claims " + length + " bytes, which is not plausible");
        }
        byte[] dict = readExactly(in, (int) length, sourceName);
        return parse(new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), sourceName);
    }

    private static byte[] readExactly(InputStream in, int n, String sourceName) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new BadInputException(sourceName + ": truncated .npy header (the file ends after "
                    + bytes.length + " of " + n + " expected bytes)");
        }
        return bytes;
    }

    /** Checks the dict: exactly the three keys, a supported dtype, C order, a shape a Java array can hold. */
    static NpyHeader parse(String dictText, String sourceName) {
        String shown = dictText.strip();
        String where = sourceName + ": .npy header " + (shown.length() <= 200 ? shown : shown.substring(0, 200) + "...");
        Map<String, Object> dict = new DictParser(dictText, where).parse();
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw new BadInputException(where + ": needs exactly the keys 'descr', 'fortran_order' and 'shape'");
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new BadInputException(where + ": 'descr' must be a quoted string");
        }
        NpyDtype dtype = NpyDtype.fromDescr(descr);
        if (dtype == null) {
            String hint = descr.startsWith(">") ? " is big-endian; save it little-endian, e.g. a.astype('<" + descr.substring(1) + "')"
                    : " is not supported";
            throw new BadInputException(where + ": dtype '" + descr + "'" + hint
                    + " (QKV Lens reads <f4, <i4, <i8 and <f8: float32, int32, int64, float64)");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new BadInputException(where + ": 'fortran_order' must be True or False");
        }
        if (fortran) {
            throw new BadInputException(where + ": Fortran order is not supported; save np.ascontiguousarray(a)");
        }
        if (!(dict.get("shape") instanceof int[] shape)) {
            throw new BadInputException(where + ": 'shape' must be a tuple of integers");
        }
        if (NpyArray.elementCount(shape) > MAX_ARRAY_LENGTH) {
            throw new BadInputException(where + ": too many elements for one Java array (at most " + MAX_ARRAY_LENGTH + ")");
        }
        return new NpyHeader(dtype, shape);
    }

    /**
     * The Python literal NumPy writes: a dict of quoted keys to quoted strings, True/False or tuples of
     * non-negative ints. Tuples come back as {@code int[]}; anything else (lists, nested dicts) is an error.
     */
    private static final class DictParser {
        private final String text;
        private final String where;
        private int pos;

        DictParser(String text, String where) {
            this.text = text;
            this.where = where;
        }

        Map<String, Object> parse() {
            Map<String, Object> dict = new LinkedHashMap<>();
            expect('{');
            while (!peek('}')) {
                String key = string();
                expect(':');
                if (dict.put(key, value()) != null) {
                    throw error("duplicate key '" + key + "'");
                }
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            skipSpace();
            if (pos < text.length()) {
                throw error("unexpected text after the dict");
            }
            return dict;
        }

        private Object value() {
            skipSpace();
            if (text.startsWith("True", pos) || text.startsWith("False", pos)) {
                boolean value = text.startsWith("True", pos);
                pos += value ? 4 : 5;
                return value;
            }
            if (peek('[')) {
                throw error("structured dtypes are not supported; save a plain numeric array");
            }
            return peek('(') ? tuple() : string();
        }

        private int[] tuple() {
            List<Integer> dims = new ArrayList<>();
            expect('(');
            while (!peek(')')) {
                dims.add(dimension());
                if (!peek(')')) {
                    expect(',');
                }
            }
            expect(')');
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private int dimension() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start) {
                throw error("expected a non-negative integer");
            }
            long value = pos - start > 10 ? Long.MAX_VALUE : Long.parseLong(text, start, pos, 10);
            if (value > Integer.MAX_VALUE) {
                throw error("dimension " + text.substring(start, pos) + " is too large for a Java array");
            }
            return (int) value;
        }

        private String string() {
            skipSpace();
            char quote = pos < text.length() ? text.charAt(pos) : 0;
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        /** Skips spaces, then tells whether the next character is {@code c} (without consuming it). */
        private boolean peek(char c) {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end of the header");
            }
            return text.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private BadInputException error(String message) {
            return new BadInputException(where + ": " + message + " at character " + (pos + 1));
        }
    }
}
