package org.qkvlens.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.data.Vocab;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Seq2Seq;
import org.qkvlens.engine.Weights;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;
import org.qkvlens.io.SafeTensors;
import org.qkvlens.io.SafeTensorsWriter;
import org.qkvlens.session.RunRecord;

/**
 * A model directory as a PyTorch user brings it and {@code train --save-model} writes it: {@code config.json} (the
 * tutorial's {@code src_vocab}, {@code hid_dim}, … ; other keys ignored, except our optional {@code tokenizer},
 * "words" or "spaces", and {@code epoch}, a whole number), {@code vocab.json} ({@code {"src_itos": [...], "trg_itos": [...]}}, torchtext's specials first) and
 * the weights in safetensors under the tutorial's {@code state_dict} names, in one of three layouts:
 * <ul>
 *   <li>{@code model.safetensors}: one checkpoint, shown as the epoch in its {@code __metadata__} ("epoch"), else
 *       config.json's "epoch", else 1;</li>
 *   <li>Hugging Face shards {@code model-00001-of-0000N.safetensors} with {@code model.safetensors.index.json}
 *       ({@code weight_map}: tensor → shard): one checkpoint, epoch from the index's {@code metadata.epoch}, the
 *       first shard's metadata or config.json, else 1;</li>
 *   <li>{@code epochNN.safetensors} (epoch01, epoch2, epoch05 …; gaps fine): one checkpoint per file, epoch from
 *       the name.</li>
 * </ul>
 * {@link #load} reads and checks everything except the tensor data before anything is used: config.json against
 * vocab.json (sizes, {@code <pad>} index), and for every checkpoint every expected tensor present, none unexpected,
 * each with the exact shape config.json implies and a dtype QKV Lens reads (F32, F16, BF16). Every problem is one
 * {@link BadInputException} naming the file and the tensor. Files of no layout are ignored. {@link #readWeights}
 * then fills a model from one checkpoint, all or nothing. The {@code save*} methods write the same layout.
 * Leaves out: other model classes, optimizer state, PyTorch's pickle {@code .pt} format.
 */
public final class ModelDirectory {
    public static final String CONFIG = "config.json";
    public static final String VOCAB = "vocab.json";
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    private static final Pattern SHARD = Pattern.compile("model-(\\d+)-of-(\\d+)\\.safetensors");
    private static final Pattern EPOCH = Pattern.compile("epoch(\\d+)\\.safetensors");
    private static final Pattern LAYER = Pattern.compile("(encoder|decoder)\\.layers\\.(\\d+)\\..*");
    private static final String LOOKED_FOR = "model.safetensors; model.safetensors.index.json with its shards "
            + "model-00001-of-0000N.safetensors; or one epochNN.safetensors per epoch (epoch01.safetensors, …)";

    public enum Layout {
        SINGLE("single file"), SHARDED("sharded"), PER_EPOCH("one file per epoch");

        private final String label;

        Layout(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One set of weights: the epoch it is shown as, the file holding each tensor, and what its metadata says about
     * training ({@code step} −1 and losses NaN when it says nothing).
     */
    public record Checkpoint(int epoch, List<Path> files, Map<String, SafeTensors> tensorFiles, long step,
                             double trainLoss, double validLoss) {
        public Checkpoint {
            files = List.copyOf(files);
            tensorFiles = Collections.unmodifiableMap(new LinkedHashMap<>(tensorFiles));
        }

        /** The file names, for messages: {@code epoch05.safetensors} or {@code model-00001-of-00002.safetensors, …}. */
        public String fileNames() {
            return String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList());
        }
    }

    private final Path dir;
    private final ModelConfig config;
    private final Vocab srcVocab;
    private final Vocab trgVocab;
    private final TokenizerKind tokenizer;
    private final Layout layout;
    private final List<Checkpoint> checkpoints;

    private ModelDirectory(Path dir, ModelConfig config, Vocab srcVocab, Vocab trgVocab, TokenizerKind tokenizer,
                           Layout layout, List<Checkpoint> checkpoints) {
        this.dir = dir;
        this.config = config;
        this.srcVocab = srcVocab;
        this.trgVocab = trgVocab;
        this.tokenizer = tokenizer;
        this.layout = layout;
        this.checkpoints = List.copyOf(checkpoints);
    }

