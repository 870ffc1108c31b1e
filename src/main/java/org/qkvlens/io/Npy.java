package org.qkvlens.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.qkvlens.data.BadInputException;

/**
 * Reads and writes one array in NumPy's .npy format (little-endian float32, int32, int64, float64, C order,
 * any rank), the files {@code np.save} writes and {@code np.load} reads. The elements move in 1 MB
 * {@link ByteBuffer} chunks, so 100 MB take a fraction of a second and never a second copy in memory.
 *
 * <p>Leaves out: memory mapping, appending, pickled object arrays, and the other dtypes ({@link NpyHeader}
 * explains which headers it rejects). Neither method closes the stream; reading stops right after the data.
 */
public final class Npy {
    private static final int CHUNK_BYTES = 1 << 20;

    private Npy() {}

    /** Writes header and data; {@code out} is left open. */
    public static void write(NpyArray array, OutputStream out) throws IOException {
        NpyDtype dtype = array.dtype();
        out.write(new NpyHeader(dtype, array.shape()).encode());
        int n = array.size();
        ByteBuffer chunk = chunkBuffer(dtype, n);
        int perChunk = chunk.capacity() / dtype.itemSize();
        for (int from = 0; from < n; from += perChunk) {
            int count = Math.min(perChunk, n - from);
            switch (array.data()) {
                case float[] v -> chunk.asFloatBuffer().put(v, from, count);
                case int[] v -> chunk.asIntBuffer().put(v, from, count);
                case long[] v -> chunk.asLongBuffer().put(v, from, count);
                case double[] v -> chunk.asDoubleBuffer().put(v, from, count);
                default -> throw new IllegalStateException("NpyArray holds " + array.data().getClass());
            }
            out.write(chunk.array(), 0, count * dtype.itemSize());
        }
    }

    /**
     * Reads one array; every problem with the bytes (wrong magic, unsupported dtype or order, truncation)
     * is a {@link BadInputException} starting with {@code sourceName}. I/O failures of the stream itself
     * stay {@link IOException}s. {@code maxDataBytes} is the most data the source can hold (its size): a header
     * declaring more is refused before anything is allocated, as is one needing more than half the heap.
     */
    public static NpyArray read(InputStream in, String sourceName, long maxDataBytes) throws IOException {
        NpyHeader header = NpyHeader.read(in, sourceName);
        NpyDtype dtype = header.dtype();
        if (header.dataBytes() > maxDataBytes) {
            throw new BadInputException(sourceName + ": damaged: its header declares a " + dtype + " array of shape "
                    + NpyArray.shapeString(header.shape()) + " (" + header.dataBytes() + " bytes) but it holds at most "
                    + maxDataBytes + " bytes");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (header.dataBytes() > heap / 2) {
            throw new BadInputException(sourceName + ": an array of shape " + NpyArray.shapeString(header.shape())
                    + " needs " + (header.dataBytes() >> 20) + " MB, more than half of the " + (heap >> 20)
                    + " MB Java may use here (more with -Xmx)");
        }
        int n = (int) NpyArray.elementCount(header.shape());
        Object data = dtype.newArray(n);
        ByteBuffer chunk = chunkBuffer(dtype, n);
        int perChunk = chunk.capacity() / dtype.itemSize();
        for (int from = 0; from < n; from += perChunk) {
            int count = Math.min(perChunk, n - from);
            int got = in.readNBytes(chunk.array(), 0, count * dtype.itemSize());
            if (got < count * dtype.itemSize()) {
                throw new BadInputException(sourceName + ": truncated: a " + dtype + " array of shape "
                        + NpyArray.shapeString(header.shape()) + " needs " + header.dataBytes()
                        + " bytes of data but the file has only " + ((long) from * dtype.itemSize() + got));
            }
            switch (data) {
                case float[] v -> chunk.asFloatBuffer().get(v, from, count);
                case int[] v -> chunk.asIntBuffer().get(v, from, count);
                case long[] v -> chunk.asLongBuffer().get(v, from, count);
                case double[] v -> chunk.asDoubleBuffer().get(v, from, count);
                default -> throw new IllegalStateException("NpyDtype made a " + data.getClass());
            }
        }
        return new NpyArray(dtype, header.shape(), data);
    }

    /** A little-endian buffer for all {@code n} elements or, if they take more than 1 MB, for as many as fit. */
    private static ByteBuffer chunkBuffer(NpyDtype dtype, int n) {
        return ByteBuffer.allocate(Math.min(n, CHUNK_BYTES / dtype.itemSize()) * dtype.itemSize())
                .order(ByteOrder.LITTLE_ENDIAN);
    }
}
