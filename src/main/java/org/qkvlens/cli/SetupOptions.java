package org.qkvlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.data.TextPair;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.Preset;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.session.ProbeSet;
import org.qkvlens.session.RunRequest;
import org.qkvlens.session.RunSetup;
import picocli.CommandLine.Option;

/**
 * The options that describe a training run, as picocli mixins: {@link Model} (preset and shape, for train and bench),
 * {@link Training} and {@link Data} (for train). An option left out is {@code null}: the {@link RunRequest} they make
 * takes it from the preset ({@code qkv-lens train --help} lists the presets). {@link #build} reads the files.
 */
final class SetupOptions {
    private SetupOptions() {
    }

    /** The preset and the model shape. */
    static final class Model {
        @Option(names = "--preset", paramLabel = "NAME", converter = Values.PresetName.class,
                description = "article (default: 64 wide, 1 layer, 1 head) or tutorial (256, 3, 8)")
        Preset preset;
        @Option(names = "--hid", paramLabel = "N", converter = Values.PositiveInt.class, description = "hid_dim")
        Integer hid;
        @Option(names = "--layers", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "encoder and decoder layers")
        Integer layers;
        @Option(names = "--enc-layers", paramLabel = "N", converter = Values.PositiveInt.class, description = "encoder layers")
        Integer encLayers;
        @Option(names = "--dec-layers", paramLabel = "N", converter = Values.PositiveInt.class, description = "decoder layers")
        Integer decLayers;
        @Option(names = "--heads", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "attention heads (encoder and decoder)")
        Integer heads;
        @Option(names = "--enc-heads", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "encoder attention heads")
        Integer encHeads;
        @Option(names = "--dec-heads", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "decoder attention heads")
        Integer decHeads;
        @Option(names = "--pf", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "feed-forward width (encoder and decoder)")
        Integer pf;
        @Option(names = "--enc-pf", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "encoder feed-forward width")
        Integer encPf;
        @Option(names = "--dec-pf", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "decoder feed-forward width")
        Integer decPf;
        @Option(names = "--dropout", paramLabel = "P", converter = Values.Fraction.class, description = "dropout probability")
        Float dropout;
        @Option(names = "--max-length", paramLabel = "N", converter = Values.MaxLength.class,
                description = "positional table size: longest sentence with <sos>/<eos>")
        Integer maxLength;

        /**
         * The request these options and the given training/data choices make ({@code null}: the preset's). A shape
         * the model cannot take (hid not a multiple of the heads) is a mistake naming {@code --hid}.
         */
        RunRequest request(String command, Integer batch, Integer epochs, Float lr, Float clip, Long seed, Integer threads,
                           Integer maxDecode, BatchOrder order, TokenizerKind tokenizer, Integer minFreq,
                           Float validFraction, Integer snapshotEvery) {
            RunRequest r = new RunRequest(preset != null ? preset : Preset.DEFAULT, hid, either(encLayers, layers),
                    either(decLayers, layers), either(encHeads, heads), either(decHeads, heads), either(encPf, pf),
                    either(decPf, pf), dropout, maxLength, batch, epochs, lr, clip, seed, threads, maxDecode, order,
                    tokenizer, minFreq, validFraction, snapshotEvery);
            try {
                r.model();
            } catch (BadInputException e) {
                throw new BadInputException(command + ": option --hid expects a multiple of the heads: " + e.getMessage(), e);
            }
            r.training();
            return r;
        }

        private static Integer either(Integer specific, Integer both) {
            return specific != null ? specific : both;
        }
    }

    /** How to train. */
    static final class Training {
        @Option(names = "--epochs", paramLabel = "N", converter = Values.PositiveInt.class, description = "epochs (preset)")
        Integer epochs;
        @Option(names = "--batch", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "sentence pairs per step (preset)")
        Integer batch;
        @Option(names = "--lr", paramLabel = "X", converter = Values.LearningRate.class, description = "Adam learning rate")
        Float lr;
        @Option(names = "--clip", paramLabel = "X", converter = Values.NonNegativeNumber.class,
                description = "gradient-norm clipping, 0 = off")
        Float clip;
        @Option(names = "--seed", paramLabel = "N", converter = Values.AnyLong.class,
                description = "seed for initialisation, dropout and batch order")
        Long seed;
        @Option(names = "--threads", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "kernel threads (default: all cores)")
        Integer threads;
        @Option(names = "--batching", paramLabel = "MODE", converter = Values.Batching.class,
                description = "bucket (like torchtext's BucketIterator) or random")
        BatchOrder batching;
        @Option(names = "--max-decode", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "longest greedy translation (preset)")
        Integer maxDecode;
    }

