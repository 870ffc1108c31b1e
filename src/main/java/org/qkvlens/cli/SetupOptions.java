package org.qkvlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.data.Dataset;
import org.qkvlens.data.SplitPairs;
import org.qkvlens.data.TextPair;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Preset;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.session.RunSetup;

/**
 * The options that describe a training run (preset and every field it sets, corpus, validation data, probes) and
 * their translation into a {@link RunSetup}, for {@code train} and anything else that trains.
 */
final class SetupOptions {
    private SetupOptions() {
    }

    static final List<Options.Spec> MODEL = List.of(
            Options.Spec.value("preset", "NAME", "article (default: 64 wide, 1 layer, 1 head) or tutorial (256, 3, 8)"),
            Options.Spec.value("hid", "N", "hid_dim"),
            Options.Spec.value("layers", "N", "encoder and decoder layers"),
            Options.Spec.value("enc-layers", "N", "encoder layers"),
            Options.Spec.value("dec-layers", "N", "decoder layers"),
            Options.Spec.value("heads", "N", "attention heads (encoder and decoder)"),
            Options.Spec.value("enc-heads", "N", "encoder attention heads"),
            Options.Spec.value("dec-heads", "N", "decoder attention heads"),
            Options.Spec.value("pf", "N", "feed-forward width (encoder and decoder)"),
            Options.Spec.value("enc-pf", "N", "encoder feed-forward width"),
            Options.Spec.value("dec-pf", "N", "decoder feed-forward width"),
            Options.Spec.value("dropout", "P", "dropout probability"),
            Options.Spec.value("max-length", "N", "positional table size: longest sentence with <sos>/<eos> (100)"));

    static final List<Options.Spec> TRAINING = List.of(
            Options.Spec.value("epochs", "N", "epochs (preset: article 30, tutorial 10)"),
            Options.Spec.value("batch", "N", "sentence pairs per step (preset: article 8, tutorial 128)"),
            Options.Spec.value("lr", "X", "Adam learning rate (0.0005)"),
            Options.Spec.value("clip", "X", "gradient-norm clipping, 0 = off (1.0)"),
            Options.Spec.value("seed", "N", "seed for initialisation, dropout and batch order (1234)"),
            Options.Spec.value("threads", "N", "kernel threads (all cores: " + TrainConfig.defaultThreads() + ")"),
            Options.Spec.value("batching", "MODE", "bucket (default, like torchtext's BucketIterator) or random"),
            Options.Spec.value("max-decode", "N", "longest greedy translation (preset: article 10, tutorial 50)"));

    static final List<Options.Spec> DATA = List.of(
            Options.Spec.value("corpus", "FILE", "sentence pairs: english,german per line (.csv, quotes allowed) or tab-separated (.tsv/.txt); gzip ok"),
            Options.Spec.value("source", "FILE", "English side, one sentence per line (with --target; e.g. Multi30k train.en)"),
            Options.Spec.value("target", "FILE", "German side, line-aligned with --source"),
            Options.Spec.value("valid", "FILE", "validation pairs (.csv/.tsv)"),
            Options.Spec.value("valid-source", "FILE", "validation English side (with --valid-target)"),
            Options.Spec.value("valid-target", "FILE", "validation German side"),
            Options.Spec.value("valid-fraction", "X", "hold out this fraction of the corpus for validation"),
            Options.Spec.value("tokenizer", "KIND", "words (default: lowercase, split on spaces and punctuation) or spaces"),
            Options.Spec.value("min-freq", "N", "keep words seen at least N times in training (2)"),
            Options.Spec.value("probes", "FILE", "probe sentences, one per line, optional TAB reference (default: probes.txt beside the corpus)"),
            Options.Spec.flag("no-probes", "take no snapshots"),
            Options.Spec.value("snapshot-every", "N", "also take a snapshot every N steps (default: only after each epoch)"));

    static List<Options.Spec> all() {
        List<Options.Spec> all = new ArrayList<>(MODEL);
        all.addAll(TRAINING);
        all.addAll(DATA);
        return all;
    }

    static Preset preset(Options o) {
        return switch (o.choice("preset", "article", "article", "tutorial")) {
            case "tutorial" -> Preset.TUTORIAL;
            default -> Preset.ARTICLE;
        };
    }

