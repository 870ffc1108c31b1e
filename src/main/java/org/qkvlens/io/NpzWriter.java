package org.qkvlens.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a .npz: a zip holding one {@code <name>.npy} entry per array (what {@code np.savez} writes and
 * {@code np.load} reads) plus any text entries such as {@code manifest.json}.
 *
 * <p>The zip is written to a hidden temporary file beside the target and moved into place by {@link #commit};
 * {@link #close} without a commit (an exception anywhere in between, the writer's or the caller's) deletes the
 * temporary file and leaves the target untouched, so a crash never leaves a half-written file at the target path.
 * Leaves out: appending to an existing file, Zip entry comments and timestamps control.
 */
public final class NpzWriter implements AutoCloseable {

    /** How entries are stored: DEFLATED (at the fastest level) is smaller, STORED is faster to write and read. */
    public enum Compression { STORED, DEFLATED }

    private final Path target;
    private final Path temp;
    private final Compression compression;
    private final ZipOutputStream zip;
    private final Set<String> entryNames = new HashSet<>();
    private boolean failed;
    private boolean committed;
    private boolean closed;

    /** A DEFLATED writer. */
    public NpzWriter(Path file) throws IOException {
        this(file, Compression.DEFLATED);
    }

    public NpzWriter(Path file, Compression compression) throws IOException {
        this.target = file.toAbsolutePath();
        this.compression = compression;
        this.temp = AtomicFiles.sibling(target);
        this.zip = new ZipOutputStream(new BufferedOutputStream(
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16));
        zip.setLevel(Deflater.BEST_SPEED);
    }

    /** Adds the array as entry {@code name + ".npy"}, so {@code np.load(file)[name]} finds it. */
    public void add(String name, NpyArray array) throws IOException {
        put(name + ".npy", out -> Npy.write(array, out));
    }

    /** Adds a UTF-8 text entry under exactly {@code entryName}. */
    public void addText(String entryName, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        put(entryName, out -> out.write(bytes));
    }

    /** Adds {@link Json#writePretty pretty JSON} as a UTF-8 text entry, e.g. {@code "manifest.json"}. */
    public void addJson(String entryName, Object value) throws IOException {
        addText(entryName, Json.writePretty(value) + "\n");
    }

    /** Finishes the zip and moves it to the target path, replacing any file there. */
    public void commit() throws IOException {
        if (closed) {
            throw new IllegalStateException("NpzWriter for " + target + " is closed");
        }
        if (failed) {
            throw new IllegalStateException("an entry of " + target.getFileName() + " failed; nothing to commit");
        }
        committed = true;
        close();
    }

    /** Releases the writer; without a successful {@link #commit} the file is discarded and the target left as it was. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            zip.close();
            if (committed) {
                move();
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void move() throws IOException {
        AtomicFiles.moveIntoPlace(temp, target);
    }

    private interface EntryBody {
        void writeTo(OutputStream out) throws IOException;
    }

    private void put(String entryName, EntryBody body) throws IOException {
        if (closed) {
            throw new IllegalStateException("NpzWriter for " + target + " is closed");
        }
        try {
            if (!entryNames.add(entryName)) {
                throw new IllegalArgumentException(target.getFileName() + " already has an entry " + entryName);
            }
            ZipEntry entry = new ZipEntry(entryName);
            if (compression == Compression.STORED) {
                describeStored(entry, body); // a STORED entry's size and CRC go before its data
            }
            zip.putNextEntry(entry);
            body.writeTo(zip);
            zip.closeEntry();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Runs {@code body} once into a checksum to learn the size and CRC-32 a STORED entry must declare up front. */
    private static void describeStored(ZipEntry entry, EntryBody body) throws IOException {
        CRC32 crc = new CRC32();
        long[] size = {0};
        body.writeTo(new OutputStream() {
            @Override
            public void write(int b) {
                crc.update(b);
                size[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                crc.update(b, off, len);
                size[0] += len;
            }
        });
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size[0]);
        entry.setCompressedSize(size[0]);
        entry.setCrc(crc.getValue());
    }
}
