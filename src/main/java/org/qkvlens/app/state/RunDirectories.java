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
 * Where the app's runs keep their snapshots and checkpoints: each run streams into a run directory of its own (named
 * by start time and preset), so the heap holds labels, not vectors, and a run outlives the app. They are kept in the
 * runs folder: {@code -Dqkvlens.runs=DIR}, else the folder chosen in the Runs window (remembered), else the
 * platform's place for application data ({@link #platformFolder}). {@code -Dqkvlens.runs=temp} keeps nothing:
 * each run goes to a temporary directory that is deleted once its run has stopped and another run or file has replaced
 * it on screen, and when the app quits (the tests' setting). Leaves out listing and deleting runs ({@link RunsModel}).
 */
public final class RunDirectories {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String PREFERENCE = "runsFolder";

    private volatile Path keepIn;
    private final boolean fixed;
    private final java.util.Set<Path> temporary = new java.util.LinkedHashSet<>();
    private boolean hooked;

    /** Runs kept in {@code keepIn}; null: temporary runs. */
    public RunDirectories(Path keepIn) {
        this(keepIn, true);
    }

    private RunDirectories(Path keepIn, boolean fixed) {
        this.keepIn = keepIn;
        this.fixed = fixed;
    }

    public static RunDirectories fromSystemProperties() {
        String dir = System.getProperty("qkvlens.runs");
        if ("temp".equals(dir)) return new RunDirectories(null);
        if (dir != null && !dir.isBlank()) return new RunDirectories(Path.of(dir));
        String chosen = preferences().get(PREFERENCE, null);
        return new RunDirectories(chosen != null ? Path.of(chosen) : platformFolder(), false);
    }

    /**
     * Where application data goes on this platform: {@code $XDG_DATA_HOME/qkv-lens/runs} (default
     * {@code ~/.local/share}) on Linux, {@code %LOCALAPPDATA%\QKV Lens\runs} on Windows,
     * {@code ~/Library/Application Support/QKV Lens/runs} on macOS.
     */
    public static Path platformFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local != null ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve("QKV Lens").resolve("runs");
        }
        if (os.contains("mac")) return home.resolve("Library").resolve("Application Support").resolve("QKV Lens").resolve("runs");
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share")).resolve("qkv-lens").resolve("runs");
    }

    private static java.util.prefs.Preferences preferences() {
        return java.util.prefs.Preferences.userNodeForPackage(RunDirectories.class);
    }

    /** The folder runs are kept in; null when runs are temporary. */
    public Path folder() {
        return keepIn;
    }

    /** Whether the user may choose another folder (not when {@code -Dqkvlens.runs} decides it). */
    public boolean canChooseFolder() {
        return !fixed;
    }

    /** Keeps the next runs in {@code dir} and remembers it for the next start. */
    public void chooseFolder(Path dir) {
        if (fixed) throw new IllegalStateException("the runs folder is set by -Dqkvlens.runs");
        keepIn = dir;
        preferences().put(PREFERENCE, dir.toAbsolutePath().toString());
    }

    /** Background: gives {@code session} a new run directory. */
    public synchronized Path attach(TrainingSession session) throws IOException {
        Path dir;
        Path keepIn = this.keepIn;
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
