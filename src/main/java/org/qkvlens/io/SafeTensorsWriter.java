package org.qkvlens.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes float32 tensors as one safetensors file (see {@link SafeTensors} for the format), the way the reference
 * implementation does: {@code __metadata__} first, the header padded with spaces to a multiple of 8 bytes, the
 * tensors' bytes in the order given. The file is written beside the target and moved into place, so a reader never
 * sees half a file. Leaves out other dtypes and the reference writer's sorting of tensors by alignment.
 */
public final class SafeTensorsWriter {
    private SafeTensorsWriter() {
    }

    /** A tensor to write: {@code shape}'s product of floats from {@code data} starting at {@code offset}. */
    public record Tensor(String name, int[] shape, float[] data, int offset) {
        public Tensor {
            shape = shape.clone();
            if (offset < 0 || offset + size(shape) > data.length) {
                throw new IllegalArgumentException(name + ": shape " + SafeTensors.shapeString(shape) + " at offset "
                        + offset + " does not fit " + data.length + " floats");
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        int size() {
            return size(shape);
        }

        private static int size(int[] shape) {
            int n = 1;
            for (int d : shape) n = Math.multiplyExact(n, d);
            return n;
        }
    }

    /** Writes {@code tensors} as F32 with {@code metadata} (may be empty), replacing any file at {@code file}. */
    public static void writeF32(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) header.put(SafeTensors.METADATA, new LinkedHashMap<>(metadata));
        long offset = 0;
        for (Tensor t : tensors) {
            long end = offset + 4L * t.size();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", SafeTensorsDtype.F32.name());
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, end});
            if (header.put(t.name(), entry) != null || t.name().equals(SafeTensors.METADATA)) {
                throw new IllegalArgumentException("tensor name " + t.name() + " is used twice or reserved");
            }
            offset = end;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');

        Path target = file.toAbsolutePath();
        Path temp = AtomicFiles.sibling(target);
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                out.write(head.array());
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors) {
                    int n = t.size(), perChunk = chunk.capacity() / 4;
                    for (int from = 0; from < n; from += perChunk) {
                        int count = Math.min(perChunk, n - from);
                        chunk.clear();
                        chunk.asFloatBuffer().put(t.data(), t.offset() + from, count);
                        out.write(chunk.array(), 0, 4 * count);
                    }
                }
            }
            AtomicFiles.moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
