package org.qkvlens.app.state;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.Dataset;
import org.qkvlens.data.TextPair;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.data.Vocab;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Preset;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.engine.Trainer;
import org.qkvlens.interop.ModelDirectory;
import org.qkvlens.interop.ModelImport;
import org.qkvlens.probe.Probe;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.session.ProbeSet;
import org.qkvlens.session.RunDirectory;
import org.qkvlens.session.RunRecipe;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.RunRequest;
import org.qkvlens.session.RunSetup;
import org.qkvlens.session.SnapshotFile;
import org.qkvlens.session.TrainingSession;
import org.qkvlens.store.TensorCache;

/**
 * The view-model of a training run: the set-up the user edits (corpus, preset and its fields, seed, epochs, the
 * probe sentences), the commands (start, pause, resume, stop, open and save snapshot files) and the read-only status
 * (state, epoch, step, loss, tokens/s). Training runs on the session's own thread and never waits for the UI: its
 * callbacks only store the latest progress and ask for a frame, in which {@link #poll()} publishes it. Snapshots and losses flow
 * into {@link LiveRun}. Reading corpora and files happens on {@link Background}. FX thread only, except where noted.
 */
public final class RunModel {

    public enum Status { IDLE, LOADING, RUNNING, PAUSED, FINISHED, STOPPED, FAILED, VIEWING_FILE }

    private final Background background;
    private final RunDirectories runDirectories = RunDirectories.fromSystemProperties();
    /** Run directories of stopped sessions, each known once its session has closed (FX thread). */
    private final List<java.util.concurrent.CompletableFuture<java.nio.file.Path>> stopped = new ArrayList<>();
    private final LiveRun live;
    private final Runnable changed;

    // set-up
    private final ObjectProperty<CorpusChoice> corpus = new SimpleObjectProperty<>(this, "corpus");
    private final ObjectProperty<Preset> preset = new SimpleObjectProperty<>(this, "preset", Preset.ARTICLE);
    private final IntegerProperty hidDim = new SimpleIntegerProperty(this, "hidDim");
    private final IntegerProperty layers = new SimpleIntegerProperty(this, "layers");
    private final IntegerProperty heads = new SimpleIntegerProperty(this, "heads");
    private final IntegerProperty pfDim = new SimpleIntegerProperty(this, "pfDim");
    private final DoubleProperty dropout = new SimpleDoubleProperty(this, "dropout");
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize");
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs");
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate");
    private final IntegerProperty seed = new SimpleIntegerProperty(this, "seed", 1234);
    /** Training threads: all cores but one, so the window stays smooth while the model trains. */
    private final IntegerProperty threads = new SimpleIntegerProperty(this, "threads", Math.max(1, TrainConfig.defaultThreads() - 1));
    private final IntegerProperty maxDecode = new SimpleIntegerProperty(this, "maxDecode");
    private final BooleanProperty spacesTokenizer = new SimpleBooleanProperty(this, "spacesTokenizer", false);
    private final ObservableList<String> probeLines = FXCollections.observableArrayList();
    /** Many probes besides the typed ones (null: typed only); a set that cannot be had is reported, training goes on. */
    private final ObjectProperty<ProbeSet> probeSet = new SimpleObjectProperty<>(this, "probeSet");
    private final ObjectProperty<CaptureFilter> capture = new SimpleObjectProperty<>(this, "capture", CaptureFilter.ALL);
    private final ObservableList<ProbeStatus> probeStatus = FXCollections.observableArrayList();
    private final ObservableList<ProbeStatus> probeStatusView = FXCollections.unmodifiableObservableList(probeStatus);

