package org.qkvlens.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.qkvlens.data.BadInputException;

/**
 * A float32 .npy file mapped read-only into memory, as {@code np.load(f, mmap_mode='r')} does: nothing is copied
 * until {@link #read} copies the elements asked for, and the pages live in the operating system's file cache, not on
 * the Java heap. The header is checked against the file's size before mapping, so a short or overlong file is a
 * {@link BadInputException} naming it. The mapping is released when this object is garbage collected.
 * Leaves out other dtypes and writing ({@link NpyAppender}, {@link Npy}).
 */
public final class NpyMapped {
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final int[] shape;
    private final MemorySegment data;
    private final long dataStart;   // bytes of header before the data

    private NpyMapped(Path file, int[] shape, MemorySegment data, long dataStart) {
        this.file = file;
        this.shape = shape;
        this.data = data;
        this.dataStart = dataStart;
    }

    public static NpyMapped open(Path file) {
        org.qkvlens.data.RegularFile.check(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            NpyHeader header;
            long headerBytes;
            CountingInput in = new CountingInput(Channels.newInputStream(ch));
            header = NpyHeader.read(in, file.toString());
            headerBytes = in.count;
            if (header.dtype() != NpyDtype.FLOAT32) {
                throw new BadInputException(file + ": holds " + header.dtype().descr() + ", expected float32 (<f4)");
            }
            long want = header.dataBytes();
            if (size - headerBytes != want) {
                throw new BadInputException(file + ": the header declares shape " + NpyArray.shapeString(header.shape())
                        + " (" + want + " bytes) but the file holds " + (size - headerBytes) + " bytes of data");
            }
            MemorySegment seg = want == 0 ? MemorySegment.NULL
                    : ch.map(FileChannel.MapMode.READ_ONLY, headerBytes, want, Arena.ofAuto());
            return new NpyMapped(file, header.shape(), seg, headerBytes);
        } catch (IOException e) {
            throw new BadInputException(file + ": could not read: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return shape[i];
    }

    /** Elements in one row (the product of every axis but the first). */
    public int rowLength() {
        int n = 1;
        for (int i = 1; i < shape.length; i++) n *= shape[i];
        return n;
    }

    /** Copies {@code count} floats starting at element {@code from} into {@code dst} at {@code at}. */
    public void read(long from, float[] dst, int at, int count) {
        if (count == 0) return;
        long end = dataStart + (from + count) * Float.BYTES;
        try {
            // a file cut short under the mapping would fault (SIGBUS); its size is cheap to ask first
            if (java.nio.file.Files.size(file) < end) {
                throw new BadInputException(file + ": the file was cut short while it was open (it holds fewer bytes"
                        + " than its header declares)");
            }
        } catch (java.io.IOException e) {
            throw new BadInputException(file + ": could not read: " + e.getMessage(), e);
        }
        try {
            MemorySegment.copy(data, FLOAT_LE, from * Float.BYTES, dst, at, count);
        } catch (InternalError e) {
            // the JVM's answer to SIGBUS: the file was truncated under the mapping by someone else
            throw new BadInputException(file + ": the file was cut short while it was open (" + e.getMessage() + ")", e);
        }
    }

    /** Rows {@code [from, from + count)}, copied. */
    public float[] rows(int from, int count) {
        int len = rowLength();
        float[] out = new float[Math.multiplyExact(count, len)];
        read((long) from * len, out, 0, out.length);
        return out;
    }

    /** Counts the header's bytes as {@link NpyHeader#read} consumes them. */
    private static final class CountingInput extends InputStream {
        private final InputStream in;
        long count;

        CountingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
