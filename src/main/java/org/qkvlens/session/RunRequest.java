package org.qkvlens.session;

import java.util.ArrayList;
import java.util.List;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.Dataset;
import org.qkvlens.data.SplitPairs;
import org.qkvlens.data.TextPair;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Preset;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.ProbeLine;

/**
 * What a front end (the command line's train and bench, the app's run panel) asks of a run: a preset and explicit
 * overrides, {@code null} meaning "the preset's value". This is the one way from a front end to a {@link RunSetup}:
 * {@link #model()}, {@link #training()} and {@link #setup} resolve every {@code null} from {@link Preset}, which holds
 * all defaults. Range checks of user input stay with the front ends (they name their own options or fields); the
 * engine's config records reject what is still invalid, and that becomes a {@link BadInputException} here.
 * A {@link ProbeSet} (null: none) adds many probe sentences after the typed ones; a {@link CaptureFilter} (null: all)
 * says which arrays the probe pass keeps.
 * Leaves out: reading files (front ends hand in the sentence pairs and probe lines they read).
 */
public record RunRequest(Preset preset,
                         Integer hidDim, Integer encLayers, Integer decLayers, Integer encHeads, Integer decHeads,
                         Integer encPfDim, Integer decPfDim, Float dropout, Integer maxLength,
                         Integer batchSize, Integer epochs, Float learningRate, Float clip, Long seed, Integer threads,
                         Integer maxDecode,
                         BatchOrder order, TokenizerKind tokenizer, Integer minFreq, Float validFraction,
                         Integer snapshotEverySteps, ProbeSet probeSet, CaptureFilter capture) {
    public RunRequest {
        if (preset == null) throw new IllegalArgumentException("a run request needs a preset");
    }

    /** Capturing every array. */
    public RunRequest(Preset preset, Integer hidDim, Integer encLayers, Integer decLayers, Integer encHeads,
                      Integer decHeads, Integer encPfDim, Integer decPfDim, Float dropout, Integer maxLength,
                      Integer batchSize, Integer epochs, Float learningRate, Float clip, Long seed, Integer threads,
                      Integer maxDecode, BatchOrder order, TokenizerKind tokenizer, Integer minFreq, Float validFraction,
                      Integer snapshotEverySteps, ProbeSet probeSet) {
        this(preset, hidDim, encLayers, decLayers, encHeads, decHeads, encPfDim, decPfDim, dropout, maxLength, batchSize,
                epochs, learningRate, clip, seed, threads, maxDecode, order, tokenizer, minFreq, validFraction,
                snapshotEverySteps, probeSet, null);
    }

    /** Without a probe set (only typed probes). */
    public RunRequest(Preset preset, Integer hidDim, Integer encLayers, Integer decLayers, Integer encHeads,
                      Integer decHeads, Integer encPfDim, Integer decPfDim, Float dropout, Integer maxLength,
                      Integer batchSize, Integer epochs, Float learningRate, Float clip, Long seed, Integer threads,
                      Integer maxDecode, BatchOrder order, TokenizerKind tokenizer, Integer minFreq, Float validFraction,
                      Integer snapshotEverySteps) {
        this(preset, hidDim, encLayers, decLayers, encHeads, decHeads, encPfDim, decPfDim, dropout, maxLength, batchSize,
                epochs, learningRate, clip, seed, threads, maxDecode, order, tokenizer, minFreq, validFraction,
                snapshotEverySteps, null);
    }

    /** This request with {@code set} probed besides the typed probes (null: none). */
    public RunRequest withProbeSet(ProbeSet set) {
        return new RunRequest(preset, hidDim, encLayers, decLayers, encHeads, decHeads, encPfDim, decPfDim, dropout,
                maxLength, batchSize, epochs, learningRate, clip, seed, threads, maxDecode, order, tokenizer, minFreq,
                validFraction, snapshotEverySteps, set, capture);
    }

    /** This request training {@code n} epochs. */
    public RunRequest withEpochs(int n) {
        return new RunRequest(preset, hidDim, encLayers, decLayers, encHeads, decHeads, encPfDim, decPfDim, dropout,
                maxLength, batchSize, n, learningRate, clip, seed, threads, maxDecode, order, tokenizer, minFreq,
                validFraction, snapshotEverySteps, probeSet, capture);
    }

    /** This request capturing what {@code filter} keeps (null: every array). */
    public RunRequest withCapture(CaptureFilter filter) {
        return new RunRequest(preset, hidDim, encLayers, decLayers, encHeads, decHeads, encPfDim, decPfDim, dropout,
                maxLength, batchSize, epochs, learningRate, clip, seed, threads, maxDecode, order, tokenizer, minFreq,
                validFraction, snapshotEverySteps, probeSet, filter);
    }

    /** The preset with no override. */
    public static RunRequest of(Preset preset) {
        return new RunRequest(preset, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** The model shape with placeholder vocabularies (the data decides them). */
    public ModelConfig model() {
        ModelConfig p = preset.model();
        try {
            return new ModelConfig(p.srcVocab(), p.trgVocab(), or(hidDim, p.hidDim()), or(encLayers, p.encLayers()),
                    or(decLayers, p.decLayers()), or(encHeads, p.encHeads()), or(decHeads, p.decHeads()),
                    or(encPfDim, p.encPfDim()), or(decPfDim, p.decPfDim()), or(dropout, p.dropout()),
                    or(maxLength, p.maxLength()), p.srcPadIdx(), p.trgPadIdx());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** How to train: Adam's betas and eps always the preset's, the rest overridable. */
    public TrainConfig training() {
        TrainConfig p = preset.training(or(seed, Preset.DEFAULT_SEED), or(threads, TrainConfig.defaultThreads()));
        try {
            return new TrainConfig(or(batchSize, p.batchSize()), or(epochs, p.epochs()), or(learningRate, p.learningRate()),
                    p.beta1(), p.beta2(), p.eps(), or(clip, p.clip()), p.seed(), p.threads(), or(maxDecode, p.maxDecode()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    public BatchOrder batchOrder() {
        return or(order, Preset.DEFAULT_ORDER);
    }

    /**
     * The vocabularies and encoded pairs. {@code valid == null}: none given, so the validation fraction (if any) is
     * held out of {@code train}, else the training pairs double as validation pairs.
     */
    public Dataset dataset(List<TextPair> train, List<TextPair> valid) {
        return dataset(pairs(train, valid));
    }

    private Dataset dataset(SplitPairs split) {
        return Dataset.build(split.train(), split.valid(), or(tokenizer, Preset.DEFAULT_TOKENIZER),
                or(minFreq, Preset.DEFAULT_MIN_FREQ), or(maxLength, preset.model().maxLength()));
    }

    /** The training and validation pairs {@link #dataset} uses. */
    private SplitPairs pairs(List<TextPair> train, List<TextPair> valid) {
        if (valid == null && validFraction != null) return Dataset.split(train, validFraction, training().seed());
        return new SplitPairs(train, valid != null ? valid : train);
    }

    /**
     * The typed probes, then the probe set's sentences (see {@link ProbeSet#lines}); at most
     * {@link ProbeSet#MAX_PROBES} in all.
     */
    public List<ProbeLine> probeLines(List<TextPair> train, List<TextPair> valid, List<ProbeLine> typed) {
        return probeLines(pairs(train, valid), valid, typed);
    }

    private List<ProbeLine> probeLines(SplitPairs split, List<TextPair> valid, List<ProbeLine> typed) {
        if (probeSet == null) return typed;
        List<ProbeLine> all = new ArrayList<>(typed);
        all.addAll(probeSet.lines(split.train(), split.valid(), valid != null || validFraction != null,
                training().seed()));
        if (all.size() > ProbeSet.MAX_PROBES) {
            throw new BadInputException("probe set " + probeSet.describe() + ": " + all.size() + " probes in all; a run"
                    + " takes at most " + ProbeSet.MAX_PROBES);
        }
        return all;
    }

    /** The run: this request applied to the sentence pairs (see {@link #dataset}) and probe lines a front end read. */
    public RunSetup setup(String corpusName, List<TextPair> train, List<TextPair> valid, List<ProbeLine> probes) {
        ModelConfig shape = model();
        TrainConfig config = training();
        SplitPairs split = pairs(train, valid);           // split once: the data and the probe set share it
        Dataset data = dataset(split);
        ModelConfig sized = shape.withVocab(data.srcVocab().size(), data.trgVocab().size());
        checkFits(sized, Runtime.getRuntime().maxMemory());
        checkBatchFits(config.batchSize(), data, sized, Runtime.getRuntime().maxMemory());
        return new RunSetup(preset.id(), sized, config, batchOrder(), data, corpusName, probeLines(split, valid, probes),
                or(snapshotEverySteps, Preset.DEFAULT_SNAPSHOT_EVERY_STEPS), checkCapture(sized));
    }

    /** The capture filter, its layers checked against the model's. */
    private CaptureFilter checkCapture(ModelConfig m) {
        if (capture == null) return CaptureFilter.ALL;
        List<Integer> missing = capture.missingLayers(m.encLayers(), m.decLayers());
        if (!missing.isEmpty()) {
            throw new BadInputException("capture layers " + missing + ": the model has layers 0 to "
                    + (Math.max(m.encLayers(), m.decLayers()) - 1));
        }
        return capture;
    }

    /**
     * Refuses a model shape that cannot be built, before anything is allocated: more than 2^31 parameters (the flat
     * arrays are indexed by int), or parameters, gradients, transposed weights and Adam's two moments (5 floats a
     * parameter) that alone take more than half of {@code heapBytes}, leaving too little for activations.
     */
    static void checkFits(ModelConfig model, long heapBytes) {
        long parameters = model.parameterCount();
        if (parameters > Integer.MAX_VALUE) {
            throw new BadInputException("a model of this shape (hid_dim " + model.hidDim() + ", pf_dim " + model.encPfDim()
                    + ", max length " + model.maxLength() + ") has more than 2^31 parameters");
        }
        long bytes = parameters * 5 * Float.BYTES;
        if (bytes > heapBytes / 2) {
            throw new BadInputException(String.format("a model of %,d parameters needs %.1f GB for its weights, gradients and"
                    + " Adam's moments, more than half of the %.1f GB the Java heap may use (raise it with -Xmx, or choose a"
                    + " smaller hid_dim, pf_dim or vocabulary)", parameters, bytes / 1e9, heapBytes / 1e9));
        }
    }

    /**
     * Refuses a batch whose logits (pairs × target length × target vocabulary floats; a batch holds at most the pairs
     * of its split) cannot be indexed by int or take more than a quarter of {@code heapBytes}.
     */
    static void checkBatchFits(int batch, Dataset data, ModelConfig model, long heapBytes) {
        int longest = 1;
        for (List<org.qkvlens.data.Example> split : List.of(data.train(), data.valid())) {
            for (org.qkvlens.data.Example e : split) longest = Math.max(longest, e.trg().length);
        }
        long pairs = Math.min(batch, Math.max(data.train().size(), data.valid().size()));
        long floats = pairs * longest * model.trgVocab();
        if (floats > Integer.MAX_VALUE || floats * Float.BYTES * 2 > heapBytes / 2) {
            throw new BadInputException(String.format("--batch %d: one batch of %,d pairs of up to %d target tokens over a"
                    + " vocabulary of %,d needs %.1f GB for its logits and their gradient, more than %s; choose a smaller"
                    + " batch", batch, pairs, longest, model.trgVocab(), floats * Float.BYTES * 2 / 1e9,
                    floats > Integer.MAX_VALUE ? "an array can hold" : String.format("half of the %.1f GB the Java heap may"
                    + " use (raise it with -Xmx)", heapBytes / 1e9)));
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
