package org.qkvlens.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A float32 .npy file written a block of rows at a time, for arrays too large to hold in memory: the header goes
 * first with 0 rows, rows are appended through a 64 KB buffer, and {@link #finish} rewrites the header with the row
 * count. NumPy's version 1.0 header keeps spare spaces for the first axis to grow, so the rewritten header has the
 * same length (as {@code np.lib.format.open_memmap} relies on). Leaves out other dtypes and reading
 * ({@link NpyMapped}).
 */
public final class NpyAppender implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final int[] rowShape;
    private final int rowLength;
    private final int headerBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long rows;
    private boolean finished;

    /** Creates (or truncates) {@code file} for rows of shape {@code rowShape}, e.g. {@code (C)} or {@code (H, W)}. */
    public NpyAppender(Path file, int... rowShape) throws IOException {
        this.file = file;
        this.rowShape = rowShape.clone();
        int n = 1;
        for (int d : rowShape) n *= d;
        this.rowLength = n;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        byte[] header = header(0);
        this.headerBytes = header.length;
        channel.write(ByteBuffer.wrap(header));
    }

    public Path file() {
        return file;
    }

    public long rows() {
        return rows;
    }

    /** Appends {@code count} rows stored contiguously in {@code src} from {@code from}. */
    public void append(float[] src, int from, int count) throws IOException {
        int n = count * rowLength;
        for (int i = 0; i < n; ) {
            if (buffer.remaining() < Float.BYTES) flush();
            int take = Math.min(n - i, buffer.remaining() / Float.BYTES);
            buffer.asFloatBuffer().put(src, from + i, take);
            buffer.position(buffer.position() + take * Float.BYTES);
            i += take;
        }
        rows += count;
    }

    /** Writes what is buffered, rewrites the header with the row count and, with {@code sync}, forces it to disk. */
    public void finish(boolean sync) throws IOException {
        flush();
        byte[] header = header(rows);
        if (header.length != headerBytes) throw new IllegalStateException("npy header grew: " + file);
        channel.write(ByteBuffer.wrap(header), 0);
        if (sync) channel.force(true);
        finished = true;
        channel.close();
    }

    private byte[] header(long count) {
        if (count > Integer.MAX_VALUE) throw new IllegalStateException(file + ": more rows than a .npy axis holds here");
        int[] shape = new int[rowShape.length + 1];
        shape[0] = (int) count;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return new NpyHeader(NpyDtype.FLOAT32, shape).encode();
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
    }

    /** Closes without finishing when {@link #finish} was not called (the file is then incomplete: delete it). */
    @Override
    public void close() throws IOException {
        if (!finished) channel.close();
    }
}
