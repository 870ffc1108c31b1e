package org.qkvlens.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.qkvlens.data.BadInputException;
import org.qkvlens.engine.Gemm;
import org.qkvlens.engine.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qkv-lens bench-gemm}: GFLOP/s of the engine's matrix multiply at given shapes and thread counts, measured
 * like {@code python/bench/sgemm_bench.py} measures {@code torch.mm} (MxNxK, 2·M·N·K flops per call, calls per
 * repetition calibrated to last ≥ --min-time, median and best of --reps repetitions), so the two tables compare.
 * Defaults: the tutorial preset's shapes (fc_q/k/v/o, fc_1, fc_2 and fc_out over 2,048 rows); {@code --a t} measures
 * the transposed-A layout the weight gradients use.
 */
@Command(name = GemmBenchCommand.NAME, customSynopsis = "qkv-lens bench-gemm [--sizes 2048x256x256,...] [--threads 1,2]",
        description = {"GFLOP/s of the engine's matrix multiply at the tutorial's shapes", "",
                "Measured like python/bench/sgemm_bench.py measures torch.mm."})
final class GemmBenchCommand implements Callable<Integer> {
    static final String NAME = "bench-gemm";
    private static final String DEFAULT_SIZES = "2048x256x256,2048x512x256,2048x256x512,2048x8000x256";

    @Option(names = "--sizes", paramLabel = "LIST", description = "comma list of MxNxK (or N for a cube); default " + DEFAULT_SIZES)
    String sizes = DEFAULT_SIZES;
    @Option(names = "--threads", paramLabel = "LIST", description = "comma list of thread counts (${DEFAULT-VALUE})")
    String threads = "1,2";
    @Option(names = "--a", paramLabel = "LAYOUT",
            description = "A as stored: n (row-major, default: forward and dX) or t (transposed, as in dW = dYᵀ·X)")
    String layout = "n";
    @Option(names = "--reps", paramLabel = "N", converter = Values.PositiveInt.class, description = "timed repetitions (${DEFAULT-VALUE})")
    int reps = 7;
    @Option(names = "--min-time", paramLabel = "S", converter = Values.Seconds.class,
            description = "seconds per repetition at least (${DEFAULT-VALUE})")
    float minTime = 0.3f;

    @Override
    public Integer call() {
        List<int[]> sizes = parseList(this.sizes, "sizes");
        List<int[]> threads = parseList(this.threads, "threads");
        if (!layout.equals("n") && !layout.equals("t")) {
            throw new BadInputException(NAME + ": option --a expects n or t, got '" + layout + "'");
        }
        boolean transposedA = layout.equals("t");
        System.out.printf("%16s %4s %12s %10s %9s%s%n", "MxNxK", "thr", "median GF/s", "best GF/s", "calls/rep",
                transposedA ? "  (A transposed)" : "");
        for (int[] s : sizes) {
            int m = s[0], n = s.length == 1 ? s[0] : s[1], k = s.length == 1 ? s[0] : s[2];
            for (int[] t : threads) {
                double[] r = measure(m, n, k, transposedA, t[0], reps, minTime);
                System.out.printf("%16s %4d %12.1f %10.1f %9d%n", m + "x" + n + "x" + k, t[0], r[0], r[1], (long) r[2]);
            }
        }
        return 0;
    }

    private static double[] measure(int m, int n, int k, boolean transposedA, int threads, int reps, double minTime) {
        Random rng = new Random(0);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextGaussian();
        try (Parallel parallel = new Parallel(threads)) {
            // As LinearKernel splits: rows in multiples of 4 (A stored (k, m) when transposed, as dYᵀ in dW = dYᵀ·X).
            int aRow = transposedA ? 1 : k, aK = transposedA ? m : 1;
            Parallel.RangeTask task = (r0, r1) -> Gemm.matmul(a, 0, aRow, aK, b, 0, n, c, 0, n, k, n, false, r0, r1);
            Runnable call = () -> parallel.forRange(m, 4, task);
            for (int i = 0; i < 3; i++) call.run();
            long calls = 1;
            while (true) {
                long t0 = System.nanoTime();
                for (long i = 0; i < calls; i++) call.run();
                if ((System.nanoTime() - t0) / 1e9 >= minTime) break;
                calls *= 2;
            }
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                for (long i = 0; i < calls; i++) call.run();
                double dt = (System.nanoTime() - t0) / 1e9;
                rates.add(2.0 * m * n * k * calls / dt / 1e9);
            }
            rates.sort(null);
            return new double[] {rates.get(rates.size() / 2), rates.getLast(), calls};
        }
    }

    private static List<int[]> parseList(String text, String option) {
        List<int[]> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] dims = part.strip().toLowerCase(java.util.Locale.ROOT).split("x");
            if (dims.length != 1 && dims.length != 3) {
                throw new BadInputException(NAME + ": option --" + option + " expects N or MxNxK items, got '" + part + "'");
            }
            int[] v = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                try {
                    v[i] = Integer.parseInt(dims[i]);
                } catch (NumberFormatException e) {
                    v[i] = -1;
                }
                if (v[i] <= 0) {
                    throw new BadInputException(NAME + ": option --" + option + " expects positive integers, got '" + part + "'");
                }
            }
            out.add(v);
        }
        return out;
    }
}