    // status
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", Status.IDLE);
    private final ReadOnlyIntegerWrapper epoch = new ReadOnlyIntegerWrapper(this, "epoch");
    private final ReadOnlyIntegerWrapper totalEpochs = new ReadOnlyIntegerWrapper(this, "totalEpochs");
    private final ReadOnlyIntegerWrapper step = new ReadOnlyIntegerWrapper(this, "step");
    private final ReadOnlyIntegerWrapper stepsInEpoch = new ReadOnlyIntegerWrapper(this, "stepsInEpoch");
    private final ReadOnlyDoubleWrapper loss = new ReadOnlyDoubleWrapper(this, "loss", Double.NaN);
    private final ReadOnlyDoubleWrapper tokensPerSecond = new ReadOnlyDoubleWrapper(this, "tokensPerSecond");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    private final AtomicReference<Trainer.StepProgress> latestStep = new AtomicReference<>();
    private final AtomicReference<TrainingSession.State> latestState = new AtomicReference<>();
    private volatile Throwable latestFailure;
    private TrainingSession session;
    private RunRecord loadedRun;       // the file on screen, when viewing one
    private Path shownDir;             // the run directory on screen (training or opened), if any
    private ProbeCheck check;          // the vocabulary probes are checked against (FX thread)

    /** What a probe line is checked against: the vocabularies and tokenizer of the corpus chosen, or of the file opened. */
    private record ProbeCheck(Vocab src, Vocab trg, TokenizerKind tokenizer) {
        static ProbeCheck of(Dataset d) {
            return new ProbeCheck(d.srcVocab(), d.trgVocab(), d.tokenizer());
        }