    public Path dir() {
        return dir;
    }

    public ModelConfig config() {
        return config;
    }

    public Vocab srcVocab() {
        return srcVocab;
    }

    public Vocab trgVocab() {
        return trgVocab;
    }

    /** config.json's "tokenizer" ("words" or "spaces", written by {@code train --save-model}), if it has one. */
    public Optional<TokenizerKind> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    public Layout layout() {
        return layout;
    }

    /** The checkpoints in epoch order. */
    public List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    // ------------------------------------------------------------------------------------------------ loading

    /** Reads config.json and vocab.json and checks every checkpoint's headers; reads no tensor data. */
    public static ModelDirectory load(Path dir) {
        if (!Files.exists(dir)) throw new BadInputException(dir + ": no such directory");
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + " is a file, not a directory: give the directory that holds " + CONFIG
                    + ", " + VOCAB + " and the weights");
        }
        JsonObject cfgJson = readJson(dir.resolve(CONFIG));
        ModelConfig config = config(cfgJson);
        long parameters = config.parameterCount(), heap = Runtime.getRuntime().maxMemory();
        if (parameters > Integer.MAX_VALUE) {
            throw new BadInputException(dir.resolve(CONFIG) + ": a model of this shape has more than 2^31 parameters");
        }
        if (parameters * 5 * Float.BYTES > heap / 2) {      // weights, gradients, transposes and Adam's moments
            throw new BadInputException(String.format("%s: a model of %,d parameters needs %.1f GB, more than half of the"
                    + " %.1f GB the Java heap may use here (raise it with -Xmx)", dir.resolve(CONFIG), parameters,
                    parameters * 5.0 * Float.BYTES / 1e9, heap / 1e9));
        }
        JsonObject vocabJson = readJson(dir.resolve(VOCAB));
        Vocab src = vocab(vocabJson, "src_itos");
        Vocab trg = vocab(vocabJson, "trg_itos");
        checkVocab(dir, config.srcVocab(), config.srcPadIdx(), src, "src");
        checkVocab(dir, config.trgVocab(), config.trgPadIdx(), trg, "trg");
        // our two optional keys; like every other extra key, a value that is not ours is ignored
        String t = cfgJson.get("tokenizer").textValue();
        TokenizerKind tokenizer = "words".equals(t) ? TokenizerKind.WORDS : "spaces".equals(t) ? TokenizerKind.SPACES : null;
        JsonNode epochField = cfgJson.get("epoch");
        int fallbackEpoch = epochField.isIntegralNumber() && epochField.canConvertToInt() && epochField.intValue() >= 0
                ? epochField.intValue() : 1;

