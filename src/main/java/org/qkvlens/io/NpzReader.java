package org.qkvlens.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.qkvlens.data.BadInputException;

/**
 * Reads a .npz (from {@link NpzWriter} or {@code np.savez}/{@code np.savez_compressed}) with random access
 * through {@link ZipFile}: arrays by name, text and JSON entries by entry name.
 *
 * <p>Every problem with the file (missing, not a zip, a damaged or missing entry, a bad .npy inside) is a
 * {@link BadInputException} naming the file and the entry, e.g. {@code run.npz: w.npy: truncated: ...};
 * an I/O failure while reading counts as such a problem too, so no method throws a checked exception.
 * Leaves out: writing, memory mapping, pickled object arrays.
 */
public final class NpzReader implements AutoCloseable {
    private final Path file;
    private final ZipFile zip;
    private final long fileBytes;
    /** deflate inflates at most 1,032 bytes from one: no entry can hold more than this many times the file's size. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    public NpzReader(Path file) {
        this.file = file;
        org.qkvlens.data.RegularFile.check(file);
        try {
            this.zip = new ZipFile(file.toFile());
            this.fileBytes = java.nio.file.Files.size(file);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new BadInputException(file + ": no such file", e);
        } catch (ZipException e) {
            throw new BadInputException(file + ": not a .npz file (it is not a zip archive)", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read it: " + e.getMessage(), e);
        }
        Set<String> seen = new java.util.HashSet<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
            if (!seen.add(e.getName())) {
                close();
                throw new BadInputException(file + ": damaged: it holds two entries named " + e.getName());
            }
        }
    }

    /** The array names (entries ending in .npy, without that suffix) in the order they are stored. */
    public Set<String> arrayNames() {
        Set<String> names = new LinkedHashSet<>();
        zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".npy"))
                .forEach(n -> names.add(n.substring(0, n.length() - ".npy".length())));
        return Collections.unmodifiableSet(names);
    }

    public boolean hasEntry(String entryName) {
        return zip.getEntry(entryName) != null;
    }

    /** The array stored as {@code name + ".npy"}. */
    public NpyArray read(String name) {
        String entryName = name + ".npy";
        ZipEntry entry = zip.getEntry(entryName);
        long most = entry == null ? 0 : entry.getMethod() == ZipEntry.STORED ? fileBytes : fileBytes * MAX_DEFLATE_RATIO;
        if (entry != null && entry.getSize() >= 0) most = Math.min(most, entry.getSize());
        long bound = most;
        return readEntry(entryName, in -> Npy.read(in, file + ": " + entryName, bound));
    }

    /** Like {@link #read(String)}, and the array must have the given dtype (as weights must be float32). */
    public NpyArray read(String name, NpyDtype expected) {
        NpyArray array = read(name);
        if (array.dtype() != expected) {
            throw new BadInputException(file + ": " + name + ".npy: expected " + expected + " but the array is "
                    + array.dtype() + " (convert it with a.astype('" + expected.descr() + "'))");
        }
        return array;
    }

    /** A text entry, which must be valid UTF-8. */
    public String readText(String entryName) {
        byte[] bytes = readEntry(entryName, InputStream::readAllBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": " + entryName + " is not valid UTF-8 text", e);
        }
    }

    /**
     * A JSON entry, parsed by {@link Json#parse}; errors read {@code run.npz: manifest.json line 3, column 14: ...}.
     * At most {@link Json#MAX_DOCUMENT_BYTES} are inflated, so a zip bomb posing as a manifest is refused, not held.
     */
    public JsonNode readJson(String entryName) {
        byte[] bytes = readEntry(entryName, in -> in.readNBytes(Json.MAX_DOCUMENT_BYTES + 1));
        return Json.parse(bytes, file + ": " + entryName);
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only reading happened: nothing is lost
        }
    }

    private interface EntryReader<T> {
        T read(InputStream in) throws IOException;
    }

    private <T> T readEntry(String entryName, EntryReader<T> reader) {
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new BadInputException(file + ": has no entry " + entryName + " (it holds " + entryList() + ")");
        }
        try (InputStream raw = zip.getInputStream(entry)) {
            java.util.zip.CheckedInputStream in = new java.util.zip.CheckedInputStream(raw, new java.util.zip.CRC32());
            T value = reader.read(in);
            if (in.read() != -1) {
                if (entryName.endsWith(".npy")) {
                    throw new BadInputException(file + ": " + entryName + " is damaged: more bytes follow its data");
                }
                return value;                     // a JSON entry cut at its size limit: Json.parse says so
            }
            if (entry.getCrc() >= 0 && in.getChecksum().getValue() != entry.getCrc()) {
                throw new BadInputException(file + ": " + entryName + " is damaged: its CRC-32 does not match the one "
                        + "stored with it (the file was changed after it was written)");
            }
            return value;
        } catch (IOException e) {
            throw new BadInputException(file + ": " + entryName + " is damaged: " + e.getMessage(), e);
        }
    }

    private String entryList() {
        String list = String.join(", ", zip.stream().map(ZipEntry::getName).limit(20).toList());
        return list.isEmpty() ? "no entries" : zip.size() > 20 ? list + ", ..." : list;
    }
}
