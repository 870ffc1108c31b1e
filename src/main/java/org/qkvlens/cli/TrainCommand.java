package org.qkvlens.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.Example;
import org.qkvlens.engine.GreedyDecoder;
import org.qkvlens.engine.Trainer;
import org.qkvlens.interop.ModelDirectory;
import org.qkvlens.interop.ModelSaver;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Probe;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.RunSetup;
import org.qkvlens.session.SnapshotFile;
import org.qkvlens.session.TrainingSession;
import org.qkvlens.store.RunStore;
import org.qkvlens.store.TensorCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qkv-lens train}: trains a model on a corpus with a progress bar, prints the loss per epoch, the translation
 * of every probe and how many training pairs the model reproduces, and writes the snapshots with {@code --out} and
 * the model itself with {@code --save-model} (see {@link ModelSaver}).
 */
@Command(name = TrainCommand.NAME, customSynopsis = "qkv-lens train --corpus FILE [options]",
        description = {"train the Transformer on sentence pairs, taking Q/K/V snapshots of probe sentences", "",
                "After every epoch the probe sentences go through the model and their Q, K, V, x1, x4 and attention are"
                        + " captured (a snapshot). Each snapshot is written, as it is taken, into a run directory (--run DIR;"
                        + " without it a temporary one, deleted at the end), so memory does not grow with the snapshots;"
                        + " --out also saves them all as one .npz file."},
        footer = {"", "example: qkv-lens train --preset article --corpus sample-sentences/eng_de.csv --epochs 30 --out run.npz"})
final class TrainCommand implements Callable<Integer> {
    static final String NAME = "train";
    /** Probe translations printed at the end, and warnings listed one by one before they are summarised. */
    private static final int SHOWN = 12, SHOWN_WARNINGS = 5;

    @Mixin
    SetupOptions.Model model = new SetupOptions.Model();
    @Mixin
    SetupOptions.Training training = new SetupOptions.Training();
    @Mixin
    SetupOptions.Data data = new SetupOptions.Data();
    @Option(names = "--out", paramLabel = "FILE.npz", description = "write every snapshot to this file (numpy .npz + manifest.json)")
    Path out;
    @Option(names = "--save-model", paramLabel = "DIR", description = "save the model as config.json, vocab.json and "
            + "model.safetensors (PyTorch's layout; see import)")
    Path saveModel;
    @Option(names = "--save-every-epoch", description = "with --save-model: epochNN.safetensors after every epoch"
            + " (epoch00: before training) instead of one model.safetensors")
    boolean saveEveryEpoch;
    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;
    @Option(names = "--run", paramLabel = "DIR", description = "keep the run directory here (a new or empty directory):"
            + " run.json, losses.jsonl and snapshots/eNNN/*.npy that numpy opens with mmap_mode='r'")
    Path run;
    @Option(names = "--capture-sites", paramLabel = "SITE", split = ",", description = "capture only these sites:"
            + " enc_self, dec_self, dec_cross, enc_out, dec_out (default: all)")
    List<String> captureSites;
    @Option(names = "--capture-layers", paramLabel = "N", split = ",", description = "capture only these layers,"
            + " counted from 0 (default: all)")
    List<String> captureLayers;
    @Option(names = "--capture-kinds", paramLabel = "KIND", split = ",", description = "capture only these kinds:"
            + " Q, K, V, x1, x4, attention, out (default: all)")
    List<String> captureKinds;
    @Option(names = "--resume", paramLabel = "DIR", description = "go on with the run in DIR (written by train --run)"
            + " from its last checkpoint, with the options it was started with, bit for bit as if it had never"
            + " stopped; --epochs N trains on to N epochs; --out and --quiet may be given again")
    Path resume;
    @Option(names = "--checkpoint-every", paramLabel = "N", converter = Values.NonNegativeInt.class, description = "also"
            + " commit a checkpoint every N steps (default: after each epoch only), so a kill loses at most N steps")
    Integer checkpointEvery;
    @Option(names = "--checkpoint-minutes", paramLabel = "M", converter = Values.NonNegativeInt.class, description = "also"
            + " commit a checkpoint within an epoch once M minutes have passed since the last one (default: none by time)")
    Integer checkpointMinutes;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
    /** Set on the command rebuilt from a run's command.json: the run directory to go on with. */
    private Path resumeDir;