    /** The corpus, validation data and probes. */
    static final class Data {
        @Option(names = "--corpus", paramLabel = "FILE", description = "sentence pairs: english,german per line (.csv, "
                + "quotes allowed) or tab-separated (.tsv/.txt); gzip ok")
        Path corpus;
        @Option(names = "--source", paramLabel = "FILE",
                description = "English side, one sentence per line (with --target; e.g. Multi30k train.en)")
        Path source;
        @Option(names = "--target", paramLabel = "FILE", description = "German side, line-aligned with --source")
        Path target;
        @Option(names = "--valid", paramLabel = "FILE", description = "validation pairs (.csv/.tsv)")
        Path valid;
        @Option(names = "--valid-source", paramLabel = "FILE", description = "validation English side (with --valid-target)")
        Path validSource;
        @Option(names = "--valid-target", paramLabel = "FILE", description = "validation German side")
        Path validTarget;
        @Option(names = "--valid-fraction", paramLabel = "X", converter = Values.Fraction.class,
                description = "hold out this fraction of the corpus for validation")
        Float validFraction;
        @Option(names = "--tokenizer", paramLabel = "KIND", converter = Values.Tokenizer.class,
                description = "words (lowercase, split on spaces and punctuation) or spaces")
        TokenizerKind tokenizer;
        @Option(names = "--min-freq", paramLabel = "N", converter = Values.PositiveInt.class,
                description = "keep words seen at least N times in training")
        Integer minFreq;
        @Option(names = "--probes", paramLabel = "FILE", description = "probe sentences, one per line, optional TAB "
                + "reference (default: probes.txt beside the corpus)")
        Path probes;
        @Option(names = "--no-probes", description = "take no snapshots")
        boolean noProbes;
        @Option(names = "--probe-set", paramLabel = "SET", description = "also probe many sentences: valid (the "
                + "validation split), train:N[:SEED] (N training pairs sampled with SEED, default --seed) or FILE (one "
                + "per line); without --probes its first two sentences are A and B; at most " + ProbeSet.MAX_PROBES)
        String probeSet;
        @Option(names = "--snapshot-every", paramLabel = "N", converter = Values.NonNegativeInt.class,
                description = "also take a snapshot every N steps (default: only after each epoch)")
        Integer snapshotEvery;

        /** probes.txt beside the corpus, the probes when none of --probes, --probe-set, --no-probes is given; null if absent. */
        Path probesBesideCorpus() {
            Path first = corpus != null ? corpus : source;
            if (noProbes || probes != null || probeSet != null || first == null) return null;
            Path beside = first.toAbsolutePath().getParent().resolve("probes.txt");
            return Files.isRegularFile(beside) ? beside : null;
        }
    }

    /** The request of {@code train}'s options, checked; no file is read. */
    static RunRequest request(String command, Model m, Training t, Data d) {
        return m.request(command, t.batch, t.epochs, t.lr, t.clip, t.seed, t.threads, t.maxDecode, t.batching,
                d.tokenizer, d.minFreq, d.validFraction, d.snapshotEvery);
    }

