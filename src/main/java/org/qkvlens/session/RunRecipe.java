package org.qkvlens.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.data.TextPair;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.Preset;
import org.qkvlens.io.AtomicFiles;
import org.qkvlens.io.FileDigest;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.probe.Site;

/**
 * {@code recipe.json} in an app run's directory: everything needed to build the same training session again and go on
 * from its checkpoint — the run request (every field the user set; the probe set already resolved), the corpus, copied
 * into {@code corpus/} with each copy's SHA-256, and every probe sentence in order. Copying makes the run whole on its
 * own: a sample corpus unpacked to a temporary directory, or a file edited since, cannot change what "continue" trains
 * on; a copy edited or damaged since is refused by name. The command line keeps its own {@code command.json} (the
 * options it was given). Leaves out the training state (the checkpoints) and what was captured (the snapshots).
 */
public record RunRecipe(RunRequest request, String corpusLabel, boolean aligned, List<Path> corpus, List<ProbeLine> probes,
                        int typed) {
    public static final String FILE = "recipe.json";
    static final String CORPUS_DIR = "corpus";
    private static final String FORMAT = "qkv-lens-recipe";

    public RunRecipe {
        corpus = List.copyOf(corpus);
        probes = List.copyOf(probes);
        if (corpus.size() != (aligned ? 2 : 1)) throw new IllegalArgumentException("corpus files: " + corpus);
        if (typed < 0 || typed > probes.size()) throw new IllegalArgumentException("typed probes: " + typed);
    }

    /** Whether {@code runDir} holds a recipe (an app run that can go on). */
    public static boolean isIn(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE));
    }

    /**
     * Writes the recipe of {@code session} into {@code runDir}: {@code request} as asked, with the probes the session
     * resolved (the first {@code typed} typed by the user, then the probe set's) in place of the probe set, and copies
     * of {@code corpusFiles} (one file of pairs, or source and target when {@code aligned}).
     */
    public static void write(Path runDir, RunRequest request, String corpusLabel, boolean aligned, List<Path> corpusFiles,
                             List<ProbeLine> probes, int typed) {
        try {
            Path into = runDir.resolve(CORPUS_DIR);
            Files.createDirectories(into);
            List<Object> files = new ArrayList<>();
            String[] roles = aligned ? new String[] {"source", "target"} : new String[] {"pairs"};
            for (int i = 0; i < corpusFiles.size(); i++) {
                Path from = corpusFiles.get(i);
                String name = roles[i] + "/" + from.getFileName();     // the file's own name: the panel shows it
                Path copy = into.resolve(name);
                Files.createDirectories(copy.getParent());
                Path temp = AtomicFiles.sibling(copy);
                Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
                AtomicFiles.moveIntoPlace(temp, copy);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("role", roles[i]);
                f.put("file", CORPUS_DIR + "/" + name);
                f.put("original", from.toAbsolutePath().normalize().toString());
                f.put("bytes", FileDigest.size(copy));
                f.put("sha256", FileDigest.sha256(copy));
                files.add(f);
            }
            List<Object> lines = new ArrayList<>();
            for (ProbeLine p : probes) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("text", p.text());
                if (p.reference() != null) l.put("reference", p.reference());
                if (p.origin() != null) l.put("origin", p.origin());
                lines.add(l);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", FORMAT);
            m.put("version", 1);
            m.put("request", requestMap(request));
            m.put("corpus_label", corpusLabel);
            m.put("corpus", files);
            m.put("probes", lines);
            m.put("typed_probes", typed);
            String json = Json.writePretty(m);
            AtomicFiles.write(runDir.resolve(FILE), temp -> Files.writeString(temp, json));
        } catch (IOException e) {
            throw new BadInputException(runDir + ": could not write " + FILE + " (what continuing the run needs): "
                    + e.getMessage(), e);
        }
    }

    /** The recipe in {@code runDir}, its corpus copies checked against their SHA-256; a damaged one is a message naming it. */
    public static RunRecipe read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(runDir + ": no " + FILE + " inside: a run the app did not start (a command-line run"
                    + " goes on with train --resume), or one from before runs could go on");
        }
        JsonObject m = JsonObject.of(Json.parseFile(file), file.toString());
        if (!FORMAT.equals(m.getString("format", ""))) throw new BadInputException(file + ": \"format\" is not " + FORMAT);
        List<Path> corpus = new ArrayList<>();
        List<JsonObject> files = m.getObjectList("corpus");
        for (JsonObject f : files) {
            String rel = f.getString("file");
            Path p = runDir.resolve(rel).normalize();
            if (!p.startsWith(runDir.resolve(CORPUS_DIR).normalize()) || !Files.isRegularFile(p)) {
                throw new BadInputException(file + ": corpus file \"" + rel + "\" is not in the run's " + CORPUS_DIR + "/ folder");
            }
            if (FileDigest.size(p) != f.getLong("bytes") || !FileDigest.sha256(p).equals(f.getString("sha256"))) {
                throw new BadInputException(p + " has changed since the run started (its SHA-256 is not the one in " + FILE
                        + "): going on would train on other data; put the file back or start a new run");
            }
            corpus.add(p);
        }
        if (files.size() != 1 && files.size() != 2) throw new BadInputException(file + ": \"corpus\" must list 1 or 2 files");
        List<ProbeLine> probes = new ArrayList<>();
        for (JsonObject l : m.getObjectList("probes")) {
            probes.add(new ProbeLine(l.getString("text"), l.hasValue("reference") ? l.getString("reference") : null,
                    l.hasValue("origin") ? l.getString("origin") : null));
        }
        int typed = m.getInt("typed_probes");
        if (typed < 0 || typed > probes.size()) {
            throw new BadInputException(file + ": \"typed_probes\" is " + typed + ", not between 0 and the " + probes.size()
                    + " probes it lists");
        }
        return new RunRecipe(request(m.getObject("request"), file), m.getString("corpus_label"), files.size() == 2, corpus,
                probes, typed);
    }

    /** Records in {@code runDir}'s recipe that the run now trains {@code epochs} epochs (it was continued further). */
    public static void setEpochs(Path runDir, int epochs) {
        Path file = runDir.resolve(FILE);
        Map<String, Object> m = new LinkedHashMap<>(JsonObject.of(Json.parseFile(file), file.toString()).toMap());
        @SuppressWarnings("unchecked")
        Map<String, Object> request = new LinkedHashMap<>((Map<String, Object>) m.get("request"));
        request.put("epochs", epochs);
        m.put("request", request);
        String json = Json.writePretty(m);
        try {
            AtomicFiles.write(file, temp -> Files.writeString(temp, json));
        } catch (IOException e) {
            throw new BadInputException(file + ": could not write: " + e.getMessage(), e);
        }
    }

    /** The corpus pairs, read from the run's copies. */
    public List<TextPair> pairs() {
        return aligned ? CorpusReader.readAligned(corpus.get(0), corpus.get(1)) : CorpusReader.readPairs(corpus.get(0));
    }

    /** The session's setup, the same as when the run started (same pairs, same probes, same numbers). */
    public RunSetup setup() {
        return request.setup(corpusLabel, pairs(), null, probes);
    }

    // --------------------------------------------------------------------------------------------- the request

    private static Map<String, Object> requestMap(RunRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", r.preset().name().toLowerCase(Locale.ROOT));
        put(m, "hid_dim", r.hidDim());
        put(m, "enc_layers", r.encLayers());
        put(m, "dec_layers", r.decLayers());
        put(m, "enc_heads", r.encHeads());
        put(m, "dec_heads", r.decHeads());
        put(m, "enc_pf_dim", r.encPfDim());
        put(m, "dec_pf_dim", r.decPfDim());
        put(m, "dropout", r.dropout());
        put(m, "max_length", r.maxLength());
        put(m, "batch_size", r.batchSize());
        put(m, "epochs", r.epochs());
        put(m, "learning_rate", r.learningRate());
        put(m, "clip", r.clip());
        put(m, "seed", r.seed());
        put(m, "threads", r.threads());
        put(m, "max_decode", r.maxDecode());
        put(m, "batch_order", r.order() == null ? null : r.order().name().toLowerCase(Locale.ROOT));
        put(m, "tokenizer", r.tokenizer() == null ? null : r.tokenizer().name().toLowerCase(Locale.ROOT));
        put(m, "min_freq", r.minFreq());
        put(m, "valid_fraction", r.validFraction());
        put(m, "snapshot_every_steps", r.snapshotEverySteps());
        CaptureFilter c = r.capture();
        if (c != null && !c.keepsAll()) m.put("capture", RunDirectory.captureMap(c));
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value instanceof Float f) value = (double) f;
        if (value != null) m.put(key, value);
    }

    private static RunRequest request(JsonObject m, Path file) {
        try {
            Preset preset = Preset.valueOf(m.getString("preset").toUpperCase(Locale.ROOT));
            CaptureFilter capture = null;
            if (m.hasValue("capture")) {
                JsonObject c = m.getObject("capture");
                capture = new CaptureFilter(each(c.getStringList("sites"), Site::fromId),
                        new LinkedHashSet<>(java.util.Arrays.stream(c.getIntArray("layers")).boxed().toList()),
                        each(c.getStringList("kinds"), Kind::fromId));
            }
            return new RunRequest(preset, integer(m, "hid_dim"), integer(m, "enc_layers"), integer(m, "dec_layers"),
                    integer(m, "enc_heads"), integer(m, "dec_heads"), integer(m, "enc_pf_dim"), integer(m, "dec_pf_dim"),
                    real(m, "dropout"), integer(m, "max_length"), integer(m, "batch_size"), integer(m, "epochs"),
                    real(m, "learning_rate"), real(m, "clip"), m.hasValue("seed") ? m.getLong("seed") : null,
                    integer(m, "threads"), integer(m, "max_decode"),
                    m.hasValue("batch_order") ? BatchOrder.valueOf(m.getString("batch_order").toUpperCase(Locale.ROOT)) : null,
                    m.hasValue("tokenizer") ? TokenizerKind.valueOf(m.getString("tokenizer").toUpperCase(Locale.ROOT)) : null,
                    integer(m, "min_freq"), real(m, "valid_fraction"), integer(m, "snapshot_every_steps"), null, capture);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": \"request\": " + e.getMessage(), e);
        }
    }

    private static <T> Set<T> each(List<String> ids, Function<String, T> parse) {
        Set<T> out = new LinkedHashSet<>();
        for (String id : ids) out.add(parse.apply(id));
        return out;
    }

    private static Integer integer(JsonObject m, String key) {
        return m.hasValue(key) ? m.getInt(key) : null;
    }

    private static Float real(JsonObject m, String key) {
        return m.hasValue(key) ? (float) m.getDouble(key) : null;
    }
}
