package org.qkvlens.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check every reader makes before opening a file the user named: it exists, is not a directory, and is a regular
 * file (following links) — not a device such as /dev/zero that never ends, nor a FIFO that blocks until someone
 * writes. Each failure is a {@link BadInputException} naming the file. Leaves out permissions (opening tells) and sizes
 * (each format checks its own).
 */
public final class RegularFile {
    private RegularFile() {
    }

    /** Returns {@code file} when it can be read as a regular file; otherwise one message naming it. */
    public static Path check(Path file) {
        if (!Files.exists(file)) throw new BadInputException(file + ": no such file");
        if (Files.isDirectory(file)) throw new BadInputException(file + " is a directory, not a file");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": not a regular file (a device, a FIFO or a socket): give a file");
        }
        return file;
    }
}