    /** {@code --probe-set} checked; a file is named here (an empty lines list) and read once the corpus is. */
    private static ProbeSet probeSet(String command, Data d) {
        if (d.probeSet == null) return null;
        if (d.noProbes) throw new BadInputException(command + ": --probe-set and --no-probes contradict each other");
        ProbeSet set;
        try {
            set = ProbeSet.parseKeyword(d.probeSet);
        } catch (BadInputException e) {
            throw new BadInputException(command + ": --probe-set " + e.getMessage(), e);
        }
        if (set != null) return set;
        Path file = Path.of(d.probeSet);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(command + ": --probe-set " + d.probeSet + ": expected valid, train:N[:SEED] or an "
                    + "existing file");
        }
        return new ProbeSet.FromFile(d.probeSet, List.of());
    }

    /**
     * Reads the corpus, validation data and probes, and builds the run. Every option is checked before any file is
     * read, and notes go to stderr only once the run is built, so a mistake is the only line on stderr.
     */
    static RunSetup build(String command, Model m, Training t, Data d) {
        return build(command, m, t, d, null);
    }

    /** As {@link #build(String, Model, Training, Data)}, capturing what {@code capture} keeps (null: every array). */
    static RunSetup build(String command, Model m, Training t, Data d, CaptureFilter capture) {
        RunRequest request = request(command, m, t, d).withCapture(capture);
        if (d.noProbes && d.probes != null) {
            throw new BadInputException(command + ": --probes and --no-probes contradict each other");
        }
        Path probeFile = d.noProbes ? null : Values.existingFile(command, "--probes", d.probes);
        ProbeSet set = probeSet(command, d);
        Path corpus = Values.existingFile(command, "--corpus", d.corpus);
        Path source = Values.existingFile(command, "--source", d.source);
        Path target = Values.existingFile(command, "--target", d.target);
        if (corpus != null && (source != null || target != null)) {
            throw new BadInputException(command + ": give either --corpus or --source/--target, not both");
        }
        if ((source == null) != (target == null)) {
            throw new BadInputException(command + ": --" + (source == null ? "target" : "source") + " needs --"
                    + (source == null ? "source" : "target") + " too (two line-aligned files)");
        }
        if (corpus == null && source == null) {
            throw new BadInputException(command + ": no corpus: give --corpus FILE (CSV/TSV pairs) or --source FILE "
                    + "--target FILE (e.g. --corpus sample-sentences/eng_de.csv)");
        }
        Path valid = Values.existingFile(command, "--valid", d.valid);
        Path vs = Values.existingFile(command, "--valid-source", d.validSource);
        Path vt = Values.existingFile(command, "--valid-target", d.validTarget);
        int validOptions = (valid != null ? 1 : 0) + (vs != null || vt != null ? 1 : 0) + (d.validFraction != null ? 1 : 0);
        if (validOptions > 1) {
            throw new BadInputException(command + ": give one of --valid, --valid-source/--valid-target, --valid-fraction");
        }
        if ((vs == null) != (vt == null)) {
            throw new BadInputException(command + ": --valid-source and --valid-target go together");
        }
        List<TextPair> pairs = corpus != null ? CorpusReader.readPairs(corpus) : CorpusReader.readAligned(source, target);
        String corpusName = corpus != null ? corpus.toString() : source + " + " + target;
        List<TextPair> validPairs = valid != null ? CorpusReader.readPairs(valid)
                : vs != null ? CorpusReader.readAligned(vs, vt) : null;

        List<ProbeLine> probes = List.of();
        if (!d.noProbes) {
            if (probeFile == null && set == null) probeFile = d.probesBesideCorpus();
            if (probeFile != null) probes = ProbeFile.read(probeFile);
        }
        if (set instanceof ProbeSet.FromFile f) set = new ProbeSet.FromFile(f.name(), ProbeFile.read(Path.of(f.name())));
        RunSetup setup;
        try {
            setup = request.withProbeSet(set).setup(corpusName, pairs, validPairs, probes);
        } catch (BadInputException e) {
            if (set != null && e.getMessage().startsWith("probe set ")) {
                throw new BadInputException(command + ": --probe-set " + e.getMessage().substring("probe set ".length()), e);
            }
            throw e.getMessage().startsWith("capture layers ")
                    ? new BadInputException(command + ": --capture-layers: " + e.getMessage().substring("capture ".length()), e) : e;
        }
        if (validPairs == null && d.validFraction == null) {
            System.err.println("note: no validation data given (--valid, --valid-source/--valid-target or --valid-fraction);"
                    + " the validation loss is measured on the training pairs in eval mode");
        }
        return setup;
    }
}
