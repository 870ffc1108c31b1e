package org.qkvlens.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.AtomicFiles;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;

/**
 * Who is training a run directory, and how its last training ended: a process that trains a run holds an exclusive
 * lock on {@code train.lock} (the operating system drops it when the process dies, kill -9 included) and keeps
 * {@code state.json} saying {@code training}, then {@code finished}, {@code stopped} or {@code failed}. A run whose
 * state says {@code training} while nobody holds the lock was interrupted. Leaves out what the run holds.
 */
public final class RunActivity implements AutoCloseable {
    public static final String LOCK = "train.lock";
    public static final String STATE = "state.json";

    /** How a run's last training ended, as {@code state.json} says. */
    public enum Ended { TRAINING, FINISHED, STOPPED, FAILED, UNKNOWN }

    /** What the directory says and whether a process trains it now. */
    public record Status(Ended ended, boolean inUse) {
        /** Training had started and its process is gone without saying how it ended. */
        public boolean interrupted() {
            return ended == Ended.TRAINING && !inUse;
        }
    }

    /**
     * Run directories this process trains, guarded by {@code HELD} itself. Checked before the lock file is opened at
     * all, and claiming, letting go and looking happen one at a time: on Linux, closing any descriptor of a file drops
     * every lock the process holds on it, so this process must never open the lock file of a run it trains a second time.
     */
    private static final java.util.Set<Path> HELD = new java.util.HashSet<>();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;                            // guarded by HELD

    private RunActivity(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the run directory {@code dir} for training; refused with a message when another process (or session) has it. */
    public static RunActivity claim(Path dir) {
        Path key = key(dir);
        synchronized (HELD) {
            if (HELD.contains(key)) throw busy(dir);
            FileChannel ch = null;
            try {
                ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock l = ch.tryLock();
                if (l == null) {
                    ch.close();
                    throw busy(dir);
                }
                HELD.add(key);
                return new RunActivity(key, ch, l);
            } catch (IOException | OverlappingFileLockException e) {
                closeQuietly(ch);
                throw new BadInputException(dir + ": could not take the run for training: " + e.getMessage(), e);
            }
        }
    }

    /** Records how training stands now ({@code state.json}, replaced atomically). */
    public void mark(Ended ended) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", ended.name().toLowerCase(Locale.ROOT));
        m.put("updated", Instant.now().toString());
        String json = Json.writePretty(m);
        try {
            AtomicFiles.write(dir.resolve(STATE), temp -> Files.writeString(temp, json));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(dir + ": could not write " + STATE + ": " + e.getMessage(), e);
        }
    }

    /** Lets go of the run (the lock file stays; holding its lock is what counts); again, nothing. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) return;
            closed = true;
            try {
                if (lock.isValid()) lock.release();
            } catch (IOException e) {
                // closing the channel below releases it too
            }
            closeQuietly(channel);
            HELD.remove(dir);
        }
    }

    private static BadInputException busy(Path dir) {
        return new BadInputException(dir + ": is being trained now by another QKV Lens window or process; stop that one first");
    }

    private static Path key(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** How {@code dir}'s last training ended and whether someone trains it now (cheap: one small file, one lock try). */
    public static Status status(Path dir) {
        Ended ended = Ended.UNKNOWN;
        Path state = dir.resolve(STATE);
        if (Files.isRegularFile(state)) {
            try {
                JsonObject m = JsonObject.of(Json.parseFile(state), state.toString());
                ended = Ended.valueOf(m.getString("state").toUpperCase(Locale.ROOT));
            } catch (RuntimeException unreadable) {
                ended = Ended.UNKNOWN;
            }
        }
        return new Status(ended, inUse(dir));
    }

    private static boolean inUse(Path dir) {
        Path lockFile = dir.resolve(LOCK);
        synchronized (HELD) {
            if (HELD.contains(key(dir))) return true;
            if (!Files.isRegularFile(lockFile)) return false;
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock l = ch.tryLock();
                if (l == null) return true;
                l.release();
                return false;
            } catch (OverlappingFileLockException e) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }
}