        /** The opened run's own vocabularies; null when its file does not say enough to check against. */
        static ProbeCheck of(RunRecord run) {
            if (run.srcItos().isEmpty() || run.trgItos().isEmpty()) return null;
            try {
                Object t = run.config().get("tokenizer");
                TokenizerKind kind = t == null ? TokenizerKind.WORDS : TokenizerKind.valueOf(t.toString().toUpperCase(java.util.Locale.ROOT));
                return new ProbeCheck(Vocab.of(run.srcItos(), "src_itos"), Vocab.of(run.trgItos(), "trg_itos"), kind);
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
    private Trainer.StepProgress shownStep;

    /** A run model whose training progress waits for whoever calls {@link #poll()} (tests, headless use). */
    public RunModel(Background background, LiveRun live) {
        this(background, live, () -> { });
    }

    /** {@code changed} runs on the training thread after each progress or state change (the app's frame request). */
    public RunModel(Background background, LiveRun live, Runnable changed) {
        this.background = background;
        this.live = live;
        this.changed = changed;
        applyPreset(Preset.ARTICLE);
        preset.addListener((o, a, b) -> applyPreset(b));
        probeLines.addListener((ListChangeListener<String>) c -> validateProbes());
    }

    // ------------------------------------------------------------------------------------------------ set-up

    /** Copies a preset's values into the editable fields. */
    public void applyPreset(Preset p) {
        showNumbers(p.model(), p.training(seed.get(), threads.get()));
    }

    /** Puts a model's shape and training numbers into the set-up fields. */
    private void showNumbers(ModelConfig m, TrainConfig t) {
        hidDim.set(m.hidDim());
        layers.set(m.encLayers());
        heads.set(m.encHeads());
        pfDim.set(m.encPfDim());
        dropout.set(m.dropout());
        batchSize.set(t.batchSize());
        epochs.set(t.epochs());
        learningRate.set(t.learningRate());
        maxDecode.set(t.maxDecode());
    }

    /** Chooses a corpus and reads it in the background, so probes can be checked against its vocabulary. */
    public void chooseCorpus(CorpusChoice choice) {
        corpus.set(choice);
        RunRequest request = request();
        background.run(() -> request.dataset(choice.read(), null), d -> {
            if (choice.equals(corpus.get())) {
                check = ProbeCheck.of(d);
                validateProbes();
                message.set(choice.label() + ": " + d.train().size() + " sentence pairs, vocabulary "
                        + d.srcVocab().size() + " English / " + d.trgVocab().size() + " German");
            }
        }, this::fail);
    }

    /**
     * The run the fields describe, every one explicit (they start as the preset's values); the preset gives the rest.
     * No validation data: the training pairs double as validation pairs, as {@code train} without {@code --valid}.
     */
    public RunRequest request() {
        return new RunRequest(preset.get(), hidDim.get(), layers.get(), layers.get(), heads.get(), heads.get(),
                pfDim.get(), pfDim.get(), (float) dropout.get(), null, batchSize.get(), epochs.get(),
                (float) learningRate.get(), null, (long) seed.get(), threads.get(), maxDecode.get(), null,
                spacesTokenizer.get() ? TokenizerKind.SPACES : TokenizerKind.WORDS, null, null, null)
                .withProbeSet(probeSet.get()).withCapture(capture.get());
    }

    /** Re-checks every probe line against the current vocabulary (FX thread; cheap). */
    public void validateProbes() {
        List<ProbeStatus> out = new ArrayList<>();
        Vocab src = check == null ? null : check.src();
        Vocab trg = check == null ? null : check.trg();
        for (int i = 0; i < probeLines.size(); i++) {
            ProbeLine.Parsed parsed = parseProbe(probeLines.get(i), i);
            if (!parsed.isProbe()) {
                out.add(new ProbeStatus(probeLines.get(i).strip(),
                        parsed.problem() != null ? parsed.problem() : "a blank or # line holds no probe", List.of()));
                continue;
            }
            ProbeLine line = parsed.probe();
            if (src == null) {
                out.add(new ProbeStatus(line.text(), line.text().isBlank() ? "the probe is empty" : null, List.of()));
                continue;
            }
            Probe p = Probe.resolve(i, line, src, trg, check.tokenizer(), Preset.DEFAULT_MAX_LENGTH, maxDecode.get());
            out.add(new ProbeStatus(line.text(), p.problem() == null ? null : stripOrigin(p.problem()), p.unknownWords()));
        }
        probeStatus.setAll(out);
    }

    /** Entry {@code index} of the probe list, read as a line of a probe file is. */
    private static ProbeLine.Parsed parseProbe(String text, int index) {
        return ProbeLine.parse(text, "probe " + (index + 1));
    }

    /** The probes of the list; lines that hold none are left out (their status says why). */
    private List<ProbeLine> probes() {
        List<ProbeLine> probes = new ArrayList<>();
        for (int i = 0; i < probeLines.size(); i++) {
            ProbeLine.Parsed parsed = parseProbe(probeLines.get(i), i);
            if (parsed.isProbe()) probes.add(parsed.probe());
        }
        return probes;
    }

    private static String stripOrigin(String problem) {
        int colon = problem.indexOf(": ");
        return colon > 0 && problem.startsWith("probe ") ? problem.substring(colon + 2) : problem;
    }

    // ------------------------------------------------------------------------------------------------ commands

    /** Starts a new run with the current set-up; a running one is stopped first. */
    public void start() {
        CorpusChoice choice = corpus.get();
        if (choice == null) {
            message.set("Choose a corpus first (File → Open corpus…)");
            return;
        }
        stop();
        status.set(Status.LOADING);
        message.set("reading " + choice.label() + "…");
        List<ProbeLine> probes = probes();
        RunRequest request = request();
        try {
            request.model();
            request.training();
        } catch (BadInputException e) {
            fail(e);
            return;
        }
        background.run(() -> newSession(request, choice, probes), this::launch, this::fail);
    }

    /** A session just built, and why its probe set was left out (null: it was not). */
    private record Launch(TrainingSession session, String probeSetProblem) {
    }

    /** Background: the session; a probe set that cannot be had is left out, so training goes on with the typed probes. */
    private Launch newSession(RunRequest request, CorpusChoice choice, List<ProbeLine> probes) {
        List<TextPair> pairs = choice.read();
        Launch l;
        try {
            l = new Launch(new TrainingSession(request.setup(choice.description(), pairs, null, probes)), null);
        } catch (BadInputException e) {
            if (request.probeSet() == null) throw e;
            RunRequest typedOnly = request.withProbeSet(null);
            l = new Launch(new TrainingSession(typedOnly.setup(choice.description(), pairs, null, probes)), e.getMessage());
        }
        try {
            Path dir = runDirectories.attach(l.session());     // snapshots stream to disk: the heap keeps their labels only
            RunSetup setup = l.session().setup();
            RunRecipe.write(dir, request.withProbeSet(null), choice.description(), choice.pairs() == null,
                    choice.pairs() != null ? List.of(choice.pairs()) : List.of(choice.source(), choice.target()),
                    setup.probes(), Math.min(probes.size(), setup.probes().size()));
            l.session().checkpointEvery(CHECKPOINT_INTERVAL);
        } catch (java.io.IOException | RuntimeException e) {
            l.session().close();
            throw new BadInputException("could not create the run directory: " + e.getMessage(), e);
        }
        return l;
    }

    /** How much training a kill or a crash of the app can lose at most, besides the epochs' own checkpoints. */
    static final java.time.Duration CHECKPOINT_INTERVAL = java.time.Duration.ofMinutes(
            Long.getLong("qkvlens.checkpointMinutes", 5));

    /**
     * Goes on training the run in {@code dir} (one the app started: it holds a {@link RunRecipe}) from its last
     * checkpoint, to {@code epochs} epochs; the snapshots and losses it has show at once, new ones follow. A run that
     * cannot go on (another process trains it, its corpus copy changed, …) gets a message, nothing else.
     */
    public void continueRun(Path dir, int epochs) {
        stop();
        status.set(Status.LOADING);
        message.set("going on with " + dir.getFileName() + "…");
        // after every stopped session has let go of its run (it may be this one, finishing its step and checkpoint)
        java.util.concurrent.CompletableFuture.allOf(stopped.toArray(java.util.concurrent.CompletableFuture[]::new))
                .thenRun(() -> background.run(() -> resumeSession(dir, epochs), this::launchResumed, this::fail));
    }

    /** A session gone on with: what the run had, and the recipe it was built from. */
    private record Resumed(TrainingSession session, RunRecord before, int from, RunRecipe recipe) {
    }

    /** Background: the session of {@code dir} at its checkpoint, its directory cut back to it. */
    private Resumed resumeSession(Path dir, int epochs) {
        RunRecipe recipe = RunRecipe.read(dir);
        boolean further = epochs != recipe.request().training().epochs();
        if (further) {
            recipe = new RunRecipe(recipe.request().withEpochs(epochs), recipe.corpusLabel(), recipe.aligned(),
                    recipe.corpus(), recipe.probes(), recipe.typed());
        }
        TrainingSession s = new TrainingSession(recipe.setup());
        try {
            s.checkpointEvery(CHECKPOINT_INTERVAL);
            int from = s.resumeFrom(dir, TensorCache.shared());
            if (further) RunRecipe.setEpochs(dir, epochs);
            return new Resumed(s, RunDirectory.read(dir, TensorCache.shared()), from, recipe);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void launchResumed(Resumed r) {
        RunRecipe recipe = r.recipe();
        show(recipe.request());
        corpus.set(recipe.aligned() ? CorpusChoice.aligned(recipe.corpus().get(0), recipe.corpus().get(1))
                : CorpusChoice.pairs(recipe.corpus().getFirst()));
        probeSet.set(null);
        probeLines.setAll(recipe.probes().subList(0, recipe.typed()).stream().map(p -> probeLine(p.text(), p.reference())).toList());
        launch(r.session(), r.before());
        message.set("going on with " + r.session().store().dir().getFileName() + (r.from() == 0 ? " from the start"
                : " after epoch " + r.from()) + " of " + recipe.request().training().epochs());
    }

    /** Puts {@code r}'s numbers into the set-up fields, so the panel shows the run that trains. */
    private void show(RunRequest r) {
        preset.set(r.preset());
        TrainConfig t = r.training();
        seed.set((int) t.seed());
        threads.set(t.threads());
        showNumbers(r.model(), t);
        spacesTokenizer.set(r.tokenizer() == TokenizerKind.SPACES);
        capture.set(r.capture() == null ? CaptureFilter.ALL : r.capture());
    }

    /** The run directories this model writes runs into. */
    public RunDirectories runDirectories() {
        return runDirectories;
    }

    /** The run directory on screen (training, or opened), or null. */
    public Path shownRunDirectory() {
        return shownDir;
    }

    /** The stopped sessions' temporary run directories go once their sessions have closed: nothing shows them now. */
    private void releaseStopped() {
        for (var dir : stopped) {
            dir.thenAccept(d -> background.run(() -> {     // deleting a thousand files is no work for the FX thread
                runDirectories.release(d);
                return null;
            }, x -> { }, t -> { }));
        }
        stopped.clear();
    }

    /** Deletes the temporary run directory (at shutdown, after training has stopped). */
    void deleteTemporaryRun() {
        runDirectories.deleteTemporary();
    }

    private void launch(Launch l) {
        launch(l.session(), null);
        if (l.probeSetProblem() != null) message.set(message.get() + "; " + l.probeSetProblem() + ", so it was left out");
    }

    /** Shows and starts {@code s}; {@code before}: what the run directory holds already (going on with it), or null. */
    private void launch(TrainingSession s, RunRecord before) {
        session = s;
        loadedRun = null;
        shownDir = s.store() == null ? null : s.store().dir();
        check = ProbeCheck.of(s.setup().dataset());
        validateProbes();
        if (before != null) {
            live.load(RunInfo.of(s.setup().corpus(), before), before);
        } else {
            RunRecord empty = new RunRecord(RunRecord.config(s.setup()), List.of(), List.of(), List.of(), probeInfos(s), List.of());
            live.reset(RunInfo.of(s.setup().corpus(), empty));
        }
        releaseStopped();
        totalEpochs.set(s.setup().train().epochs());
        latestStep.set(null);
        shownStep = null;
        s.snapshots().subscribe("app", live::addSnapshot);
        s.addListener(new TrainingSession.Listener() {
            @Override
            public void onStep(Trainer.StepProgress p) {
                latestStep.set(p);
                changed.run();
            }

            @Override
            public void onEpoch(Trainer.EpochResult r) {
                live.addLoss(new RunRecord.EpochLoss(r.epoch(), r.trainLoss(), r.validLoss(), r.seconds(), r.tokensPerSecond()));
            }

            @Override
            public void onState(TrainingSession.State state, Throwable failure) {
                latestFailure = failure;
                latestState.set(state);
                changed.run();
            }
        });
        status.set(Status.RUNNING);
        message.set("training on " + s.setup().dataset().train().size() + " pairs");
        s.start();
    }

    private static List<RunRecord.ProbeInfo> probeInfos(TrainingSession s) {
        List<RunRecord.ProbeInfo> out = new ArrayList<>();
        for (Probe p : s.probes()) out.add(new RunRecord.ProbeInfo(p.index(), p.text(), p.line().reference(), p.problem()));
        return out;
    }

    public void pause() {
        if (session != null) session.pause();
    }

    public void resume() {
        if (session != null) session.resume();
    }

    /**
     * At the app's close: stops the running session at its current step and waits (a few seconds at most) for it to
     * commit a checkpoint there; its run directory still says "training", so the next start offers to continue it.
     */
    void stopForShutdown() {
        TrainingSession s = session;
        session = null;
        if (s == null) return;
        s.cancelInterrupted();
        try {
            if (s.awaitEnd(java.time.Duration.ofSeconds(10))) s.close();
            // else: the process ends without it (daemon threads); the OS lets go of the run's lock
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the running session (it finishes its current step) and frees its threads in the background. */
    public void stop() {
        TrainingSession s = session;
        session = null;
        if (s != null) {
            s.cancel();
            java.nio.file.Path dir = s.store() == null ? null : s.store().dir();
            java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();
            stopped.add(closed.thenApply(x -> dir));
            background.run(() -> {
                s.close();
                return null;
            }, x -> closed.complete(null), t -> {
                closed.complete(null);
                fail(t);
            });
            if (status.get() == Status.RUNNING || status.get() == Status.PAUSED) status.set(Status.STOPPED);
        }
    }

    /**
     * Opens a snapshot file written by {@code train --out} or File → Save, or a run directory ({@code train --run}, or
     * the app's own with {@code -Dqkvlens.runs}); a bad one gets a message, nothing else.
     */
    public void openSnapshots(Path file) {
        stop();
        status.set(Status.LOADING);
        message.set("opening " + file.getFileName() + "…");
        background.run(() -> SnapshotFile.readFileOrRun(file), run -> {
            loadedRun = run;
            shownDir = java.nio.file.Files.isDirectory(file) ? file : null;
            live.load(RunInfo.of(file.getFileName().toString(), run), run);
            releaseStopped();
            check = ProbeCheck.of(run);                // checked against this run's vocabulary, not the corpus chosen before
            probeLines.setAll(probeLinesOf(run));     // the probe panel shows this run's probes, not another's
            totalEpochs.set(run.losses().size());
            status.set(Status.VIEWING_FILE);
            message.set(file.getFileName() + ": " + run.snapshots().size() + " snapshots of " + run.probes().size() + " probes");
        }, this::fail);
    }

    /** A run's probes as probe-list lines: the sentence, and a tab and its reference when it had one. */
    private static List<String> probeLinesOf(RunRecord run) {
        return run.probes().stream().map(p -> probeLine(p.text(), p.reference())).toList();
    }

    /** A probe-list line: the sentence, and a tab and its reference when it has one. */
    private static String probeLine(String text, String reference) {
        return reference == null || reference.isEmpty() ? text : text + "\t" + reference;
    }

    /**
     * Opens a model directory (PyTorch's weights or {@code train --save-model}'s, see {@link ModelDirectory}) and plays
     * back its checkpoints: each goes through the current probe sentences in the background, as {@code import} does.
     * A bad directory gets a message, nothing else.
     */
    public void openModel(Path dir) {
        stop();
        status.set(Status.LOADING);
        message.set("opening " + dir.getFileName() + "…");
        List<ProbeLine> probes = probes();
        int threadCount = threads.get();
        background.run(() -> ModelImport.importRun(dir, probes, ModelImport.DEFAULT_MAX_DECODE, null, threadCount,
                ModelImport.Listener.NONE), run -> {
            loadedRun = run;
            shownDir = null;
            live.load(RunInfo.of(dir.getFileName().toString(), run), run);
            totalEpochs.set(run.snapshots().stream().mapToInt(s -> s.epoch()).max().orElse(0));
            status.set(Status.VIEWING_FILE);
            message.set(dir.getFileName() + ": " + run.snapshots().size() + " checkpoints of " + run.probes().size() + " probes");
        }, this::fail);
    }

    /** Saves the run on screen (snapshots so far, losses, configuration) to a snapshot file. */
    public void saveRun(Path file, RunRecord run) {
        message.set("saving " + file.getFileName() + "…");
        background.run(() -> {
            SnapshotFile.write(file, run);
            return file;
        }, f -> message.set("saved " + f), this::fail);
    }

    /**
     * Reads a probe-set file in the background and makes it the next run's probe set; a file that holds no probe
     * leaves the set as it was and says why.
     */
    public void chooseProbeSetFile(Path file) {
        message.set("reading " + file.getFileName() + "…");
        background.run(() -> new ProbeSet.FromFile(file.toString(), ProbeFile.read(file)), set -> {
            probeSet.set(set);
            message.set(file.getFileName() + ": " + set.lines().size() + " probe sentences for the next run");
        }, t -> message.set(t.getMessage()));
    }

    /** The session running now (null when none). */
    public TrainingSession session() {
        return session;
    }

    /** What File → Save writes: the live run so far, or the file on screen; null when there is nothing. */
    public RunRecord recordToSave() {
        if (session != null) return RunRecord.of(session);
        return loadedRun;
    }

    /** Shows a line in the status area (exports, notes from views). */
    public void note(String text) {
        message.set(text);
    }

    private void fail(Throwable t) {
        if (status.get() == Status.LOADING) status.set(Status.FAILED);
        message.set(t instanceof BadInputException ? t.getMessage() : "error: " + t);
    }

    // ------------------------------------------------------------------------------------------------ per frame

    /** FX thread, once per frame: publishes the training thread's latest progress and state. */
    public void poll() {
        Trainer.StepProgress p = latestStep.get();
        if (p != null && p != shownStep) {
            shownStep = p;
            epoch.set(p.epoch());
            step.set(p.step());
            stepsInEpoch.set(p.stepsInEpoch());
            loss.set(p.epochLoss());
            tokensPerSecond.set(p.tokensPerSecond());
            int total = Math.max(1, totalEpochs.get());
            progress.set(((p.epoch() - 1) + (double) p.step() / p.stepsInEpoch()) / total);
        }
        TrainingSession.State s = latestState.getAndSet(null);
        if (s != null && session != null) {
            switch (s) {
                case RUNNING -> status.set(Status.RUNNING);
                case PAUSED -> status.set(Status.PAUSED);
                case FINISHED -> {
                    status.set(Status.FINISHED);
                    message.set("finished " + totalEpochs.get() + " epochs");
                }
                case CANCELLED -> status.set(Status.STOPPED);
                case FAILED -> {
                    status.set(Status.FAILED);
                    message.set("training failed: " + latestFailure);
                }
                default -> { }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ properties

    public ObjectProperty<CorpusChoice> corpusProperty() {
        return corpus;
    }

    public ObjectProperty<Preset> presetProperty() {
        return preset;
    }

    public IntegerProperty hidDimProperty() {
        return hidDim;
    }

    public IntegerProperty layersProperty() {
        return layers;
    }

    public IntegerProperty headsProperty() {
        return heads;
    }

    public IntegerProperty pfDimProperty() {
        return pfDim;
    }

    public DoubleProperty dropoutProperty() {
        return dropout;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    public IntegerProperty threadsProperty() {
        return threads;
    }

    public IntegerProperty maxDecodeProperty() {
        return maxDecode;
    }

    public BooleanProperty spacesTokenizerProperty() {
        return spacesTokenizer;
    }

    /** What the next run's probe pass keeps (every array by default). */
    public ObjectProperty<CaptureFilter> captureProperty() {
        return capture;
    }

    /** The probe set of the next run besides the typed probes (null: typed only). */
    public ObjectProperty<ProbeSet> probeSetProperty() {
        return probeSet;
    }

    /** The probe sentences, one per entry, optionally "sentence<TAB>reference"; edits apply to the next run. */
    public ObservableList<String> probeLines() {
        return probeLines;
    }

    /** One status per probe line, same order, refreshed on every edit. */
    public ObservableList<ProbeStatus> probeStatus() {
        return probeStatusView;
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty epochProperty() {
        return epoch.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalEpochsProperty() {
        return totalEpochs.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty stepsInEpochProperty() {
        return stepsInEpoch.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty lossProperty() {
        return loss.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty tokensPerSecondProperty() {
        return tokensPerSecond.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
