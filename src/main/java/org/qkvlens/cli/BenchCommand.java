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
import java.util.concurrent.Callable;
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
import org.qkvlens.session.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qkv-lens bench}: training and forward throughput on the deterministic synthetic corpus of
 * {@code python/bench/README.md}, measured exactly like {@code torch_baseline.py} so {@code compare.sh} can put
 * the two side by side: untimed warm-up steps, then timed full steps (zero-grad, forward, loss, backward, clip,
 * Adam) over the same batch stream; then eval-mode teacher-forced forward passes with loss on a second stream
 * (seed + 7, three untimed). tokens/s counts non-pad source + target tokens, {@code <sos>}/{@code <eos>} included.
 */
@Command(name = BenchCommand.NAME, customSynopsis = "qkv-lens bench [--preset tutorial|article] [options]",
        description = {"training and forward throughput (tokens/s) on the synthetic benchmark corpus", "",
                "Measured as python/bench/torch_baseline.py measures PyTorch (see python/bench/README.md)."},
        footer = {"", "example: qkv-lens bench --preset tutorial --steps 60 --fwd-steps 60"})
final class BenchCommand implements Callable<Integer> {
    static final String NAME = "bench";

    @Mixin
    SetupOptions.Model shape = new SetupOptions.Model();
    @Option(names = "--batch", paramLabel = "N", converter = Values.PositiveInt.class, description = "sentence pairs per step (preset)")
    Integer batch;
    @Option(names = "--batching", paramLabel = "MODE", converter = Values.Batching.class, description = "bucket or random")
    BatchOrder batching;
    @Option(names = "--warmup", paramLabel = "N", converter = Values.NonNegativeInt.class,
            description = "untimed training steps first (${DEFAULT-VALUE})")
    int warmup = 5;
    @Option(names = "--steps", paramLabel = "N", converter = Values.PositiveInt.class,
            description = "timed training steps (${DEFAULT-VALUE})")
    int steps = 60;
    @Option(names = "--fwd-steps", paramLabel = "N", converter = Values.PositiveInt.class,
            description = "timed forward-only steps (${DEFAULT-VALUE})")
    int fwdSteps = 60;
    @Option(names = "--threads", paramLabel = "N", converter = Values.PositiveInt.class,
            description = "kernel threads (default: all cores)")
    Integer threads;
    @Option(names = "--seed", paramLabel = "N", converter = Values.AnyLong.class,
            description = "corpus, initialisation and batch-order seed")
    Long seed;
    @Option(names = "--n-train", paramLabel = "N", converter = Values.PositiveInt.class,
            description = "synthetic training pairs (${DEFAULT-VALUE})")
    int nTrain = 20_000;
    @Option(names = "--n-valid", paramLabel = "N", converter = Values.PositiveInt.class,
            description = "synthetic validation pairs (${DEFAULT-VALUE})")
    int nValid = 1000;
    @Option(names = "--json", description = "print one JSON object (for python/bench/compare.sh)")
    boolean json;

    @Override
    public Integer call() {
        // One epoch as before: the bench steps through batches itself, the epoch count only has to be valid.
        RunRequest request = shape.request(NAME, batch, 1, null, null, seed, threads, null, batching, null, null, null, null);
        Preset preset = request.preset();
        TrainConfig train = request.training();
        long seed = train.seed();
        int threads = train.threads();
        BatchOrder order = request.batchOrder();
        SyntheticCorpus corpus = SyntheticCorpus.generate(seed, nTrain, nValid, 2000);
        ModelConfig model = request.model().withVocab(corpus.srcVocabSize(), corpus.trgVocabSize());

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
