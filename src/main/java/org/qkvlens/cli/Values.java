package org.qkvlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.qkvlens.app.export.ExportRequest;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.Preset;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How option values are read: picocli converters that accept a value or say what they expect ({@link Cli} turns
 * that into "option --epochs expects a positive integer, got '0'"), and the checks of file paths, which need the
 * command's name. Leaves out: defaults (an option not given is {@code null}; {@code engine/Preset} decides).
 */
final class Values {
    private Values() {
    }

    /** An integer ≥ {@code min}; subclasses name the range once. */
    private abstract static class IntAtLeast implements ITypeConverter<Integer> {
        private final int min;
        private final String expected;

        IntAtLeast(int min, String expected) {
            this.min = min;
            this.expected = expected;
        }

        @Override
        public Integer convert(String v) {
            try {
                int x = Integer.parseInt(v.strip());
                if (x >= min) return x;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException(expected);
        }
    }

    /** A finite number in [min, max) (or [min, max] when {@code maxInclusive}). */
    private abstract static class Range implements ITypeConverter<Float> {
        private final float min;
        private final float max;
        private final boolean maxInclusive;

        Range(float min, float max, boolean maxInclusive) {
            this.min = min;
            this.max = max;
            this.maxInclusive = maxInclusive;
        }

        @Override
        public Float convert(String v) {
            try {
                float x = Float.parseFloat(v.strip());
                if (x >= min && (maxInclusive ? x <= max : x < max) && Float.isFinite(x)) return x;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException(max == Float.MAX_VALUE ? "a number ≥ " + min
                    : "a number from " + min + " to " + max + (maxInclusive ? "" : " (exclusive)"));
        }
    }

    static final class PositiveInt extends IntAtLeast {
        PositiveInt() {
            super(1, "a positive integer");
        }
    }

    static final class NonNegativeInt extends IntAtLeast {
        NonNegativeInt() {
            super(0, "an integer ≥ 0");
        }
    }

    /** A head index, or -1 for all heads. */
    static final class HeadIndex extends IntAtLeast {
        HeadIndex() {
            super(-1, "an integer ≥ -1");
        }
    }

    /** A positional table: {@code <sos>}, a token, {@code <eos>} at least. */
    static final class MaxLength extends IntAtLeast {
        MaxLength() {
            super(3, "an integer ≥ 3");
        }
    }

    static final class AnyLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String v) {
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("an integer");
            }
        }
    }

    /** Dropout, a validation fraction: [0, 1). */
    static final class Fraction extends Range {
        Fraction() {
            super(0f, 1f, false);
        }
    }

    static final class LearningRate extends Range {
        LearningRate() {
            super(Float.MIN_VALUE, 10f, true);
        }
    }

    static final class NonNegativeNumber extends Range {
        NonNegativeNumber() {
            super(0f, Float.MAX_VALUE, true);
        }
    }

    static final class Seconds extends Range {
        Seconds() {
            super(0.01f, 60f, true);
        }
    }

    static final class PresetName implements ITypeConverter<Preset> {
        @Override
        public Preset convert(String v) {
            return switch (choice(v, "article", "tutorial")) {
                case "tutorial" -> Preset.TUTORIAL;
                default -> Preset.ARTICLE;
            };
        }
    }

    static final class Batching implements ITypeConverter<BatchOrder> {
        @Override
        public BatchOrder convert(String v) {
            return choice(v, "bucket", "random").equals("random") ? BatchOrder.RANDOM : BatchOrder.BUCKET;
        }
    }

    static final class Tokenizer implements ITypeConverter<TokenizerKind> {
        @Override
        public TokenizerKind convert(String v) {
            return choice(v, "spaces", "words").equals("words") ? TokenizerKind.WORDS : TokenizerKind.SPACES;
        }
    }

    static final class View implements ITypeConverter<ExportRequest.View> {
        @Override
        public ExportRequest.View convert(String v) {
            return switch (choice(v, "heatmap", "attention", "scatter", "joint", "heads", "analysis")) {
                case "analysis" -> ExportRequest.View.ANALYSIS;
                case "attention" -> ExportRequest.View.ATTENTION;
                case "scatter" -> ExportRequest.View.SCATTER;
                case "joint" -> ExportRequest.View.JOINT;
                case "heads" -> ExportRequest.View.HEADS;
                default -> ExportRequest.View.HEATMAP;
            };
        }
    }

    /** A projection method: pca, tsne (t-sne) or umap, any case; {@code option} names the option in the message. */
    static org.qkvlens.projection.Method method(String command, String option, String v) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "pca" -> org.qkvlens.projection.Method.PCA;
            case "tsne", "t-sne" -> org.qkvlens.projection.Method.TSNE;
            case "umap" -> org.qkvlens.projection.Method.UMAP;
            default -> throw new BadInputException(command + ": option " + option + " expects pca, tsne or umap, got '" + v + "'");
        };
    }

    static final class Scale implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            return Integer.parseInt(choice(v, "1", "2", "4"));
        }
    }

    /** One of {@code choices} (case-insensitive), as spelled there. */
    private static String choice(String v, String... choices) {
        for (String c : choices) if (c.equalsIgnoreCase(v.strip())) return c;
        throw new TypeConversionException("one of " + String.join(", ", choices));
    }

    /** {@code path} (given as {@code --option}) must name an existing, readable regular file; null stays null. */
    static Path existingFile(String command, String option, Path path) {
        if (path == null) return null;
        if (!Files.exists(path)) throw new BadInputException(command + ": " + option + " " + path + ": no such file");
        if (Files.isDirectory(path)) {
            throw new BadInputException(command + ": " + option + " " + path + ": is a directory, not a file");
        }
        if (!Files.isReadable(path)) {
            throw new BadInputException(command + ": " + option + " " + path + ": cannot be read (permission denied)");
        }
        return path;
    }

    /** A path to write (given as {@code --option}): its directory must exist; null stays null. */
    static Path outputFile(String command, String option, Path path) {
        if (path == null) return null;
        Path p = path.toAbsolutePath();
        Path dir = p.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new BadInputException(command + ": " + option + " " + path + ": the directory " + dir + " does not exist");
        }
        if (Files.isDirectory(p)) throw new BadInputException(command + ": " + option + " " + path + ": is a directory");
        return p;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Refuses a {@code --layer} or {@code --head} the run in {@code fileName} does not have, at {@code site}'s side. */
    static void checkLayerAndHead(String command, String fileName, org.qkvlens.app.state.RunInfo info,
                                  org.qkvlens.probe.Site site, int layer, int head) {
        boolean encoder = site.isEncoder();
        String side = encoder ? "encoder" : "decoder";
        int layers = info.layers(encoder), heads = info.heads(encoder);
        if (layer >= layers) {
            throw new BadInputException(command + ": --layer " + layer + ": the " + side + " of " + fileName + " has "
                    + layers + " layer" + (layers == 1 ? "" : "s") + " (0–" + (layers - 1) + ")");
        }
        if (head >= heads) {
            throw new BadInputException(command + ": --head " + head + ": the " + side + " of " + fileName + " has "
                    + heads + " head" + (heads == 1 ? "" : "s") + " (0–" + (heads - 1) + ", or -1 for all)");
        }
    }
}