    @Override
    public Integer call() {
        if (resume != null) return resumeRun();
        Path out = Values.outputFile(NAME, "--out", this.out);
        if (saveEveryEpoch && saveModel == null) {
            throw new BadInputException(NAME + ": --save-every-epoch needs --save-model DIR");
        }
        if (saveModel != null) ModelDirectory.checkNew(saveModel);
        if (resumeDir == null) checkRunDirectory();
        RunSetup setup = SetupOptions.build(NAME, model, training, data, captureFilter());
        var d = setup.dataset();
        var m = setup.model();
        var t = setup.train();
        System.out.printf("corpus %s: %d training pairs, %d validation pairs; vocabulary %d English / %d German%n",
                setup.corpus(), d.train().size(), d.valid().size(), d.srcVocab().size(), d.trgVocab().size());
        System.out.printf("model %s: hid %d, layers %d+%d, heads %d/%d, pf %d/%d, dropout %.2f; batch %d, %d epochs, "
                        + "seed %d, %d threads%n", setup.preset(), m.hidDim(), m.encLayers(), m.decLayers(), m.encHeads(),
                m.decHeads(), m.encPfDim(), m.decPfDim(), m.dropout(), t.batchSize(), t.epochs(), t.seed(), t.threads());

        Path runDir = resumeDir != null ? resumeDir : run;
        boolean temporary = runDir == null;
        try (TrainingSession session = new TrainingSession(setup)) {
            if (temporary) runDir = temporaryRunDirectory();
            RunStore store;
            if (checkpointEvery != null) session.checkpointEvery(checkpointEvery);
            if (checkpointMinutes != null) session.checkpointEvery(java.time.Duration.ofMinutes(checkpointMinutes));
            if (resumeDir != null) {
                int from = session.resumeFrom(resumeDir, TensorCache.fromSystemProperties());
                store = session.store();
                System.out.println(from == 0 ? "going on with " + resumeDir + ": it has no checkpoint yet, so from the start"
                        : "going on with " + resumeDir + " from its checkpoint after epoch " + from);
            } else {
                store = session.storeIn(runDir, TensorCache.fromSystemProperties());
                CommandRecord.write(runDir, originalArgs(), inputFiles());
            }
            List<String> skipped = new ArrayList<>(), unknown = new ArrayList<>();
            for (Probe p : session.probes()) {
                if (!p.isValid()) skipped.add(p.problem());
                else if (!p.unknownWords().isEmpty()) {
                    unknown.add(p.line().origin() + ": " + String.join(", ", p.unknownWords()));
                }
            }
            warn("probe skipped", "probes skipped", skipped);
            warn("unknown words become <unk>", "probes have unknown words, which become <unk>", unknown);
            if (!session.probes().isEmpty() && skipped.size() == session.probes().size()) {
                System.err.println("warning: no probe can go through the model; training goes on without snapshots of"
                        + " probes");
            }
            ProgressLine progress = new ProgressLine(System.err, System.out, !quiet && System.console() != null);
            session.addListener(new TrainingSession.Listener() {
                @Override
                public void onStep(Trainer.StepProgress p) {
                    progress.step(p);
                }

                @Override
                public void onEpoch(Trainer.EpochResult r) {
                    progress.epoch(r);
                }
            });
            ModelSaver saver = null;
            if (saveModel != null) {
                saver = new ModelSaver(saveModel, session, saveEveryEpoch);
                saver.begin();
                session.addListener(saver);
            }
            long start = System.nanoTime();
            session.run();
            double seconds = (System.nanoTime() - start) / 1e9;

            List<Snapshot> snapshots = session.snapshots().history();
            Snapshot last = snapshots.isEmpty() ? null : snapshots.getLast();   // none: a resumed run had finished
            if (last != null && !last.probes().isEmpty()) {
                System.out.println("\nprobe translations after epoch " + last.epoch() + ":");
                List<ProbeCapture> shown = last.probes().subList(0, Math.min(SHOWN, last.probes().size()));
                for (ProbeCapture c : shown) {
                    System.out.printf("  %-32s -> %s%s%n", c.text(), c.translationText(), c.fromReference() ? "  (reference fed)" : "");
                }
                if (last.probes().size() > shown.size()) {
                    System.out.printf("  … %d more (--out saves them all)%n", last.probes().size() - shown.size());
                }
            }
            reportReproduction(session);
            System.out.printf("%ntrained %d epochs in %.1f s (probe passes %.2f s; writing snapshots %.2f s); %d snapshots,"
                    + " %.2f MB on disk%s%n", session.epochs().size(), seconds, session.probeSeconds(), store.writingSeconds(),
                    snapshots.size(), store.bytesOnDisk() / 1e6, temporary ? "" : " in " + runDir);
            if (out != null) {
                long t0 = System.nanoTime();
                SnapshotFile.write(out, RunRecord.of(session));
                System.out.printf("wrote %s (%.1f s)%n", out, (System.nanoTime() - t0) / 1e9);
            }
            if (saver != null) {
                List<Path> files = saver.written();
                System.out.printf("saved the model to %s: %s%n", saveModel, String.join(", ",
                        files.stream().map(f -> f.getFileName().toString()).toList()));
            }
        } finally {
            if (temporary && runDir != null) deleteQuietly(runDir);
        }
        return 0;
    }

