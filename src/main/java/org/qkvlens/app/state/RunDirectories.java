package org.qkvlens.app.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.qkvlens.session.TrainingSession;
import org.qkvlens.store.RunStore;
import org.qkvlens.store.TensorCache;

/**
 * Where the app's runs keep their snapshots: each run streams into a run directory of its own, so the heap holds
 * labels, not vectors. With {@code -Dqkvlens.runs=DIR} the directories are kept there (named by start time and
 * preset) and File → Open run directory opens them again; without, they go to a temporary directory that is deleted
 * once its run has stopped and another run or file has replaced it on screen, and when the app quits. Leaves out
 * listing, continuing and deleting old runs (the durable-runs issue).
 */
public final class RunDirectories {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path keepIn;
    private final java.util.Set<Path> temporary = new java.util.LinkedHashSet<>();
    private boolean hooked;

    public RunDirectories(Path keepIn) {
        this.keepIn = keepIn;
    }

    public static RunDirectories fromSystemProperties() {
        String dir = System.getProperty("qkvlens.runs");
        return new RunDirectories(dir == null || dir.isBlank() ? null : Path.of(dir));
    }

    /** Background: gives {@code session} a new run directory. */
    public synchronized Path attach(TrainingSession session) throws IOException {
        Path dir;
        if (keepIn != null) {
            Files.createDirectories(keepIn);
            String base = LocalDateTime.now().format(NAME) + "-" + session.setup().preset();
            dir = keepIn.resolve(base);
            for (int i = 2; Files.exists(dir); i++) dir = keepIn.resolve(base + "-" + i);
        } else {
            dir = Files.createTempDirectory("qkv-lens-run-");
            temporary.add(dir);
            if (!hooked) {                          // also when the process ends without the window closing
                Runtime.getRuntime().addShutdownHook(new Thread(this::deleteTemporary, "qkv-lens-delete-run"));
                hooked = true;
            }
        }
        session.storeIn(dir, TensorCache.shared());
        return dir;
    }

    /** Deletes {@code dir} if it is one of the temporary run directories (its session closed, its views gone). */
    public synchronized void release(Path dir) {
        if (dir != null && temporary.remove(dir)) delete(dir);
    }

    /** Deletes every temporary run directory (at shutdown, once training has stopped). */
    public synchronized void deleteTemporary() {
        for (Path dir : temporary) delete(dir);
        temporary.clear();
    }

    private static void delete(Path dir) {
        try {
            RunStore.deleteTree(dir);
        } catch (IOException e) {
            // a leftover temporary directory is harmless; the system's temp cleaning takes it
        }
    }
}
