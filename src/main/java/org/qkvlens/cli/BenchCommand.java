package org.qkvlens.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.qkvlens.data.Batch;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.Batcher;
import org.qkvlens.data.Example;
import org.qkvlens.data.SyntheticCorpus;
import org.qkvlens.engine.Activations;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Preset;
import org.qkvlens.engine.Seq2Seq;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.engine.Trainer;
import org.qkvlens.io.Json;

/**
 * {@code qkv-lens bench}: training and forward throughput on the deterministic synthetic corpus of
 * {@code ../shared/bench/README.md}, measured exactly like {@code torch_baseline.py} so {@code compare.sh} can put
 * the two side by side: untimed warm-up steps, then timed full steps (zero-grad, forward, loss, backward, clip,
 * Adam) over the same batch stream; then eval-mode teacher-forced forward passes with loss on a second stream
 * (seed + 7, three untimed). tokens/s counts non-pad source + target tokens, {@code <sos>}/{@code <eos>} included.
 */
final class BenchCommand {
    static final String NAME = "bench";

    private BenchCommand() {
    }

    static List<Options.Spec> specs() {
        List<Options.Spec> specs = new ArrayList<>(SetupOptions.MODEL);
        specs.add(Options.Spec.value("batch", "N", "sentence pairs per step (preset)"));
        specs.add(Options.Spec.value("batching", "MODE", "bucket (default) or random"));
        specs.add(Options.Spec.value("warmup", "N", "untimed training steps first (5)"));
        specs.add(Options.Spec.value("steps", "N", "timed training steps (60)"));
        specs.add(Options.Spec.value("fwd-steps", "N", "timed forward-only steps (60)"));
        specs.add(Options.Spec.value("threads", "N", "kernel threads (all cores: " + TrainConfig.defaultThreads() + ")"));
        specs.add(Options.Spec.value("seed", "N", "corpus, initialisation and batch-order seed (1234)"));
        specs.add(Options.Spec.value("n-train", "N", "synthetic training pairs (20000)"));
        specs.add(Options.Spec.value("n-valid", "N", "synthetic validation pairs (1000)"));
        specs.add(Options.Spec.flag("json", "print one JSON object (for ../shared/bench/compare.sh)"));
        return specs;
    }

    static String help() {
        return Options.help("qkv-lens bench [--preset tutorial|article] [options]",
                "Training and forward tokens/s on the synthetic benchmark corpus (see ../shared/bench/README.md).\n"
                        + "example: qkv-lens bench --preset tutorial --steps 60 --fwd-steps 60",
                specs());
    }