    /**
     * {@code train --resume DIR}: the command the run was started with (its command.json, every input checked),
     * with --epochs, --out and --quiet of this command line instead of the recorded ones; --run, --save-model and
     * --save-every-epoch are left out (the run directory is DIR; a model directory is never overwritten).
     */
    private int resumeRun() {
        if (!Files.isDirectory(resume)) throw new BadInputException(NAME + ": --resume " + resume + ": no such directory");
        List<String> recorded = CommandRecord.read(resume);
        Set<String> dropped = new HashSet<>(List.of("--run", "--save-model", "--out"));
        if (training.epochs != null) dropped.add("--epochs");
        List<String> args = without(recorded, dropped, Set.of("--save-every-epoch", "--quiet"));
        if (training.epochs != null) args.addAll(List.of("--epochs", training.epochs.toString()));
        if (out != null) args.addAll(List.of("--out", out.toString()));
        if (quiet) args.add("--quiet");
        TrainCommand again = new TrainCommand();
        picocli.CommandLine line = new picocli.CommandLine(again);
        try {
            line.parseArgs(args.toArray(String[]::new));
        } catch (picocli.CommandLine.ParameterException e) {
            throw new BadInputException(NAME + ": --resume " + resume + ": its recorded options do not parse: " + e.getMessage(), e);
        }
        again.resumeDir = resume;
        if (training.epochs != null) {                  // a later --resume trains on to the new number of epochs too
            List<String> record = without(recorded, Set.of("--epochs"), Set.of());
            record.addAll(List.of("--epochs", training.epochs.toString()));
            CommandRecord.write(resume, record, again.inputFiles());
        }
        return again.call();
    }

