package org.qkvlens.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.RegularFile;

/**
 * One safetensors file (Hugging Face's format, https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of JSON header {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
 * {string: string}}}, then the tensors' bytes, little-endian, C order, offsets relative to the end of the header.
 *
 * <p>{@link #open} reads and checks only the header, as strictly as the reference implementation: a plausible
 * header length (at most 100 MB), UTF-8 JSON object, a known dtype and a non-negative shape per tensor, offsets whose
 * length matches dtype × shape, and tensors that tile the data section exactly (no overlap, no gap, nothing past the
 * end: a short file is reported as truncated). Every problem is a {@link BadInputException} naming the file and, where
 * there is one, the tensor. {@link #readFloats} then reads one tensor as float32 from F32, F16 or BF16; any other
 * dtype is reported by name. Nothing is kept open between calls. Writing: {@link SafeTensorsWriter}.
 * Leaves out memory mapping and the integer and 8-bit float conversions.
 */
public final class SafeTensors {
    /** The reference implementation's limit on the header size. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    public static final String METADATA = "__metadata__";

    /** One tensor of the header: element type, shape, and its bytes [begin, end) within the data section. */
    public record Entry(String name, SafeTensorsDtype dtype, int[] shape, long begin, long end) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        public long elements() {
            long n = 1;
            for (int d : shape) n *= d;
            return n;
        }
    }

    private final Path file;
    private final long dataStart;
    private final Map<String, Entry> tensors;
    private final Map<String, String> metadata;

    private SafeTensors(Path file, long dataStart, Map<String, Entry> tensors, Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Reads and checks the header of {@code file}. */
    public static SafeTensors open(Path file) {
        RegularFile.check(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "not a safetensors file: it is " + size + " bytes long, too short for the 8-byte header length");
            }
            long n = read(ch, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > MAX_HEADER_BYTES) {
                throw bad(file, "not a safetensors file: its first 8 bytes give a header length of "
                        + Long.toUnsignedString(n) + " bytes (a safetensors header is 2 to " + MAX_HEADER_BYTES + " bytes)");
            }
            if (8 + n > size) {
                throw bad(file, "truncated, or not a safetensors file: the header length field says " + n
                        + " bytes but only " + (size - 8) + " bytes follow it");
            }
            byte[] header = new byte[(int) n];
            read(ch, 8, (int) n, file).get(header);
            if (header[0] != '{') {
                throw bad(file, "not a safetensors file: the header does not start with '{'");
            }
            try { // a check only, for this message: Jackson reads the bytes themselves
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header));
            } catch (CharacterCodingException e) {
                throw bad(file, "not a safetensors file: the header is not UTF-8 text");
            }
            JsonNode parsed;
            try {
                parsed = Json.parse(header, file + ": safetensors header");
            } catch (BadInputException e) {
                throw new BadInputException(e.getMessage() + " (not a safetensors file, or a damaged one)", e);
            }
            JsonObject json = JsonObject.of(parsed, file + ": safetensors header");
            return parseHeader(file, json, 8 + n, size - 8 - n);
        } catch (NoSuchFileException e) {
            throw bad(file, "no such file");
        } catch (IOException e) {
            throw bad(file, "cannot read it: " + e.getMessage());
        }
    }

    private static SafeTensors parseHeader(Path file, JsonObject json, long dataStart, long dataBytes) {
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String name : json.keys()) {
            JsonNode value = json.get(name);
            if (name.equals(METADATA)) {
                if (!value.isObject()) throw bad(file, "\"" + METADATA + "\" in the header is not an object");
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    if (!e.getValue().isTextual()) {
                        throw bad(file, "\"" + METADATA + "\" entry \"" + e.getKey() + "\" is not a string (the format allows only strings)");
                    }
                    metadata.put(e.getKey(), e.getValue().textValue());
                }
                continue;
            }
            tensors.put(name, entry(file, name, value));
        }
        checkTiling(file, new ArrayList<>(tensors.values()), dataBytes);
        return new SafeTensors(file, dataStart, tensors, metadata);
    }

    private static Entry entry(Path file, String name, JsonNode value) {
        String where = "tensor " + name;
        if (!value.isObject()) throw bad(file, where + ": its header entry is not an object");
        JsonObject o = JsonObject.of(value, file + ": " + where);
        String dtypeName = o.getString("dtype");
        SafeTensorsDtype dtype = SafeTensorsDtype.fromName(dtypeName);
        if (dtype == null) throw bad(file, where + " has unknown dtype \"" + dtypeName + "\"");
        int[] shape = o.getIntArray("shape");
        for (int d : shape) {
            if (d < 0) throw bad(file, where + " has a negative dimension in shape " + shapeString(shape));
        }
        JsonNode offsets = o.get("data_offsets");
        boolean pair = offsets.isArray() && offsets.size() == 2 && isLong(offsets.get(0)) && isLong(offsets.get(1));
        long b = pair ? offsets.get(0).longValue() : -1;
        long e = pair ? offsets.get(1).longValue() : -1;
        if (b < 0 || e < b) {
            throw bad(file, where + ": data_offsets must be [begin, end] with 0 <= begin <= end, found "
                    + (o.has("data_offsets") ? Json.write(offsets) : "none"));
        }
        long bytes;
        try {
            long elements = 1;
            for (int d : shape) elements = Math.multiplyExact(elements, d);
            bytes = Math.multiplyExact(elements, dtype.itemSize());
        } catch (ArithmeticException overflow) {
            throw bad(file, where + " has an impossibly large shape " + shapeString(shape));
        }
        if (e - b != bytes) {
            throw bad(file, where + ": data_offsets [" + b + ", " + e + "] hold " + (e - b) + " bytes but a " + dtype
                    + " tensor of shape " + shapeString(shape) + " needs " + bytes);
        }
        return new Entry(name, dtype, shape, b, e);
    }

    private static boolean isLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong();
    }

    /** The tensors must cover the data section exactly: each begins where the previous ends, the last at its end. */
    private static void checkTiling(Path file, List<Entry> entries, long dataBytes) {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.end() > dataBytes) {
                throw bad(file, "truncated: tensor " + e.name() + " needs bytes " + e.begin() + " to " + e.end()
                        + " of the data, but the file holds only " + dataBytes + " bytes of data");
            }
            if (e.begin() < at) {
                throw bad(file, "tensors " + previous.name() + " and " + e.name() + " overlap (data_offsets ["
                        + previous.begin() + ", " + previous.end() + "] and [" + e.begin() + ", " + e.end() + "])");
            }
            if (e.begin() > at) {
                throw bad(file, "a gap of " + (e.begin() - at) + " bytes before tensor " + e.name()
                        + " (safetensors data must be contiguous)");
            }
            at = e.end();
            previous = e;
        }
        if (at != dataBytes) {
            throw bad(file, (dataBytes - at) + " bytes after the last tensor's data (not a valid safetensors file)");
        }
    }

    public Path file() {
        return file;
    }

    /** The tensors in header order. */
    public Map<String, Entry> tensors() {
        return tensors;
    }

    /** The entry of that tensor, or null. */
    public Entry tensor(String name) {
        return tensors.get(name);
    }

    /** The header's {@code __metadata__} (empty when there is none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor's elements as float32 (F32 as is, F16 and BF16 widened exactly); other dtypes are reported. */
    public float[] readFloats(String name) {
        Entry e = tensors.get(name);
        if (e == null) throw new IllegalArgumentException(file + " has no tensor " + name);
        if (!e.dtype().readable()) {
            throw bad(file, "tensor " + name + " is " + e.dtype() + "; QKV Lens reads F32, F16 and BF16 weights"
                    + " (in PyTorch, save model.float().state_dict())");
        }
        long bytes = e.end() - e.begin();
        if (e.elements() > Integer.MAX_VALUE - 8) throw bad(file, "tensor " + name + " is too large to read");
        int n = (int) e.elements();
        float[] out = new float[n];
        RegularFile.check(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int chunk = 1 << 20;
            for (long done = 0; done < bytes; done += chunk) {
                int len = (int) Math.min(chunk, bytes - done);
                ByteBuffer buf = read(ch, dataStart + e.begin() + done, len, file).order(ByteOrder.LITTLE_ENDIAN);
                int first = (int) (done / e.dtype().itemSize());
                switch (e.dtype()) {
                    case F32 -> buf.asFloatBuffer().get(out, first, len / 4);
                    case F16 -> {
                        for (int i = 0; i < len / 2; i++) out[first + i] = Float.float16ToFloat(buf.getShort(2 * i));
                    }
                    case BF16 -> {
                        for (int i = 0; i < len / 2; i++) out[first + i] = Float.intBitsToFloat((buf.getShort(2 * i) & 0xffff) << 16);
                    }
                    default -> throw new IllegalStateException(e.dtype().toString());
                }
            }
        } catch (NoSuchFileException x) {
            throw bad(file, "no such file (it was removed while being read)");
        } catch (IOException x) {
            throw bad(file, "cannot read tensor " + name + ": " + x.getMessage());
        }
        return out;
    }

    /** A shape as PyTorch prints a size: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    public static String shapeString(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        return "(" + String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList()) + ")";
    }

    /** Exactly {@code len} bytes at {@code position}; fewer means the file ends early (truncated). */
    private static ByteBuffer read(FileChannel ch, long position, int len, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        while (buf.hasRemaining()) {
            int got = ch.read(buf, position + buf.position());
            if (got < 0) throw bad(file, "truncated: the file ends at byte " + (position + buf.position()));
        }
        return buf.flip();
    }

    private static BadInputException bad(Path file, String message) {
        return new BadInputException(file + ": " + message);
    }
}
