package org.qkvlens.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.AtomicFiles;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;
import org.qkvlens.probe.Snapshot;

/**
 * A run directory's snapshot store (layout in {@link StoreLayout}): {@code run.json} written once when the run
 * starts, then snapshots appended as they arrive ({@link #begin}) and epoch losses appended to
 * {@code losses.jsonl}; nothing is rewritten. {@link #snapshots} reads back what is committed, arrays memory-mapped.
 * {@link #checkpoint} and {@link #truncateAfter} serve resuming. Leaves out what the header holds (the session decides).
 */
public final class RunStore {
    public static final String FORMAT = "qkv-lens-run";
    public static final String SNAPSHOT_FORMAT = "qkv-lens-snapshot";
    public static final int VERSION = 1;

    private final Path dir;
    private final JsonObject header;
    private final TensorCache cache;
    private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "run-store");
        t.setDaemon(true);
        return t;
    });
    private volatile IOException syncFailure;
    private volatile long streamAbove = SnapshotSink.IN_MEMORY_BYTES;
    private final java.util.concurrent.atomic.AtomicLong writingNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.Semaphore pendingBytes = new java.util.concurrent.Semaphore(PENDING_LIMIT);
    /** Bytes of held snapshots waiting to be written at most; a snapshot pass waits when the disk is this far behind. */
    private static final int PENDING_LIMIT = 64 << 20;

    private RunStore(Path dir, JsonObject header, TensorCache cache) {
        this.dir = dir;
        this.header = header;
        this.cache = cache;
    }

    /**
     * Starts a run directory at {@code dir}, which must not exist or be empty; {@code header} is written to
     * {@code run.json} with the format and version added.
     */
    public static RunStore create(Path dir, Map<String, Object> header, TensorCache cache) {
        try {
            if (!isNewPlace(dir)) {
                throw new BadInputException(dir + ": exists and is not an empty directory; a run directory needs a new place");
            }
            Files.createDirectories(dir.resolve(StoreLayout.SNAPSHOTS));
            java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("format", FORMAT);
            m.put("version", VERSION);
            m.putAll(header);
            String json = Json.writePretty(m);
            AtomicFiles.write(dir.resolve(StoreLayout.RUN_JSON), temp -> Files.writeString(temp, json, StandardCharsets.UTF_8));
            syncDirectory(dir);
            return new RunStore(dir, JsonObject.of(Json.parse(json, dir.resolve(StoreLayout.RUN_JSON).toString()),
                    dir.resolve(StoreLayout.RUN_JSON).toString()), cache);
        } catch (IOException e) {
            throw new BadInputException(dir + ": could not create the run directory: " + e.getMessage(), e);
        }
    }

    /** Opens an existing run directory; a missing or foreign {@code run.json} is a {@link BadInputException}. */
    public static RunStore open(Path dir, TensorCache cache) {
        Path file = dir.resolve(StoreLayout.RUN_JSON);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(dir + ": not a QKV Lens run directory (no " + StoreLayout.RUN_JSON + " inside)");
        }
        JsonObject m = JsonObject.of(Json.parseFile(file), file.toString());
        if (!FORMAT.equals(m.getString("format", null))) {
            throw new BadInputException(file + ": not a QKV Lens run (format is not \"" + FORMAT + "\")");
        }
        if (m.getInt("version") > VERSION) {
            throw new BadInputException(file + ": run format version " + m.getInt("version") + " is newer than this QKV Lens reads ("
                    + VERSION + "); update QKV Lens");
        }
        return new RunStore(dir, m, cache);
    }

    /** Whether {@code dir} looks like a run directory (holds a {@code run.json}). */
    public static boolean isRunDirectory(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(StoreLayout.RUN_JSON));
    }

    public Path dir() {
        return dir;
    }

    public JsonObject header() {
        return header;
    }

    public TensorCache cache() {
        return cache;
    }

    /**
     * Starts writing a snapshot. Attention rows are {@code srcWidth} (keys over source tokens) or {@code decWidth}
     * (over decoder positions) wide: at least the most tokens any probe has on that side.
     */
    public SnapshotWriter begin(int epoch, long step, boolean endOfEpoch, double trainLoss, double validLoss,
                                int srcWidth, int decWidth) {
        return begin(new SnapshotHeader(epoch, step, endOfEpoch, trainLoss, validLoss, srcWidth, decWidth));
    }

    SnapshotWriter begin(SnapshotHeader header) {
        try {
            return new SnapshotWriter(this, header);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": could not start a snapshot: " + e.getMessage(), e);
        }
    }

    void countWriting(long nanos) {
        writingNanos.addAndGet(nanos);
    }

    /**
     * Seconds spent writing snapshots into the files so far, on whichever thread wrote them (the training thread for
     * streamed snapshots, the store's own for small ones).
     */
    public double writingSeconds() {
        return writingNanos.get() / 1e9;
    }

    /** A sink for one snapshot's captures (see {@link SnapshotSink}); widths as for {@link #begin}. */
    public SnapshotSink sink(int epoch, long step, boolean endOfEpoch, double trainLoss, double validLoss,
                             int srcWidth, int decWidth) {
        return new SnapshotSink(this, new SnapshotHeader(epoch, step, endOfEpoch, trainLoss, validLoss, srcWidth, decWidth),
                streamAbove);
    }

    /** Snapshots larger than {@code bytes} stream into the files as captured (default {@link SnapshotSink#IN_MEMORY_BYTES}). */
    public RunStore streamAbove(long bytes) {
        this.streamAbove = bytes;
        return this;
    }

    /** Runs {@code write} on the store's thread, in order; waits while more than the limit of held bytes is queued. */
    void writeLater(long bytes, Runnable write) {
        int permits = (int) Math.min(PENDING_LIMIT, Math.max(1, bytes));
        pendingBytes.acquireUninterruptibly(permits);
        worker.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                syncFailure = new IOException(e.getMessage(), e);
            } finally {
                pendingBytes.release(permits);
            }
        });
    }

    /** Every committed snapshot, in the order they were taken (by step, then epoch). */
    public List<Snapshot> snapshots() {
        List<Snapshot> out = new ArrayList<>();
        Path snaps = dir.resolve(StoreLayout.SNAPSHOTS);
        if (!Files.isDirectory(snaps)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(snaps)) {
            for (Path p : ds) {
                if (p.getFileName().toString().startsWith(".") || !Files.isDirectory(p)) continue;
                out.add(StoredSnapshot.read(p, cache));
            }
        } catch (IOException e) {
            throw new BadInputException(snaps + ": could not list: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(Snapshot::step).thenComparingInt(Snapshot::epoch));
        return out;
    }

    /** Forces every file under {@code dir} and the directory entries to disk, on the store's own thread, in order. */
    void syncLater(Path dir) {
        if (!fsync()) return;
        worker.execute(() -> {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.toList()) {
                    if (Files.isRegularFile(p)) {
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                            ch.force(true);
                        }
                    }
                }
                syncDirectory(dir);
                syncDirectory(dir.getParent());
            } catch (IOException | UncheckedIOException e) {
                // a temporary run directory deleted meanwhile (the app closed the run) has nothing left to sync
                if (Files.exists(dir)) syncFailure = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            }
        });
    }

    /** Waits until every snapshot handed over so far is written and on the disk; a failure to do so is reported here. */
    public void awaitSync() throws IOException {
        java.util.concurrent.Future<?> done = worker.submit(() -> { });
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        if (syncFailure != null) throw new IOException(dir + ": could not write or force to disk a snapshot or checkpoint: " + syncFailure.getMessage(), syncFailure);
    }

    /**
     * Before a run goes on from its checkpoint after {@code epoch} whole epochs at global step {@code step}, or from the
     * start ({@code fromStart}): deletes the snapshots taken after it (from the start, the untrained one too),
     * unfinished snapshot and checkpoint directories and hidden temporary files a kill left behind, and the loss lines
     * of later epochs. The run then writes them again, the same as before. The one place anything is removed.
     */
    public void truncateAfter(int epoch, long step, boolean fromStart) {
        Path snaps = dir.resolve(StoreLayout.SNAPSHOTS);
        try {
            Files.createDirectories(snaps);
            try (DirectoryStream<Path> all = Files.newDirectoryStream(snaps)) {
                for (Path p : all) {
                    String n = p.getFileName().toString();
                    java.util.regex.Matcher m = StoreLayout.SNAPSHOT_DIR.matcher(n);
                    boolean later = m.matches() && (fromStart || (m.group(2) == null ? Integer.parseInt(m.group(1)) > epoch
                            : Long.parseLong(m.group(2)) > step));
                    if (later || n.startsWith(".")) deleteTree(p);
                }
            }
            for (Path d : List.of(dir, dir.resolve(TrainingCheckpoint.DIR))) {   // what a kill left half-written
                if (!Files.isDirectory(d)) continue;
                try (DirectoryStream<Path> all = Files.newDirectoryStream(d, ".*")) {
                    for (Path p : all) deleteTree(p);
                }
            }
            List<JsonObject> kept = losses().stream().filter(l -> l.getInt("epoch") <= epoch).toList();
            StringBuilder text = new StringBuilder();
            for (JsonObject l : kept) text.append(Json.write(l.toMap())).append('\n');
            AtomicFiles.write(dir.resolve(StoreLayout.LOSSES), temp -> Files.writeString(temp, text, StandardCharsets.UTF_8));
            syncDirectory(snaps);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new BadInputException(dir + ": could not prepare the run to go on: " + e.getMessage(), e);
        }
    }

    /** Whether the snapshot of {@code epoch} (1-based during it) at {@code step} is committed. */
    public boolean hasSnapshot(int epoch, long step, boolean endOfEpoch) {
        return Files.isDirectory(dir.resolve(StoreLayout.SNAPSHOTS).resolve(StoreLayout.snapshotDir(epoch, step, endOfEpoch)));
    }

    /**
     * Writes checkpoint {@code c} into this run directory (see {@link TrainingCheckpoint}) on the store's thread, after
     * every snapshot handed over before it: a checkpoint on disk means the snapshots it follows are there too, so a
     * kill never leaves a run whose resume would skip them. Copies the arrays (training goes on changing them); a
     * failure to write an earlier snapshot or checkpoint is thrown here, the next time one is handed over.
     */
    public void checkpoint(TrainingCheckpoint c) {
        IOException failed = syncFailure;
        if (failed != null) throw new UncheckedIOException(dir + ": " + failed.getMessage(), failed);
        TrainingCheckpoint copy = new TrainingCheckpoint(c.epoch(), c.globalStep(), c.adamSteps(), c.stepInEpoch(),
                c.epochLossSum(), c.epochTokens(), c.params().clone(), c.firstMoments().clone(), c.secondMoments().clone());
        boolean fsync = fsync();
        writeLater(12L * c.params().length, () -> copy.write(dir, fsync));
    }

    /** Whether files are forced to the disk ({@code -Dqkvlens.fsync=false} skips it). */
    private static boolean fsync() {
        return !"false".equals(System.getProperty("qkvlens.fsync"));
    }

    /** Appends one line to {@code losses.jsonl} and forces it to disk. */
    public void appendLoss(Map<String, Object> line) {
        byte[] bytes = (Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(dir.resolve(StoreLayout.LOSSES), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": could not append to " + StoreLayout.LOSSES + ": " + e.getMessage(), e);
        }
    }

    /** The lines of {@code losses.jsonl}; a torn last line (the process died while appending) is left out. */
    public List<JsonObject> losses() {
        Path file = dir.resolve(StoreLayout.LOSSES);
        List<JsonObject> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new BadInputException(file + ": could not read: " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                out.add(JsonObject.of(Json.parse(line, file + ":" + (i + 1)), file + ":" + (i + 1)));
            } catch (BadInputException e) {
                if (i < lines.size() - 1) throw e;
            }
        }
        return out;
    }

    /**
     * Deletes the run directory {@code dir} while holding its training lock, so no one can start training into it
     * meanwhile; refused with a message (nothing deleted) when a process trains it. The lock file goes last.
     */
    public static void deleteRun(Path dir) throws IOException {
        try (RunActivity held = RunActivity.claim(dir); DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                if (!p.getFileName().toString().equals(RunActivity.LOCK)) deleteTree(p);
            }
        }
        deleteTree(dir);
    }

    /** Bytes of every file under the run directory. */
    public long bytesOnDisk() {
        return bytesOnDisk(dir);
    }

    /** Bytes of every file under {@code dir}; 0 for what cannot be read. */
    public static long bytesOnDisk(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether a run directory can be made at {@code dir}: nothing is there, or an empty directory. */
    public static boolean isNewPlace(Path dir) throws IOException {
        if (!Files.exists(dir)) return true;
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Forces a directory's entries (new or renamed files) to disk, where the file system allows it. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems do not open directories; the rename is still atomic
        }
    }

    /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
