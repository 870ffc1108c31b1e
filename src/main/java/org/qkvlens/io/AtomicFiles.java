package org.qkvlens.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writing a file so that a crash never leaves half of it at the target path: write a hidden sibling, then move it into
 * place. The sibling gets ordinary permissions ({@code Files.createTempFile} would make it, and so the result,
 * owner-only). Leaves out fsync.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** A new, unused hidden path beside {@code target}, e.g. {@code .run.npz.k3j2.tmp}. */
    public static Path sibling(Path target) {
        Path t = target.toAbsolutePath();
        String unique = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        return t.resolveSibling("." + t.getFileName() + "." + unique + ".tmp");
    }

    /** What writes a file's bytes to the path it is given (the hidden sibling). */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temp) throws IOException;
    }

    /**
     * Writes {@code target} through a hidden sibling moved into place; on any failure the sibling is deleted and the
     * target is left as it was.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path tmp = sibling(target);
        try {
            writer.writeTo(tmp);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Moves {@code temp} over {@code target}, atomically where the file system can. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