    /** {@code args} less the options {@code withValue} (with their values, or as --name=value) and the {@code flags}. */
    private static List<String> without(List<String> args, Set<String> withValue, Set<String> flags) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (withValue.contains(a)) i++;
            else if (!flags.contains(a) && withValue.stream().noneMatch(o -> a.startsWith(o + "="))) kept.add(a);
        }
        return kept;
    }

    /** The arguments after {@code train} as given on the command line. */
    private List<String> originalArgs() {
        List<String> all = spec == null ? List.of() : spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(NAME);
        return List.copyOf(at >= 0 ? all.subList(at + 1, all.size()) : all);
    }

    /** The files the run reads: corpus, validation data, probes (given, or probes.txt beside the corpus), probe set file. */
    private List<Path> inputFiles() {
        List<Path> files = new ArrayList<>();
        for (Path p : java.util.Arrays.asList(data.corpus, data.source, data.target, data.valid, data.validSource,
                data.validTarget, data.probes)) {
            if (p != null && Files.isRegularFile(p)) files.add(p);
        }
        if (data.probesBesideCorpus() != null) files.add(data.probesBesideCorpus());
        if (data.probeSet != null && Files.isRegularFile(Path.of(data.probeSet))) files.add(Path.of(data.probeSet));
        return files;
    }

    /** {@code --run} must name a new or empty directory whose parent exists. */
    private void checkRunDirectory() {
        if (run == null) return;
        Path p = run.toAbsolutePath();
        try {
            if (!RunStore.isNewPlace(p)) {
                throw new BadInputException(NAME + ": --run " + run + ": exists and is not an empty directory (a run"
                        + " directory is never overwritten; choose a new name)");
            }
        } catch (IOException e) {
            throw new BadInputException(NAME + ": --run " + run + ": " + e.getMessage(), e);
        }
        if (p.getParent() != null && !Files.isDirectory(p.getParent())) {
            throw new BadInputException(NAME + ": --run " + run + ": the directory " + p.getParent() + " does not exist");
        }
    }


    private static Path temporaryRunDirectory() {
        try {
            return Files.createTempDirectory("qkv-lens-run-");
        } catch (IOException e) {
            throw new BadInputException(NAME + ": could not create a temporary run directory (give --run DIR): "
                    + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            RunStore.deleteTree(dir);
        } catch (IOException e) {
            System.err.println("warning: could not delete the temporary run directory " + dir + ": " + e.getMessage());
        }
    }

    /** The capture options as a filter; a name or number that is not one is a mistake naming its option. */
    CaptureFilter captureFilter() {
        Set<Site> sites = new HashSet<>();
        Set<Integer> layers = new HashSet<>();
        Set<Kind> kinds = new HashSet<>();
        for (String v : captureSites == null ? List.<String>of() : captureSites) {
            try {
                sites.add(Site.fromId(v.strip().toLowerCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(NAME + ": --capture-sites " + v + ": expected enc_self, dec_self, dec_cross,"
                        + " enc_out or dec_out");
            }
        }
        for (String v : captureLayers == null ? List.<String>of() : captureLayers) {
            try {
                int l = Integer.parseInt(v.strip());
                if (l < 0) throw new NumberFormatException();
                layers.add(l);
            } catch (NumberFormatException e) {
                throw new BadInputException(NAME + ": --capture-layers " + v + ": expected a layer number, 0 or more");
            }
        }
        for (String v : captureKinds == null ? List.<String>of() : captureKinds) {
            try {
                kinds.add(Kind.fromId(v.strip()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(NAME + ": --capture-kinds " + v + ": expected Q, K, V, x1, x4, attention or out");
            }
        }
        if (!sites.isEmpty() && !kinds.isEmpty()) {
            boolean any = sites.stream().anyMatch(st -> kinds.stream().anyMatch(k -> st.isAttention() ? k != Kind.OUT : k == Kind.OUT));
            if (!any) {
                throw new BadInputException(NAME + ": --capture-sites and --capture-kinds leave nothing to capture (enc_out"
                        + " and dec_out hold only 'out'; attention sites hold Q, K, V, x1, x4 and attention)");
            }
        }
        return new CaptureFilter(sites, layers, kinds);
    }

    /**
     * One warning line per item when there are few ({@code one}: what each is), else the count and the first few
     * ({@code many}: what they are), so a probe set of thousands does not flood the console.
     */
    private static void warn(String one, String many, List<String> items) {
        if (items.size() <= SHOWN_WARNINGS) {
            for (String item : items) System.err.println("warning: " + one + ": " + item);
            return;
        }
        System.err.printf("warning: %d %s, e.g.:%n", items.size(), many);
        for (String item : items.subList(0, SHOWN_WARNINGS)) System.err.println("  " + item);
    }

    /** Greedy-translates (up to 2,000) training pairs and counts exact reproductions of the German side. */
    private static void reportReproduction(TrainingSession session) {
        List<Example> train = session.setup().dataset().train();
        int n = Math.min(train.size(), 2000), exact = 0;
        GreedyDecoder decoder = session.probePass().decoder();
        List<String> misses = new ArrayList<>();
        var src = session.setup().dataset().srcVocab();
        var trg = session.setup().dataset().trgVocab();
        int[][] outs = new int[n][];
        for (int from = 0; from < n; from += decoder.maxBatch()) {  // batched: the same ids as one by one
            List<int[]> sources = train.subList(from, Math.min(n, from + decoder.maxBatch())).stream().map(Example::src).toList();
            int[][] got = decoder.translateBatch(sources, null);
            System.arraycopy(got, 0, outs, from, got.length);
        }
        for (int i = 0; i < n; i++) {
            Example e = train.get(i);
            int[] out = outs[i];
            int[] want = java.util.Arrays.copyOfRange(e.trg(), 1, e.trg().length);
            if (java.util.Arrays.equals(out, want)) {
                exact++;
            } else if (misses.size() < 5) {
                misses.add(words(e.src(), src, 1, e.src().length - 1) + " -> " + words(out, trg, 0, out.length));
            }
        }
        System.out.printf("%nreproduces %d of %d training pairs exactly%s%n", exact, n, n < train.size() ? " (first " + n + ")" : "");
        for (String miss : misses) System.out.println("  miss: " + miss);
    }

    private static String words(int[] ids, org.qkvlens.data.Vocab v, int from, int to) {
        List<String> w = new ArrayList<>();
        for (int i = from; i < to; i++) w.add(v.token(ids[i]));
        return String.join(" ", w);
    }
}
