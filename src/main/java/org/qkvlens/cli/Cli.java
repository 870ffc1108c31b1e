package org.qkvlens.cli;

import java.util.Arrays;
import org.qkvlens.data.BadInputException;

/**
 * The command line: dispatches {@code qkv-lens <command> ...}, prints usage, and turns a user's mistake
 * ({@link BadInputException}) into one line on stderr and exit status 2, never a stack trace.
 */
public final class Cli {
    private Cli() {
    }

    static final String USAGE = """
            usage: qkv-lens                      open the desktop app
                   qkv-lens <command> [options]

            commands:
              train    train the Transformer on sentence pairs, taking Q/K/V snapshots of probe sentences
              bench    training and forward throughput (tokens/s) on the synthetic benchmark corpus
              bench-gemm  GFLOP/s of the engine's matrix multiply at the tutorial's shapes
              export   render a view (cosine heatmap, attention, PCA scatter) of a snapshot file to PNG/CSV, no window
              import   snapshots of a model trained in PyTorch (or saved by train --save-model), one per checkpoint

            Every command has --help. Example:
              qkv-lens train --preset article --corpus sample-sentences/eng_de.csv --epochs 30 --out run.npz
            """;

    /** Runs the command line; returns the process exit status. */
    public static int run(String[] args) {
        if (args.length == 0) {
            org.qkvlens.app.QkvLensApp.launchApp(args, System.out, System.err);
            return 0;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (command) {
                case TrainCommand.NAME -> TrainCommand.run(rest);
                case BenchCommand.NAME -> BenchCommand.run(rest);
                case GemmBenchCommand.NAME -> GemmBenchCommand.run(rest);
                case ExportCommand.NAME -> ExportCommand.run(rest);
                case ImportCommand.NAME -> ImportCommand.run(rest);
                case "help", "-h", "--help" -> {
                    System.out.print(USAGE);
                    yield 0;
                }
                default -> throw new BadInputException("unknown command '" + command + "' (commands: train, bench, export, import; see qkv-lens --help)");
            };
        } catch (BadInputException e) {
            System.out.flush();
            System.err.println("qkv-lens: " + e.getMessage());
            return 2;
        }
    }
}
