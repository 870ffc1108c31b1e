package org.qkvlens.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.interop.ModelDirectory;
import org.qkvlens.interop.ModelImport;
import org.qkvlens.probe.Probe;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qkv-lens import}: a model trained elsewhere (PyTorch, or {@code train --save-model}) in a
 * {@link ModelDirectory}, each checkpoint through the probe pass, snapshots written with {@code --out}.
 */
@Command(name = ImportCommand.NAME, customSynopsis = "qkv-lens import --model DIR --probes FILE [--out run.npz] [options]",
        description = {"snapshots of a model trained in PyTorch (or saved by train --save-model), one per checkpoint", "",
                "Imports bentrevett's Seq2Seq Transformer (the tutorial's state_dict names) or a train --save-model"
                        + " directory: every checkpoint becomes a snapshot of the probe sentences, shown as its epoch."},
        footer = {"", "example: qkv-lens import --model runs/multi30k --probes probes.txt --out run.npz"})
final class ImportCommand implements Callable<Integer> {
    static final String NAME = "import";

    @Option(names = "--model", paramLabel = "DIR", description = "the model directory: config.json, vocab.json, safetensors weights")
    Path model;
    @Option(names = "--probes", paramLabel = "FILE", description = "probe sentences, one per line, optional TAB reference translation")
    Path probesFile;
    @Option(names = "--out", paramLabel = "FILE.npz", description = "write the snapshots (one per checkpoint) to this file")
    Path out;
    @Option(names = "--max-decode", paramLabel = "N", converter = Values.PositiveInt.class,
            description = "longest greedy translation in tokens (" + ModelImport.DEFAULT_MAX_DECODE
                    + ", as the tutorial's translate_sentence)")
    Integer maxDecode;
    @Option(names = "--tokenizer", paramLabel = "KIND", converter = Values.Tokenizer.class,
            description = "spaces (split on spaces, lowercase: Multi30k's .lc.norm.tok) or words; default: config.json's"
                    + " \"tokenizer\", else spaces")
    TokenizerKind tokenizer;
    @Option(names = "--threads", paramLabel = "N", converter = Values.PositiveInt.class, description = "kernel threads (default: all cores)")
    Integer threads;

    @Override
    public Integer call() {
        if (model == null) {
            throw new BadInputException(NAME + ": --model DIR is required (the directory with config.json, vocab.json and the weights)");
        }
        if (probesFile == null) throw new BadInputException(NAME + ": --probes FILE is required (probe sentences, one per line)");
        Path dir = model;
        Path probeFile = Values.existingFile(NAME, "--probes", probesFile);
        Path out = Values.outputFile(NAME, "--out", this.out);
        int maxDecode = this.maxDecode != null ? this.maxDecode : ModelImport.DEFAULT_MAX_DECODE;
        TokenizerKind asked = tokenizer;
        int threads = this.threads != null ? this.threads : TrainConfig.defaultThreads();
        List<ProbeLine> probes = ProbeFile.read(probeFile);

        ModelDirectory loaded = ModelDirectory.load(dir);
        ModelConfig m = loaded.config();
        List<ModelDirectory.Checkpoint> cps = loaded.checkpoints();
        System.out.printf("model %s: %s, %d checkpoint%s (epoch%s %s); hid %d, layers %d+%d, heads %d/%d, pf %d/%d; "
                        + "vocabulary %d English / %d German%n", dir, loaded.layout().label(), cps.size(), cps.size() == 1 ? "" : "s",
                cps.size() == 1 ? "" : "s", String.join(", ", cps.stream().map(c -> Integer.toString(c.epoch())).toList()),
                m.hidDim(), m.encLayers(), m.decLayers(), m.encHeads(), m.decHeads(), m.encPfDim(), m.decPfDim(),
                m.srcVocab(), m.trgVocab());
        TokenizerKind kind = ModelImport.tokenizerFor(loaded, asked);
        long start = System.nanoTime();
        RunRecord run = ModelImport.importRun(loaded, probes, maxDecode, kind, threads, new ModelImport.Listener() {
            @Override
            public void onProbes(List<Probe> resolved) {
                for (Probe p : resolved) {
                    if (!p.isValid()) System.err.println("warning: probe skipped: " + p.problem());
                    else if (!p.unknownWords().isEmpty()) {
                        System.err.println("warning: " + p.line().origin() + ": unknown words become <unk>: "
                                + String.join(", ", p.unknownWords()));
                    }
                }
            }

            @Override
            public void onCheckpoint(int index, int count, ModelDirectory.Checkpoint c, Snapshot s) {
                System.out.printf("epoch %3d: %d probes (%s)%n", c.epoch(), s.probes().size(), c.fileNames());
            }
        });
        Snapshot last = run.snapshots().getLast();
        System.out.println("\nprobe translations at epoch " + last.epoch() + ":");
        for (ProbeCapture c : last.probes()) {
            System.out.printf("  %-32s -> %s%s%n", c.text(), c.translationText(), c.fromReference() ? "  (reference fed)" : "");
        }
        System.out.printf("%nimported %d checkpoint%s in %.1f s (tokenizer %s, at most %d tokens per translation)%n",
                cps.size(), cps.size() == 1 ? "" : "s", (System.nanoTime() - start) / 1e9,
                kind.name().toLowerCase(java.util.Locale.ROOT), maxDecode);
        if (out != null) {
            SnapshotFile.write(out, run);
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