        Found found = find(dir);
        List<Checkpoint> checkpoints = new ArrayList<>();
        Layout layout = found.layout;
        switch (layout) {
            case SINGLE -> {
                SafeTensors f = SafeTensors.open(dir.resolve(SINGLE));
                int epoch = metadataEpoch(f).orElse(fallbackEpoch);
                checkpoints.add(checkpoint(epoch, List.of(f.file()), everyTensorIn(f), f));
            }
            case SHARDED -> checkpoints.add(sharded(dir, fallbackEpoch));
            case PER_EPOCH -> {
                for (Map.Entry<Integer, Path> e : found.epochs.entrySet()) {
                    SafeTensors f = SafeTensors.open(e.getValue());
                    checkpoints.add(checkpoint(e.getKey(), List.of(f.file()), everyTensorIn(f), f));
                }
            }
        }
        // Before a model of the declared shape is built (its layer counts may be absurd): a 1-layer model's names.
        Set<String> oneLayer = new java.util.HashSet<>();
        for (Weights.Tensor w : new Weights(new ModelConfig(config.srcVocab(), config.trgVocab(), config.hidDim(), 1, 1,
                config.encHeads(), config.decHeads(), config.encPfDim(), config.decPfDim(), config.dropout(),
                config.maxLength(), config.srcPadIdx(), config.trgPadIdx())).tensors()) {
            oneLayer.add(w.name());
        }
        for (Checkpoint c : checkpoints) {
            checkForeign(c.tensorFiles(), oneLayer, where(c));
            checkLayers(c.tensorFiles().keySet(), "encoder", config.encLayers(), "enc_layers", where(c));
            checkLayers(c.tensorFiles().keySet(), "decoder", config.decLayers(), "dec_layers", where(c));
        }
        Weights expected;
        try {
            expected = new Weights(config);
        } catch (ArithmeticException tooLarge) {
            throw new BadInputException(dir.resolve(CONFIG) + ": a model of this shape has more than 2^31 parameters");
        }
        for (Checkpoint c : checkpoints) checkTensors(c, expected, config);
        return new ModelDirectory(dir, config, src, trg, tokenizer, layout, checkpoints);
    }

    /** A model of this directory's shape (the caller closes it). */
    public Seq2Seq newModel(int threads) {
        return new Seq2Seq(config, threads);
    }

    /**
     * Fills {@code model.params} with the checkpoint's weights (converted to float32) and calls
     * {@link Seq2Seq#parametersChanged()}. All tensors are read before any is written, so a failure leaves the
     * model as it was.
     */
    public void readWeights(Checkpoint c, Seq2Seq model) {
        if (!model.config.equals(config)) {
            throw new IllegalArgumentException("the model's config " + model.config + " is not this directory's " + config);
        }
        float[] values = new float[model.weights.size()];
        for (Weights.Tensor t : model.weights.tensors()) {
            SafeTensors file = c.tensorFiles().get(t.name());
            float[] v = file.readFloats(t.name());
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new BadInputException(file.file() + ": tensor " + t.name() + " holds " + v[i] + " at index " + i
                            + " (a diverged checkpoint?); QKV Lens needs finite weights");
                }
            }
            System.arraycopy(v, 0, values, t.offset(), t.size());
        }
        System.arraycopy(values, 0, model.params, 0, values.length);
        model.parametersChanged();
    }

    private record Found(Layout layout, Map<Integer, Path> epochs) {
    }

    /** Which layout the directory holds; exactly one, or an error that says what was looked for. */
    private static Found find(Path dir) {
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list the directory: " + e.getMessage(), e);
        }
        boolean single = names.contains(SINGLE), index = names.contains(INDEX);
        List<String> shards = names.stream().filter(n -> SHARD.matcher(n).matches()).toList();
        Map<Integer, Path> epochs = new TreeMap<>();
        for (String n : names) {
            Matcher m = EPOCH.matcher(n);
            if (!m.matches()) continue;
            int epoch = parseEpoch(m.group(1), dir.resolve(n));
            Path before = epochs.put(epoch, dir.resolve(n));
            if (before != null) {
                throw new BadInputException(dir + ": " + before.getFileName() + " and " + n + " are both epoch " + epoch + "; keep one");
            }
        }
        List<String> layouts = new ArrayList<>();
        if (single) layouts.add(SINGLE);
        if (index || !shards.isEmpty()) layouts.add(index ? INDEX : shards.getFirst());
        if (!epochs.isEmpty()) layouts.add(epochs.values().iterator().next().getFileName().toString());
        if (layouts.size() > 1) {
            throw new BadInputException(dir + " holds weights in more than one layout (" + String.join(" and ", layouts)
                    + "); keep one: " + LOOKED_FOR);
        }
        if (layouts.isEmpty()) {
            List<String> other = names.stream().filter(n -> n.endsWith(".safetensors")).toList();
            throw new BadInputException(dir + ": no weights found; looked for " + LOOKED_FOR
                    + (other.isEmpty() ? "" : " (found " + String.join(", ", other) + ", which fits none of these names)"));
        }
        if (single) return new Found(Layout.SINGLE, Map.of());
        if (!epochs.isEmpty()) return new Found(Layout.PER_EPOCH, epochs);
        if (!index) {
            throw new BadInputException(dir + ": " + shards.getFirst() + " is a shard of a sharded checkpoint, but "
                    + INDEX + ", which says which shard holds which tensor, is missing");
        }
        return new Found(Layout.SHARDED, Map.of());
    }

    private static Checkpoint sharded(Path dir, int fallbackEpoch) {
        Path indexFile = dir.resolve(INDEX);
        JsonObject index = readJson(indexFile);
        JsonObject map = index.getObject("weight_map");
        Map<String, SafeTensors> shards = new TreeMap<>();   // by name: model-00001-of-… first
        Map<String, SafeTensors> tensorFiles = new LinkedHashMap<>();
        for (String tensor : map.keys()) {
            String shard = map.getString(tensor);
            if (!shard.endsWith(".safetensors") || shard.contains("/") || shard.contains("\\")) {
                throw new BadInputException(indexFile + ": weight_map puts " + tensor + " in \"" + shard
                        + "\", which is not a .safetensors file name in this directory");
            }
            SafeTensors f = shards.get(shard);
            if (f == null) {
                if (!Files.isRegularFile(dir.resolve(shard))) {
                    throw new BadInputException(indexFile + ": weight_map puts " + tensor + " in " + shard
                            + ", which is not in " + dir);
                }
                f = SafeTensors.open(dir.resolve(shard));
                shards.put(shard, f);
            }
            if (f.tensor(tensor) == null) {
                throw new BadInputException(indexFile + ": weight_map puts " + tensor + " in " + shard
                        + ", but that file has no such tensor");
            }
            tensorFiles.put(tensor, f);
        }
        if (shards.isEmpty()) throw new BadInputException(indexFile + ": weight_map is empty");
        for (SafeTensors f : shards.values()) {
            for (String tensor : f.tensors().keySet()) {
                if (tensorFiles.get(tensor) != f) {
                    throw new BadInputException(f.file() + ": holds tensor " + tensor + ", which " + INDEX + "'s weight_map "
                            + (tensorFiles.containsKey(tensor) ? "puts in " + tensorFiles.get(tensor).file().getFileName()
                            : "does not list"));
                }
            }
        }
        SafeTensors first = shards.values().iterator().next();
        Optional<Integer> epoch = Optional.empty();
        if (index.has("metadata") && index.getObject("metadata").has("epoch")) {
            JsonObject meta = index.getObject("metadata");
            JsonNode e = meta.get("epoch");
            epoch = Optional.of(e.isTextual() ? parseEpoch(e.textValue(), indexFile)
                    : nonNegative(meta.getInt("epoch"), indexFile + ": metadata.epoch"));
        }
        if (epoch.isEmpty()) epoch = metadataEpoch(first);
        List<Path> files = shards.values().stream().map(SafeTensors::file).toList();
        return checkpoint(epoch.orElse(fallbackEpoch), files, tensorFiles, first);
    }

    private static Map<String, SafeTensors> everyTensorIn(SafeTensors f) {
        Map<String, SafeTensors> m = new LinkedHashMap<>();
        for (String t : f.tensors().keySet()) m.put(t, f);
        return m;
    }

    /** A checkpoint whose step and losses come from {@code metaFile}'s {@code __metadata__}. */
    private static Checkpoint checkpoint(int epoch, List<Path> files, Map<String, SafeTensors> tensorFiles,
                                         SafeTensors metaFile) {
        Map<String, String> meta = metaFile.metadata();
        long step = meta.containsKey("step") ? parseLong(meta.get("step"), metaFile.file(), "step") : -1;
        double train = meta.containsKey("train_loss") ? parseDouble(meta.get("train_loss"), metaFile.file(), "train_loss") : Double.NaN;
        double valid = meta.containsKey("valid_loss") ? parseDouble(meta.get("valid_loss"), metaFile.file(), "valid_loss") : Double.NaN;
        return new Checkpoint(epoch, files, tensorFiles, step, train, valid);
    }

    /**
     * Every expected tensor present with the shape config.json implies, nothing else, every dtype readable.
     * Layer counts are checked first, so a config that disagrees with the weights is named as such.
     */
    /** Refuses a checkpoint that holds none of the tutorial's tensors ({@code names}), saying what it seems to be. */
    private static void checkForeign(Map<String, SafeTensors> found, Set<String> names, String where) {
        if (found.keySet().stream().noneMatch(names::contains)) {
            String first = found.isEmpty() ? null : found.keySet().iterator().next();
            throw new BadInputException(where + ": none of the tutorial's tensors (encoder.tok_embedding.weight, …) is here"
                    + (first == null ? "; the file holds no tensors"
                    : first.startsWith("module.") ? "; its names start with \"module.\" (a DistributedDataParallel wrapper):"
                    + " save model.module.state_dict()" : "; it holds " + first + ", … : is this bentrevett's Seq2Seq?"));
        }
    }

    /** The checkpoint's file, or its index and shards, for messages. */
    private static String where(Checkpoint c) {
        return c.files().size() == 1 ? c.files().getFirst().toString()
                : c.files().getFirst().resolveSibling(INDEX) + " (" + c.fileNames() + ")";
    }

    private static void checkTensors(Checkpoint c, Weights expected, ModelConfig config) {
        Map<String, SafeTensors> found = c.tensorFiles();
        String where = where(c);                        // load has checked it is the tutorial's, with its layers
        List<String> missing = new ArrayList<>();
        for (Weights.Tensor t : expected.tensors()) if (!found.containsKey(t.name())) missing.add(t.name());
        List<String> unexpected = new ArrayList<>();
        for (String name : found.keySet()) if (expected.tensor(name) == null) unexpected.add(name);
        if (!missing.isEmpty()) {
            Weights.Tensor t = expected.tensor(missing.getFirst());
            String more = missing.size() > 1 ? " and " + (missing.size() - 1) + " more (" + String.join(", ",
                    missing.subList(1, Math.min(missing.size(), 4))) + (missing.size() > 4 ? ", …" : "") + ")" : "";
            String instead = unexpected.isEmpty() ? "" : "; it has " + unexpected.getFirst()
                    + (unexpected.size() > 1 ? " (and " + (unexpected.size() - 1) + " more)" : "")
                    + " instead, which the tutorial's model does not have (misnamed?)";
            throw new BadInputException(where + ": missing tensor " + t.name() + " " + SafeTensors.shapeString(t.shape())
                    + more + instead);
        }
        if (!unexpected.isEmpty()) {
            throw new BadInputException(found.get(unexpected.getFirst()).file() + ": unexpected tensor " + unexpected.getFirst()
                    + (unexpected.size() > 1 ? " (and " + (unexpected.size() - 1) + " more: " + String.join(", ",
                    unexpected.subList(1, Math.min(unexpected.size(), 4))) + (unexpected.size() > 4 ? ", …" : "") + ")" : "")
                    + ": the tutorial's Seq2Seq has no such parameter");
        }
        for (Weights.Tensor t : expected.tensors()) {
            SafeTensors f = found.get(t.name());
            SafeTensors.Entry e = f.tensor(t.name());
            if (!Arrays.equals(e.shape(), t.shape())) {
                throw new BadInputException(f.file() + ": tensor " + t.name() + " has shape " + SafeTensors.shapeString(e.shape())
                        + " but config.json's " + dims(t.name()) + " is " + SafeTensors.shapeString(t.shape())
                        + (isTranspose(e.shape(), t.shape()) ? " (Linear weights are (out_features, in_features))" : ""));
            }
            if (!e.dtype().readable()) {
                throw new BadInputException(f.file() + ": tensor " + t.name() + " is " + e.dtype()
                        + "; QKV Lens reads F32, F16 and BF16 weights (in PyTorch, save model.float().state_dict())");
            }
        }
    }

    private static void checkLayers(Set<String> names, String side, int layers, String field, String where) {
        TreeSet<Integer> present = new TreeSet<>();
        for (String n : names) {
            Matcher m = LAYER.matcher(n);
            if (m.matches() && m.group(1).equals(side)) {
                try {
                    present.add(Integer.parseInt(m.group(2)));
                } catch (NumberFormatException tooBig) {
                    present.add(Integer.MAX_VALUE);
                }
            }
        }
        if (!present.isEmpty() && present.last() >= layers) {
            throw new BadInputException(where + ": has tensors of " + side + " layer " + present.last() + " ("
                    + side + ".layers." + present.last() + ".…) but config.json says " + field + " " + layers
                    + " (layers 0 to " + (layers - 1) + ")");
        }
        for (int l = 0; l < layers; l++) {
            if (!present.contains(l)) {
                throw new BadInputException(where + ": config.json says " + field + " " + layers + " but there are no tensors of "
                        + side + " layer " + l + " (" + side + ".layers." + l + ".…)");
            }
        }
    }

    /** The config.json fields a tensor's shape comes from, e.g. {@code (enc_pf_dim, hid_dim)}. */
    static String dims(String name) {
        String pf = name.startsWith("encoder") ? "enc_pf_dim" : "dec_pf_dim";
        boolean weight = name.endsWith(".weight");
        if (name.endsWith("tok_embedding.weight")) return name.startsWith("encoder") ? "(src_vocab, hid_dim)" : "(trg_vocab, hid_dim)";
        if (name.endsWith("pos_embedding.weight")) return "(max_length, hid_dim)";
        if (name.startsWith("decoder.fc_out")) return weight ? "(trg_vocab, hid_dim)" : "(trg_vocab,)";
        if (name.contains(".fc_1.")) return weight ? "(" + pf + ", hid_dim)" : "(" + pf + ",)";
        if (name.contains(".fc_2.")) return weight ? "(hid_dim, " + pf + ")" : "(hid_dim,)";
        if (name.contains("layer_norm")) return "(hid_dim,)";
        return weight ? "(hid_dim, hid_dim)" : "(hid_dim,)";
    }

    private static boolean isTranspose(int[] found, int[] expected) {
        return found.length == 2 && expected.length == 2 && found[0] == expected[1] && found[1] == expected[0]
                && found[0] != found[1];
    }

    private static ModelConfig config(JsonObject j) {
        try {
            return new ModelConfig(j.getInt("src_vocab"), j.getInt("trg_vocab"), j.getInt("hid_dim"), j.getInt("enc_layers"),
                    j.getInt("dec_layers"), j.getInt("enc_heads"), j.getInt("dec_heads"), j.getInt("enc_pf_dim"),
                    j.getInt("dec_pf_dim"), (float) j.getDouble("dropout"), j.getInt("max_length"), j.getInt("src_pad_idx"),
                    j.getInt("trg_pad_idx"));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(j.sourceName() + ": " + e.getMessage(), e);
        }
    }

    private static Vocab vocab(JsonObject j, String key) {
        return Vocab.of(j.getStringList(key), j.sourceName() + ": " + key);
    }

    private static void checkVocab(Path dir, int size, int padIdx, Vocab v, String side) {
        if (v.size() != size) {
            throw new BadInputException(dir.resolve(CONFIG) + ": " + side + "_vocab is " + size + " but " + VOCAB + "'s "
                    + side + "_itos has " + v.size() + " tokens");
        }
        if (padIdx != Vocab.PAD) {
            throw new BadInputException(dir.resolve(CONFIG) + ": " + side + "_pad_idx is " + padIdx + " but " + VOCAB + "'s "
                    + side + "_itos has \"<pad>\" at " + Vocab.PAD);
        }
    }

    private static JsonObject readJson(Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException(file + ": missing (a model directory holds " + CONFIG + ", " + VOCAB
                    + " and the weights in safetensors)");
        }
        return JsonObject.of(Json.parseFile(file), file.toString());
    }

    private static Optional<Integer> metadataEpoch(SafeTensors f) {
        String e = f.metadata().get("epoch");
        return e == null ? Optional.empty() : Optional.of(parseEpoch(e, f.file()));
    }

    private static int parseEpoch(String text, Path where) {
        try {
            return nonNegative(Integer.parseInt(text.strip()), where + ": epoch");
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": epoch \"" + text + "\" is not a whole number");
        }
    }

    private static int nonNegative(int value, String what) {
        if (value < 0) throw new BadInputException(what + " must not be negative, found " + value);
        return value;
    }

    private static long parseLong(String text, Path file, String key) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": __metadata__ " + key + " \"" + text + "\" is not a whole number");
        }
    }

    private static double parseDouble(String text, Path file, String key) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": __metadata__ " + key + " \"" + text + "\" is not a number");
        }
    }

    // ------------------------------------------------------------------------------------------------- saving

    /** {@code epochNN.safetensors}, at least two digits. */
    public static String epochFileName(int epoch) {
        return String.format(Locale.ROOT, "epoch%02d.safetensors", epoch);
    }

    /**
     * Checks that {@code dir} can take a new model: it does not exist yet, or it is a directory that holds no model
     * (no config.json, vocab.json or weights of any layout), so two runs never mix their files. Creates nothing.
     */
    public static void checkNew(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new BadInputException(dir + " is a file, not a directory");
        if (!Files.isDirectory(dir)) return;
        List<String> taken;
        try (Stream<Path> s = Files.list(dir)) {
            taken = s.map(p -> p.getFileName().toString()).filter(n -> n.equals(CONFIG) || n.equals(VOCAB) || n.equals(SINGLE)
                    || n.equals(INDEX) || SHARD.matcher(n).matches() || EPOCH.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list the directory: " + e.getMessage(), e);
        }
        if (!taken.isEmpty()) {
            throw new BadInputException(dir + " already holds a model (" + String.join(", ", taken.subList(0,
                    Math.min(3, taken.size()))) + (taken.size() > 3 ? ", …" : "") + "); give a new or empty directory");
        }
    }

    /** {@link #checkNew}, then creates the directory (and missing parents). */
    public static void prepareNew(Path dir) {
        checkNew(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot create the directory: " + e.getMessage(), e);
        }
    }

    /** Writes config.json (with "tokenizer" when given) and vocab.json. */
    public static void saveDescription(Path dir, ModelConfig config, Vocab src, Vocab trg, TokenizerKind tokenizer) {
        Map<String, Object> cfg = new LinkedHashMap<>(RunRecord.model(config));
        if (tokenizer != null) cfg.put("tokenizer", tokenizer.name().toLowerCase(Locale.ROOT));
        writeText(dir.resolve(CONFIG), Json.writePretty(cfg) + "\n");
        Map<String, Object> vocab = new LinkedHashMap<>();
        vocab.put("src_itos", src.itos());
        vocab.put("trg_itos", trg.itos());
        writeText(dir.resolve(VOCAB), Json.writePretty(vocab) + "\n");
    }

    /**
     * Writes the model's weights as float32 safetensors named {@code fileName} in {@code dir}, tensors in
     * {@code state_dict} order, with {@code metadata} (e.g. epoch, step, train_loss, valid_loss) plus
     * {@code "format": "pt"}. Returns the file.
     */
    public static Path saveWeights(Path dir, String fileName, Seq2Seq model, Map<String, String> metadata) {
        List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
        for (Weights.Tensor t : model.weights.tensors()) {
            tensors.add(new SafeTensorsWriter.Tensor(t.name(), t.shape(), model.params, t.offset()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.putAll(metadata);
        Path file = dir.resolve(fileName);
        try {
            SafeTensorsWriter.writeF32(file, tensors, meta);
        } catch (IOException e) {
            throw new BadInputException(file + ": could not write the weights: " + e.getMessage(), e);
        }
        return file;
    }

    /** config.json, vocab.json and one model.safetensors (with {@code metadata}) into a new directory. */
    public static void save(Path dir, Seq2Seq model, Vocab src, Vocab trg, TokenizerKind tokenizer, Map<String, String> metadata) {
        prepareNew(dir);
        saveDescription(dir, model.config, src, trg, tokenizer);
        saveWeights(dir, SINGLE, model, metadata);
    }

    /** The metadata {@code train --save-model} writes: epoch, global step, and the losses that were measured. */
    public static Map<String, String> trainingMetadata(int epoch, long step, double trainLoss, double validLoss) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epoch", Integer.toString(epoch));
        m.put("step", Long.toString(step));
        if (!Double.isNaN(trainLoss)) m.put("train_loss", Double.toString(trainLoss));
        if (!Double.isNaN(validLoss)) m.put("valid_loss", Double.toString(validLoss));
        return m;
    }

    private static void writeText(Path file, String text) {
        try {
            org.qkvlens.io.AtomicFiles.write(file, temp -> Files.writeString(temp, text, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(file + ": could not write: " + e.getMessage(), e);
        }
    }

}
