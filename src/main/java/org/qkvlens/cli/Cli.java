package org.qkvlens.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.qkvlens.data.BadInputException;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Preset;
import org.qkvlens.engine.TrainConfig;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The command line on picocli: {@code qkv-lens <command> ...} with uniform {@code --help}, {@code --version},
 * "did you mean" suggestions and a generated completion script. A user's mistake (a bad option or value, or a
 * {@link BadInputException} from a command) is one line on stderr, "qkv-lens: ...", and exit status 2, never a stack
 * trace or the whole usage text; anything else is an internal error and propagates as before.
 * Leaves out: the desktop app, which {@link #run} opens when there are no arguments.
 */
public final class Cli {
    private Cli() {
    }

    @Command(name = "qkv-lens", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Version.class,
            synopsisHeading = "usage: ", customSynopsis = {
                    "qkv-lens                      open the desktop app",
                    "       qkv-lens <command> [options]"},
            description = "Watch a Transformer's Q, K and V vectors take shape while it learns English→German.",
            descriptionHeading = "%n", sortOptions = false, commandListHeading = "%ncommands:%n", optionListHeading = "%noptions:%n",
            footer = {"", "Every command has --help. Example:",
                    "  qkv-lens train --preset article --corpus sample-sentences/eng_de.csv --epochs 30 --out run.npz",
                    "Shell completion: source <(qkv-lens generate-completion)"},
            subcommands = {TrainCommand.class, BenchCommand.class, GemmBenchCommand.class, ProjectionBenchCommand.class, ExportCommand.class, AnalyzeCommand.class,
                    ImportCommand.class, AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
    static final class Root implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new BadInputException("no command given (see qkv-lens --help)");
        }
    }

    /** The project version Maven wrote into version.properties. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
                if (in == null) throw new IOException("version.properties is missing from the class path");
                Properties p = new Properties();
                p.load(in);
                return new String[] {"qkv-lens " + p.getProperty("version")};
            }
        }
    }

    /** Runs the command line; returns the process exit status. */
    public static int run(String[] args) {
        if (args.length == 0) {
            org.qkvlens.app.QkvLensApp.launchApp(args, System.out, System.err);
            return 0;
        }
        return commandLine().execute(args);
    }

    /** The command tree with this program's error handling, writing to the current System.out and System.err. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Root());
        cl.setExpandAtFiles(false);
        cl.setOut(new PrintWriter(System.out, true));
        cl.setErr(new PrintWriter(System.err, true));
        cl.setParameterExceptionHandler((ex, args) -> userMistake(describe(ex)));
        cl.setExecutionExceptionHandler((ex, command, parseResult) -> {
            if (ex instanceof BadInputException) return userMistake(ex.getMessage());
            throw ex;
        });
        cl.setUsageHelpWidth(100);
        for (String name : List.of(TrainCommand.NAME, BenchCommand.NAME)) {
            CommandLine sub = cl.getSubcommands().get(name);
            sub.getHelpSectionMap().put("presets", help -> presets());
            List<String> keys = new ArrayList<>(sub.getHelpSectionKeys());
            keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), "presets");
            sub.setHelpSectionKeys(keys);
        }
        return cl;
    }

    private static int userMistake(String message) {
        System.out.flush();
        System.err.println("qkv-lens: " + message);
        return 2;
    }

    /** One line for a mistake picocli found, naming the command, the option and (if picocli has them) suggestions. */
    static String describe(ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        boolean root = cl.getCommandSpec().parent() == null;
        String prefix = root ? "" : cl.getCommandName() + ": ";
        String help = "see " + cl.getCommandSpec().qualifiedName() + " --help";
        ArgSpec arg = ex instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty() ? m.getMissing().getFirst()
                : ex instanceof CommandLine.OverwrittenOptionException o ? o.getOverwritten() : ex.getArgSpec();
        String option = arg instanceof OptionSpec o ? o.longestName() : null;
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().getFirst();
            String what = first.startsWith("-") ? "unknown option " + first.split("=", 2)[0]
                    : root ? "unknown command '" + first + "'"
                    : "unexpected argument '" + first + "' (options start with --)";
            List<String> suggestions = u.getSuggestions();
            String guess = suggestions.isEmpty() ? ""
                    : "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
            return prefix + what + guess + " (" + help + ")";
        }
        if (ex instanceof CommandLine.OverwrittenOptionException && option != null) {
            return prefix + "option " + option + " is given twice";
        }
        if (ex instanceof CommandLine.MissingParameterException && option != null) {
            return prefix + "option " + option + " needs a value (" + arg.paramLabel() + ")";
        }
        if (ex.getCause() instanceof CommandLine.TypeConversionException t && option != null) {
            return prefix + "option " + option + " expects " + t.getMessage() + ", got '" + ex.getValue() + "'";
        }
        String m = ex.getMessage();
        return prefix + Character.toLowerCase(m.charAt(0)) + m.substring(1) + " (" + help + ")";
    }

    /** The presets table of train's and bench's help: what an option left out takes, from {@link Preset} itself. */
    static String presets() {
        StringBuilder sb = new StringBuilder(String.format("%npresets (an option left out takes the preset's value):%n"));
        for (Preset p : Preset.values()) {
            ModelConfig m = p.model();
            TrainConfig t = p.training(Preset.DEFAULT_SEED, 1);
            sb.append(String.format("  %-9s hid %d, layers %d, heads %d, pf %d, dropout %s, batch %d, epochs %d, max-decode %d%s%n",
                    p.id(), m.hidDim(), m.encLayers(), m.encHeads(), m.encPfDim(), m.dropout(), t.batchSize(), t.epochs(),
                    t.maxDecode(), p == Preset.DEFAULT ? " (default)" : ""));
        }
        sb.append(String.format("  both      lr %s, clip %s, Adam betas %s/%s and eps %s, seed %d, max-length %d, min-freq %d,"
                        + " %s batches, %s tokenizer%n", Preset.LEARNING_RATE, Preset.CLIP, Preset.BETA1, Preset.BETA2,
                Preset.EPS, Preset.DEFAULT_SEED, Preset.DEFAULT_MAX_LENGTH, Preset.DEFAULT_MIN_FREQ,
                Values.lower(Preset.DEFAULT_ORDER.name()), Values.lower(Preset.DEFAULT_TOKENIZER.name())));
        return sb.toString();
    }
}