    static int run(String[] args) {
        Options o = Options.parse(NAME, specs(), args);
        if (o.wantsHelp()) {
            System.out.print(help());
            return 0;
        }
        Preset preset = SetupOptions.preset(o);
        long seed = o.longValue("seed", 1234);
        int warmup = o.intAtLeast("warmup", 5, 0), steps = o.positiveInt("steps", 60), fwdSteps = o.positiveInt("fwd-steps", 60);
        int threads = o.positiveInt("threads", TrainConfig.defaultThreads());
        TrainConfig p = preset.training(seed, threads);
        TrainConfig train = new TrainConfig(o.positiveInt("batch", p.batchSize()), 1, p.learningRate(), p.beta1(), p.beta2(),
                p.eps(), p.clip(), seed, threads, p.maxDecode());
        BatchOrder order = SetupOptions.batching(o);
        SyntheticCorpus corpus = SyntheticCorpus.generate(seed, o.positiveInt("n-train", 20_000), o.positiveInt("n-valid", 1000), 2000);
        ModelConfig model = SetupOptions.model(o, preset).withVocab(corpus.srcVocabSize(), corpus.trgVocabSize());
        boolean json = o.has("json");

        try (Seq2Seq net = new Seq2Seq(model, threads)) {
            net.initialize(seed);
            Trainer trainer = new Trainer(net, train, corpus.train(), List.of(), order);
            Iterator<Batch> stream = batchStream(corpus.train(), train.batchSize(), order, seed);
            for (int i = 0; i < warmup; i++) trainer.trainStep(stream.next());
            List<Batch> timed = take(stream, steps);
            long tokens = timed.stream().mapToLong(Batch::tokens).sum();
            double firstLoss = Double.NaN, lastLoss = Double.NaN;
            long t0 = System.nanoTime();
            for (Batch b : timed) {
                lastLoss = trainer.trainStep(b);
                if (Double.isNaN(firstLoss)) firstLoss = lastLoss;
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;

            Activations acts = trainer.activations();
            Iterator<Batch> fstream = batchStream(corpus.train(), train.batchSize(), order, seed + 7);
            for (Batch b : take(fstream, 3)) net.evaluate(acts, b.src(), b.srcLen(), b.trg(), b.trgLen(), b.size());
            List<Batch> fwd = take(fstream, fwdSteps);
            long fwdTokens = fwd.stream().mapToLong(Batch::tokens).sum();
            long f0 = System.nanoTime();
            for (Batch b : fwd) net.evaluate(acts, b.src(), b.srcLen(), b.trg(), b.trgLen(), b.size());
            double fwdSeconds = (System.nanoTime() - f0) / 1e9;

            Map<String, Object> r = new LinkedHashMap<>();
            r.put("preset", preset.id());
            r.put("hid", model.hidDim());
            r.put("layers", model.encLayers());
            r.put("heads", model.encHeads());
            r.put("pf", model.encPfDim());
            r.put("batch", train.batchSize());
            r.put("batching", order.name().toLowerCase(java.util.Locale.ROOT));
            r.put("params", net.params.length);
            r.put("threads", threads);
            r.put("warmup", warmup);
            r.put("steps", steps);
            r.put("seconds", trainSeconds);
            r.put("train_tokens_per_s", tokens / trainSeconds);
            r.put("ms_per_step", 1000 * trainSeconds / steps);
            r.put("train_loss_first", firstLoss);
            r.put("train_loss_last", lastLoss);
            r.put("fwd_steps", fwdSteps);
            r.put("fwd_seconds", fwdSeconds);
            r.put("forward_tokens_per_s", fwdTokens / fwdSeconds);
            r.put("activation_mb", acts.bytes() / 1e6);
            r.put("peak_rss_mb", peakRssMb());
            if (json) {
                System.out.println(Json.write(r));
            } else {
                System.out.printf("bench %s (hid %d, layers %d, heads %d, pf %d, batch %d, %s batches, %d threads, %,d params)%n",
                        preset.id(), model.hidDim(), model.encLayers(), model.encHeads(), model.encPfDim(), train.batchSize(),
                        r.get("batching"), threads, net.params.length);
                System.out.printf("train:   %d steps in %.2f s -> %,.0f tokens/s (%.1f ms/step), loss %.3f -> %.3f%n", steps,
                        trainSeconds, tokens / trainSeconds, 1000 * trainSeconds / steps, firstLoss, lastLoss);
                System.out.printf("forward: %d steps in %.2f s -> %,.0f tokens/s%n", fwdSteps, fwdSeconds, fwdTokens / fwdSeconds);
                System.out.printf("peak RSS %.0f MB (activations %.0f MB)%n", peakRssMb(), acts.bytes() / 1e6);
            }
        }
        return 0;
    }

    /** Batches of epoch 0, 1, 2, … one after another, as torch_baseline.py's batch_stream. */
    private static Iterator<Batch> batchStream(List<Example> examples, int batch, BatchOrder order, long seed) {
        return new Iterator<>() {
            int epoch;
            Iterator<Batch> current = Batcher.epochBatches(examples, batch, order, seed, 0).iterator();

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Batch next() {
                if (!current.hasNext()) current = Batcher.epochBatches(examples, batch, order, seed, ++epoch).iterator();
                if (!current.hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }

    private static List<Batch> take(Iterator<Batch> it, int n) {
        List<Batch> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(it.next());
        return out;
    }

    /** Peak resident set size (VmHWM) in MB, or -1 where /proc is not available. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
