package org.qkvlens.app.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;
import org.qkvlens.session.RunRecipe;
import org.qkvlens.store.RunActivity;
import org.qkvlens.store.RunStore;
import org.qkvlens.store.StoreLayout;
import org.qkvlens.store.TrainingCheckpoint;

/**
 * The view-model of the Runs window: the run directories in the runs folder with how far each got, how its training
 * ended (finished, stopped, interrupted, training now), whether the app can continue it and its size on disk; the
 * commands refresh, continue, open and delete. Scanning and deleting run on {@link Background}. Leaves out where runs
 * are made ({@link RunDirectories}) and training itself ({@link RunModel}).
 */
public final class RunsModel {
    /** One run directory as the list shows it. */
    public record Entry(Path dir, String preset, String corpus, int epochsDone, int stepsInto, int epochs,
                        RunActivity.Status status, boolean continuable, long bytes, Instant modified) {
        public String name() {
            return dir.getFileName().toString();
        }

        /** What became of its training, in words. */
        public String state() {
            if (status.inUse()) return "training now";
            return switch (status.ended()) {
                case FINISHED -> epochsDone >= epochs ? "finished" : "stopped";
                case STOPPED -> "stopped";
                case FAILED -> "failed";
                case TRAINING -> "interrupted";
                case UNKNOWN -> epochsDone >= epochs && epochs > 0 ? "finished" : "unfinished";
            };
        }

        /** Epochs done, and the steps into the next one its checkpoint holds. */
        public String progress() {
            return epochsDone + (stepsInto > 0 ? " + " + stepsInto + (stepsInto == 1 ? " step" : " steps") : "") + " / " + epochs;
        }

        /** Whether training can go on: a recipe, nobody training it. */
        public boolean canContinue() {
            return continuable && !status.inUse();
        }
    }

    private final Background background;
    private final RunModel run;
    private final ObservableList<Entry> runs = FXCollections.observableArrayList();
    private final ObservableList<Entry> runsView = FXCollections.unmodifiableObservableList(runs);
    private final ReadOnlyLongWrapper totalBytes = new ReadOnlyLongWrapper(this, "totalBytes");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");

    public RunsModel(Background background, RunModel run) {
        this.background = background;
        this.run = run;
        folder.set(run.runDirectories().folder());
    }

    public ObservableList<Entry> runs() {
        return runsView;
    }