    /** The model shape from the preset and overrides, with placeholder vocabularies. */
    static ModelConfig model(Options o, Preset preset) {
        ModelConfig p = preset.model();
        int layers = o.positiveInt("layers", -1), heads = o.positiveInt("heads", -1), pf = o.positiveInt("pf", -1);
        int hid = o.positiveInt("hid", p.hidDim());
        int encHeads = o.positiveInt("enc-heads", heads > 0 ? heads : p.encHeads());
        int decHeads = o.positiveInt("dec-heads", heads > 0 ? heads : p.decHeads());
        if (hid % encHeads != 0) throw o.bad("hid", "a multiple of the heads (" + encHeads + ")", "" + hid);
        if (hid % decHeads != 0) throw o.bad("hid", "a multiple of the heads (" + decHeads + ")", "" + hid);
        return new ModelConfig(p.srcVocab(), p.trgVocab(), hid,
                o.positiveInt("enc-layers", layers > 0 ? layers : p.encLayers()),
                o.positiveInt("dec-layers", layers > 0 ? layers : p.decLayers()),
                encHeads, decHeads,
                o.positiveInt("enc-pf", pf > 0 ? pf : p.encPfDim()),
                o.positiveInt("dec-pf", pf > 0 ? pf : p.decPfDim()),
                o.number("dropout", p.dropout(), 0f, 1f, false),
                o.intAtLeast("max-length", p.maxLength(), 3),
                p.srcPadIdx(), p.trgPadIdx());
    }

    static TrainConfig training(Options o, Preset preset) {
        TrainConfig p = preset.training(1234, TrainConfig.defaultThreads());
        return new TrainConfig(o.positiveInt("batch", p.batchSize()), o.positiveInt("epochs", p.epochs()),
                o.number("lr", p.learningRate(), Float.MIN_VALUE, 10f, true), p.beta1(), p.beta2(), p.eps(),
                o.number("clip", p.clip(), 0f, Float.MAX_VALUE, true), o.longValue("seed", p.seed()),
                o.positiveInt("threads", p.threads()), o.positiveInt("max-decode", p.maxDecode()));
    }

    static BatchOrder batching(Options o) {
        return o.choice("batching", "bucket", "bucket", "random").equals("random") ? BatchOrder.RANDOM : BatchOrder.BUCKET;
    }

    /**
     * Reads the corpus, validation data and probes, and builds the run. Every option is checked before any file is
     * read, and notes go to stderr only once the run is built, so a mistake is the only line on stderr.
     */
    static RunSetup build(Options o, String command) {
        Preset preset = preset(o);
        ModelConfig shape = model(o, preset);
        TrainConfig train = training(o, preset);
        BatchOrder order = batching(o);
        int every = o.intAtLeast("snapshot-every", 0, 0);
        TokenizerKind tokenizer = o.choice("tokenizer", "words", "words", "spaces").equals("spaces")
                ? TokenizerKind.SPACES : TokenizerKind.WORDS;
        int minFreq = o.positiveInt("min-freq", 2);
        float validFraction = o.number("valid-fraction", 0f, 0f, 1f, false);
        Path probeFile = o.has("no-probes") ? null : o.existingFile("probes");

        Path corpus = o.existingFile("corpus");
        Path source = o.existingFile("source"), target = o.existingFile("target");
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
        List<TextPair> pairs = corpus != null ? CorpusReader.readPairs(corpus) : CorpusReader.readAligned(source, target);
        String corpusName = corpus != null ? corpus.toString() : source + " + " + target;

        List<TextPair> validPairs;
        boolean validIsTrain = false;
        Path valid = o.existingFile("valid"), vs = o.existingFile("valid-source"), vt = o.existingFile("valid-target");
        int validOptions = (valid != null ? 1 : 0) + (vs != null || vt != null ? 1 : 0) + (o.has("valid-fraction") ? 1 : 0);
        if (validOptions > 1) {
            throw new BadInputException(command + ": give one of --valid, --valid-source/--valid-target, --valid-fraction");
        }
        if ((vs == null) != (vt == null)) {
            throw new BadInputException(command + ": --valid-source and --valid-target go together");
        }
        if (valid != null) {
            validPairs = CorpusReader.readPairs(valid);
        } else if (vs != null) {
            validPairs = CorpusReader.readAligned(vs, vt);
        } else if (o.has("valid-fraction")) {
            SplitPairs split = Dataset.split(pairs, validFraction, train.seed());
            pairs = split.train();
            validPairs = split.valid();
        } else {
            validPairs = pairs;
            validIsTrain = true;
        }
        Dataset dataset = Dataset.build(pairs, validPairs, tokenizer, minFreq, shape.maxLength());
        ModelConfig model = shape.withVocab(dataset.srcVocab().size(), dataset.trgVocab().size());

        List<ProbeLine> probes = List.of();
        if (!o.has("no-probes")) {
            if (probeFile == null) {
                Path beside = (corpus != null ? corpus : source).toAbsolutePath().getParent().resolve("probes.txt");
                if (Files.isRegularFile(beside)) probeFile = beside;
            }
            if (probeFile != null) probes = ProbeFile.read(probeFile);
        }
        if (validIsTrain) {
            System.err.println("note: no validation data given (--valid, --valid-source/--valid-target or --valid-fraction);"
                    + " the validation loss is measured on the training pairs in eval mode");
        }
        return new RunSetup(preset.id(), model, train, order, dataset, corpusName, probes, every);
    }
}
