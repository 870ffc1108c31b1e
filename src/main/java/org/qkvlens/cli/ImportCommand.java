package org.qkvlens.cli;

import java.nio.file.Path;
import java.util.List;
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

/**
 * {@code qkv-lens import}: a model trained elsewhere (PyTorch, or {@code train --save-model}) in a
 * {@link ModelDirectory}, each checkpoint through the probe pass, snapshots written with {@code --out}.
 */
final class ImportCommand {
    static final String NAME = "import";

    private ImportCommand() {
    }

    static List<Options.Spec> specs() {
        return List.of(
                Options.Spec.value("model", "DIR", "the model directory: config.json, vocab.json, safetensors weights"),
                Options.Spec.value("probes", "FILE", "probe sentences, one per line, optional TAB reference translation"),
                Options.Spec.value("out", "FILE.npz", "write the snapshots (one per checkpoint) to this file"),
                Options.Spec.value("max-decode", "N", "longest greedy translation in tokens (" + ModelImport.DEFAULT_MAX_DECODE
                        + ", as the tutorial's translate_sentence)"),
                Options.Spec.value("tokenizer", "KIND", "spaces (split on spaces, lowercase: Multi30k's .lc.norm.tok) or words;"
                        + " default: config.json's \"tokenizer\", else spaces"),
                Options.Spec.value("threads", "N", "kernel threads (all cores: " + TrainConfig.defaultThreads() + ")"));
    }

    static String help() {
        return Options.help("qkv-lens import --model DIR --probes FILE [--out run.npz] [options]",
                "Imports a model trained in PyTorch (bentrevett's Seq2Seq Transformer, the tutorial's state_dict names) or\n"
                        + "saved by train --save-model: every checkpoint becomes a snapshot of the probe sentences, shown as its epoch.\n"
                        + "example: qkv-lens import --model runs/multi30k --probes probes.txt --out run.npz",
                specs());
    }

    static int run(String[] args) {
        Options o = Options.parse(NAME, specs(), args);
        if (o.wantsHelp()) {
            System.out.print(help());
            return 0;
        }
        if (!o.has("model")) {
            throw new BadInputException(NAME + ": --model DIR is required (the directory with config.json, vocab.json and the weights)");
        }
        if (!o.has("probes")) throw new BadInputException(NAME + ": --probes FILE is required (probe sentences, one per line)");
        Path dir = Path.of(o.string("model", null));
        Path probeFile = o.existingFile("probes");
        Path out = o.outputFile("out");
        int maxDecode = o.positiveInt("max-decode", ModelImport.DEFAULT_MAX_DECODE);
        TokenizerKind asked = !o.has("tokenizer") ? null
                : o.choice("tokenizer", "spaces", "spaces", "words").equals("words") ? TokenizerKind.WORDS : TokenizerKind.SPACES;
        int threads = o.positiveInt("threads", TrainConfig.defaultThreads());
        List<ProbeLine> probes = ProbeFile.read(probeFile);

        ModelDirectory model = ModelDirectory.load(dir);
        ModelConfig m = model.config();
        List<ModelDirectory.Checkpoint> cps = model.checkpoints();
        System.out.printf("model %s: %s, %d checkpoint%s (epoch%s %s); hid %d, layers %d+%d, heads %d/%d, pf %d/%d; "
                        + "vocabulary %d English / %d German%n", dir, model.layout().label(), cps.size(), cps.size() == 1 ? "" : "s",
                cps.size() == 1 ? "" : "s", String.join(", ", cps.stream().map(c -> Integer.toString(c.epoch())).toList()),
                m.hidDim(), m.encLayers(), m.decLayers(), m.encHeads(), m.decHeads(), m.encPfDim(), m.decPfDim(),
                m.srcVocab(), m.trgVocab());
        TokenizerKind kind = ModelImport.tokenizerFor(model, asked);
        long start = System.nanoTime();
        RunRecord run = ModelImport.importRun(model, probes, maxDecode, kind, threads, new ModelImport.Listener() {
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
