package org.qkvlens.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.Seq2Seq;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.probe.Probe;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.probe.ProbePass;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.session.RunRecord;

/**
 * Turns a {@link ModelDirectory} into a run the lens plays back: for each checkpoint in epoch order, its weights go
 * into one {@link Seq2Seq} and the probes through the foundation's {@link ProbePass} (greedy translation of at most
 * {@code maxDecode} tokens, as the tutorial's {@code translate_sentence} with {@code max_len}, then the decoder
 * teacher-forced on {@code <sos>} + translation), giving one {@link Snapshot} per checkpoint with the checkpoint's
 * epoch. Losses come from the checkpoints' metadata when they carry any. Runs on the calling thread; an interrupt
 * between checkpoints cancels it ({@link CancellationException}). Leaves out files ({@code SnapshotFile}) and UI.
 */
public final class ModelImport {
    /** translate_sentence's default max_len. */
    public static final int DEFAULT_MAX_DECODE = 50;

    /** Progress callbacks, on the importing thread. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** The probes as resolved against the model's vocabulary, before the first checkpoint (for warnings). */
        default void onProbes(List<Probe> probes) {
        }

        /** After checkpoint {@code index} (0-based) of {@code count}. */
        default void onCheckpoint(int index, int count, ModelDirectory.Checkpoint checkpoint, Snapshot snapshot) {
        }
    }

    private ModelImport() {
    }

    /**
     * Loads the directory and imports every checkpoint with all cores.
     *
     * @param tokenizer how probes are split; null: config.json's "tokenizer", else SPACES (Multi30k's pre-tokenised,
     *                  lowercase text)
     */
    public static RunRecord importRun(Path dir, List<ProbeLine> probes, int maxDecode, TokenizerKind tokenizer,
                                      Listener listener) {
        return importRun(ModelDirectory.load(dir), probes, maxDecode, tokenizer, TrainConfig.defaultThreads(), listener);
    }

    public static RunRecord importRun(Path dir, List<ProbeLine> probes, int maxDecode, TokenizerKind tokenizer,
                                      int threads, Listener listener) {
        return importRun(ModelDirectory.load(dir), probes, maxDecode, tokenizer, threads, listener);
    }

    public static RunRecord importRun(ModelDirectory model, List<ProbeLine> probes, int maxDecode, TokenizerKind tokenizer,
                                      int threads, Listener listener) {
        if (maxDecode < 1) throw new IllegalArgumentException("maxDecode must be positive, got " + maxDecode);
        TokenizerKind kind = tokenizerFor(model, tokenizer);
        List<Snapshot> snapshots = new ArrayList<>();
        List<Probe> resolved;
        try (Seq2Seq net = model.newModel(threads)) {
            ProbePass pass = new ProbePass(net, model.srcVocab(), model.trgVocab(), maxDecode);
            resolved = Probe.resolveAll(probes, model.srcVocab(), model.trgVocab(), kind, model.config().maxLength(),
                    pass.decoder().maxTokens());
            if (resolved.stream().noneMatch(Probe::isValid)) {
                throw new BadInputException(resolved.isEmpty() ? "no probe sentences"
                        : "no probe can go through the model: " + resolved.getFirst().problem());
            }
            listener.onProbes(resolved);
            List<ModelDirectory.Checkpoint> checkpoints = model.checkpoints();
            for (int i = 0; i < checkpoints.size(); i++) {
                if (Thread.interrupted()) throw new CancellationException("import cancelled");
                ModelDirectory.Checkpoint c = checkpoints.get(i);
                model.readWeights(c, net);
                Snapshot s = pass.run(c.epoch(), Math.max(0, c.step()), true, c.trainLoss(), c.validLoss(), resolved);
                snapshots.add(s);
                listener.onCheckpoint(i, checkpoints.size(), c, s);
            }
        }
        List<RunRecord.EpochLoss> losses = new ArrayList<>();
        for (ModelDirectory.Checkpoint c : model.checkpoints()) {
            if (!Double.isNaN(c.trainLoss()) || !Double.isNaN(c.validLoss())) {
                losses.add(new RunRecord.EpochLoss(c.epoch(), c.trainLoss(), c.validLoss(), Double.NaN, Double.NaN));
            }
        }
        List<RunRecord.ProbeInfo> infos = new ArrayList<>();
        for (Probe p : resolved) infos.add(new RunRecord.ProbeInfo(p.index(), p.text(), p.line().reference(), p.problem()));
        return new RunRecord(config(model, kind, maxDecode, threads), model.srcVocab().itos(), model.trgVocab().itos(),
                losses, infos, snapshots);
    }

    /** The tokenizer to use: the one asked for, else config.json's, else SPACES. */
    public static TokenizerKind tokenizerFor(ModelDirectory model, TokenizerKind asked) {
        return asked != null ? asked : model.tokenizer().orElse(TokenizerKind.SPACES);
    }

    /** The run's configuration as the snapshot file's manifest holds it. */
    static Map<String, Object> config(ModelDirectory model, TokenizerKind tokenizer, int maxDecode, int threads) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("source", "import");
        c.put("model_dir", model.dir().toString());
        c.put("layout", model.layout().id());
        List<Object> checkpoints = new ArrayList<>();
        for (ModelDirectory.Checkpoint cp : model.checkpoints()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", cp.epoch());
            m.put("files", cp.files().stream().map(f -> f.getFileName().toString()).toList());
            checkpoints.add(m);
        }
        c.put("checkpoints", checkpoints);
        c.put("tokenizer", tokenizer.name().toLowerCase(Locale.ROOT));
        c.put("model", RunRecord.model(model.config()));
        c.put("max_decode", maxDecode);
        c.put("threads", threads);
        return c;
    }
}