    public ReadOnlyLongProperty totalBytesProperty() {
        return totalBytes.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The runs folder; null when runs are temporary ({@code -Dqkvlens.runs=temp}). */
    public ReadOnlyObjectProperty<Path> folderProperty() {
        return folder.getReadOnlyProperty();
    }

    public boolean canChooseFolder() {
        return run.runDirectories().canChooseFolder();
    }

    /** Keeps the next runs in {@code dir} (remembered) and lists the runs there. */
    public void chooseFolder(Path dir) {
        run.runDirectories().chooseFolder(dir);
        folder.set(dir);
        refresh(x -> { });
    }

    /** Scans the runs folder again; {@code then} gets the list (FX thread). */
    public void refresh(Consumer<List<Entry>> then) {
        Path dir = folder.get();
        if (dir == null) {
            runs.clear();
            totalBytes.set(0);
            then.accept(List.of());
            return;
        }
        message.set("reading " + dir + "…");
        background.run(() -> scan(dir), list -> {
            runs.setAll(list);
            totalBytes.set(list.stream().mapToLong(Entry::bytes).sum());
            message.set(list.size() + (list.size() == 1 ? " run" : " runs") + " in " + dir);
            then.accept(list);
        }, t -> {
            message.set(dir + ": " + t.getMessage());
            then.accept(List.of());                        // the app still starts (its default run waits for this)
        });
    }

    /** Reads the entry of run directory {@code dir} in the background and hands it to {@code then} (FX thread). */
    public void describe(Path dir, Consumer<Entry> then) {
        background.run(() -> entry(dir), then, t -> message.set(t.getMessage()));
    }

    /** The runs of {@code list} whose training was interrupted and that the app can continue. */
    public static List<Entry> interrupted(List<Entry> list) {
        return list.stream().filter(e -> e.status().interrupted() && e.canContinue()).toList();
    }

    /** Goes on training {@code e} up to {@code epochs} epochs (the run's own number, or more). */
    public void continueRun(Entry e, int epochs) {
        run.continueRun(e.dir(), epochs);
    }

    /** Shows {@code e}'s snapshots (no training). */
    public void open(Entry e) {
        run.openSnapshots(e.dir());
    }

    /** Deletes the run directories of {@code entries} (not one being trained, not the one on screen), then lists again. */
    public void delete(List<Entry> entries) {
        List<Path> dirs = entries.stream().map(Entry::dir).toList();
        Path shown = run.shownRunDirectory();
        message.set("deleting " + dirs.size() + (dirs.size() == 1 ? " run" : " runs") + "…");
        background.run(() -> {
            List<String> kept = new ArrayList<>();
            int deleted = 0;
            for (Path d : dirs) {
                if (sameDirectory(d, shown)) {
                    kept.add(d.getFileName() + " (on screen)");
                    continue;
                }
                try {
                    RunStore.deleteRun(d);                 // holding its lock: nobody starts training into it meanwhile
                    deleted++;
                } catch (BadInputException busy) {
                    kept.add(d.getFileName() + " (training now)");
                }
            }
            return "deleted " + deleted + (deleted == 1 ? " run" : " runs") + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept));
        }, text -> refresh(x -> message.set(text)), t -> {
            message.set("could not delete: " + t.getMessage());
            refresh(x -> { });
        });
    }

    private static boolean sameDirectory(Path a, Path b) {
        if (b == null) return false;
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /** Background: the run directories under {@code folder}, newest first; a directory that is no run is left out. */
    public static List<Entry> scan(Path folder) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(folder)) {
            for (Path d : all) {
                if (!RunStore.isRunDirectory(d)) continue;
                try {
                    out.add(entry(d));
                } catch (IOException | RuntimeException unreadable) {
                    // a run that cannot be read is left out of the list; File → Open run directory says why
                }
            }
        }
        out.sort(Comparator.comparing(Entry::modified).reversed());
        return out;
    }

    private static Entry entry(Path d) throws IOException {
        String preset = "?", corpus = "?";
        int epochs = 0, done = 0;
        try {
            JsonObject h = JsonObject.of(Json.parseFile(d.resolve(StoreLayout.RUN_JSON)), d.resolve(StoreLayout.RUN_JSON).toString());
            JsonObject config = h.getObject("config");
            preset = config.getString("preset", "?");
            corpus = config.getString("corpus", "?");
            epochs = config.getObject("training").getInt("epochs");
        } catch (BadInputException unreadable) {
            // listed with what is known; opening it says what is wrong
        }
        boolean continuable = RunRecipe.isIn(d);
        if (continuable) {
            try {
                JsonObject recipe = JsonObject.of(Json.parseFile(d.resolve(RunRecipe.FILE)), RunRecipe.FILE);
                JsonObject request = recipe.getObject("request");
                if (request.hasValue("epochs")) epochs = request.getInt("epochs");
            } catch (BadInputException unreadable) {
                continuable = false;
            }
        }
        int stepsInto = 0;
        try {
            TrainingCheckpoint.Progress p = TrainingCheckpoint.latestProgress(d);
            done = p == null ? lossLines(d) : p.epoch();    // a run from before checkpoints: its epochs' loss lines
            stepsInto = p == null ? 0 : p.stepInEpoch();
        } catch (BadInputException damaged) {
            done = lossLines(d);
        }
        return new Entry(d, preset, corpus, done, stepsInto, epochs, RunActivity.status(d), continuable,
                RunStore.bytesOnDisk(d), lastWritten(d));
    }

    private static int lossLines(Path d) throws IOException {
        Path f = d.resolve(StoreLayout.LOSSES);
        if (!Files.isRegularFile(f)) return 0;
        try (var lines = Files.lines(f)) {
            return (int) lines.filter(l -> !l.isBlank()).count();
        } catch (java.io.UncheckedIOException e) {
            return 0;                                     // not text: opening the run says what is wrong
        }
    }

    /** When training last wrote to the run: the newest of its state, losses, checkpoints and start. */
    private static Instant lastWritten(Path d) throws IOException {
        Instant last = Files.getLastModifiedTime(d).toInstant();
        for (String f : List.of(RunActivity.STATE, StoreLayout.LOSSES, TrainingCheckpoint.DIR, StoreLayout.SNAPSHOTS)) {
            Path p = d.resolve(f);
            if (Files.exists(p)) {
                Instant t = Files.getLastModifiedTime(p).toInstant();
                if (t.isAfter(last)) last = t;
            }
        }
        return last;
    }
}
