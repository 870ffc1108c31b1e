package org.qkvlens.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.JsonObject;
import org.qkvlens.io.NpyArray;
import org.qkvlens.io.NpyDtype;
import org.qkvlens.io.NpzReader;
import org.qkvlens.io.NpzWriter;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.store.TensorCache;

/**
 * The snapshot file: one {@code .npz} zip that {@code numpy.load} opens, holding a float32 {@code .npy} per captured
 * array and a {@code manifest.json} that says what each array is (see the README's "Snapshot files").
 * Array names: {@code e030_p0_dec_cross_l0_K} = epoch 30, probe 0, decoder–encoder attention, layer 0, K; a
 * mid-epoch snapshot adds its step ({@code e003s120_...}). Written atomically; reading checks everything and
 * reports a bad or foreign file with its name and the entry at fault.
 */
public final class SnapshotFile {
    public static final String FORMAT = "qkv-lens-snapshots";
    public static final int VERSION = 1;
    private static final String MANIFEST = "manifest.json";

    private SnapshotFile() {
    }

    public static void write(Path file, RunRecord run) {
        write(file, run, NpzWriter.Compression.DEFLATED);
    }

    /** As {@link #write(Path, RunRecord)}, with the entries stored as {@code compression} says. */
    static void write(Path file, RunRecord run, NpzWriter.Compression compression) {
        try (NpzWriter npz = new NpzWriter(file, compression)) {
            List<Object> arrays = new ArrayList<>();
            List<Object> snapshots = new ArrayList<>();
            for (int si = 0; si < run.snapshots().size(); si++) {
                Snapshot s = run.snapshots().get(si);
                String prefix = String.format("e%03d", s.epoch()) + (s.endOfEpoch() ? "" : "s" + s.step());
                List<Object> probes = new ArrayList<>();
                for (ProbeCapture c : s.probes()) {
                    Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("probe", c.probe());
                    pm.put("source", c.sourceLabels());
                    pm.put("translation", c.translation());
                    pm.put("decoder_labels", c.decoderLabels());
                    pm.put("from_reference", c.fromReference());
                    probes.add(pm);
                    for (ArrayKey key : sortedKeys(c)) {
                        Tensor t = c.array(key);
                        String name = prefix + "_p" + c.probe() + "_" + key.id();
                        npz.add(name, NpyArray.ofFloats(t.data(), t.shape()));
                        Map<String, Object> am = new LinkedHashMap<>();
                        am.put("name", name);
                        am.put("entry", name + ".npy");
                        am.put("snapshot", si);
                        am.put("epoch", s.epoch());
                        am.put("step", s.step());
                        am.put("probe", c.probe());
                        am.put("site", key.site().id());
                        am.put("layer", key.layer());
                        am.put("kind", key.kind().id());
                        am.put("shape", t.shape());
                        am.put("rows", c.rowLabels(key));
                        am.put("cols", c.columnLabels(key));
                        arrays.add(am);
                    }
                }
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("index", si);
                sm.put("epoch", s.epoch());
                sm.put("step", s.step());
                sm.put("end_of_epoch", s.endOfEpoch());
                sm.put("train_loss", s.trainLoss());
                sm.put("valid_loss", s.validLoss());
                sm.put("probes", probes);
                snapshots.add(sm);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", FORMAT);
            m.put("version", VERSION);
            m.put("config", run.config());
            m.put("vocab", Map.of("src_itos", run.srcItos(), "trg_itos", run.trgItos()));
            List<Object> losses = new ArrayList<>();
            for (RunRecord.EpochLoss l : run.losses()) losses.add(l.toMap());
            m.put("losses", losses);
            m.put("probes", probeList(run));
            m.put("snapshots", snapshots);
            m.put("arrays", arrays);
            npz.addJson(MANIFEST, m);
            npz.commit();
        } catch (IOException e) {
            throw new BadInputException(file + ": could not write the snapshot file: " + e.getMessage(), e);
        }
    }

    private static List<Object> probeList(RunRecord run) {
        Snapshot last = run.snapshots().isEmpty() ? null : run.snapshots().getLast();
        List<Object> probes = new ArrayList<>();
        for (RunRecord.ProbeInfo p : run.probes()) {
            Map<String, Object> pm = p.toMap();
            ProbeCapture c = last == null ? null : last.probe(p.index());
            pm.put("tokens", c == null ? null : c.sourceLabels());
            pm.put("translation", c == null ? null : c.translation());
            probes.add(pm);
        }
        return probes;
    }

    private static List<ArrayKey> sortedKeys(ProbeCapture c) {
        List<ArrayKey> keys = new ArrayList<>(c.arrays().keySet());
        keys.sort((a, b) -> a.site() != b.site() ? a.site().compareTo(b.site())
                : a.layer() != b.layer() ? Integer.compare(a.layer(), b.layer()) : a.kind().compareTo(b.kind()));
        return keys;
    }

    /**
     * Reads a snapshot file, or a run directory (see {@link RunDirectory}) whose arrays then stay on disk until asked
     * for, through the process's shared {@link TensorCache}.
     */
    public static RunRecord readFileOrRun(Path path) {
        return java.nio.file.Files.isDirectory(path) ? RunDirectory.read(path, TensorCache.shared()) : read(path);
    }

    /** Reads a file written by {@link #write}; a bad or foreign file is a {@link BadInputException} naming it. */
    public static RunRecord read(Path file) {
        try (NpzReader npz = new NpzReader(file)) {
            if (!npz.hasEntry(MANIFEST)) {
                throw new BadInputException(file + ": not a QKV Lens snapshot file (no manifest.json inside)");
            }
            JsonObject m = JsonObject.of(npz.readJson(MANIFEST), file + ": manifest.json");
            if (!FORMAT.equals(m.getString("format", null))) {
                throw new BadInputException(file + ": manifest.json is not a QKV Lens snapshot manifest (format is not \"" + FORMAT + "\")");
            }
            int version = m.getInt("version");
            if (version < 1) throw new BadInputException(file + ": manifest.json: version " + version + " is not a version");
            if (version > VERSION) {
                throw new BadInputException(file + ": snapshot format version " + version + " is newer than this QKV Lens reads ("
                        + VERSION + "); update QKV Lens");
            }
            JsonObject vocab = m.getObject("vocab");
            List<RunRecord.EpochLoss> losses = new ArrayList<>();
            for (JsonObject l : m.getObjectList("losses")) {
                losses.add(RunRecord.EpochLoss.of(l));
            }
            List<RunRecord.ProbeInfo> probes = new ArrayList<>();
            java.util.Set<Integer> probeIndices = new java.util.HashSet<>();
            for (JsonObject p : m.getObjectList("probes")) {
                RunRecord.ProbeInfo info = RunRecord.ProbeInfo.of(p);
                if (!probeIndices.add(info.index())) {
                    throw new BadInputException(file + ": manifest.json: probe " + info.index() + " is listed twice");
                }
                probes.add(info);
            }
            java.util.Set<Integer> snapshotIndices = new java.util.HashSet<>();
            for (JsonObject s : m.getObjectList("snapshots")) {
                int index = s.getInt("index");
                if (!snapshotIndices.add(index)) {
                    throw new BadInputException(file + ": manifest.json: snapshot " + index + " is listed twice");
                }
            }
            Map<Integer, Map<Integer, Map<ArrayKey, Tensor>>> arrays = new HashMap<>();
            for (JsonObject a : m.getObjectList("arrays")) {
                String name = a.getString("name");
                ArrayKey key;
                try {
                    key = new ArrayKey(Site.fromId(a.getString("site")), a.getInt("layer"), Kind.fromId(a.getString("kind")));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(file + ": manifest.json, array " + name + ": " + e.getMessage());
                }
                int snapshot = a.getInt("snapshot"), probe = a.getInt("probe");
                if (!snapshotIndices.contains(snapshot)) {
                    throw new BadInputException(file + ": manifest.json, array " + name + ": snapshot " + snapshot
                            + " is not in the snapshot list");
                }
                if (!probeIndices.contains(probe)) {
                    throw new BadInputException(file + ": manifest.json, array " + name + ": probe " + probe
                            + " is not in the probe list");
                }
                if (key.layer() < 0) {
                    throw new BadInputException(file + ": manifest.json, array " + name + ": layer " + key.layer() + " is negative");
                }
                NpyArray arr = npz.read(name, NpyDtype.FLOAT32);
                int[] shape = a.getIntArray("shape");
                if (!java.util.Arrays.equals(shape, arr.shape())) {
                    throw new BadInputException(file + ": " + name + ".npy has shape " + java.util.Arrays.toString(arr.shape())
                            + " but the manifest says " + java.util.Arrays.toString(shape));
                }
                Tensor was = arrays.computeIfAbsent(snapshot, k -> new HashMap<>())
                        .computeIfAbsent(probe, k -> new HashMap<>())
                        .put(key, new Tensor(shape, arr.floats()));
                if (was != null) {
                    throw new BadInputException(file + ": manifest.json, array " + name + ": snapshot " + snapshot
                            + " already has " + key.id() + " of probe " + probe);
                }
            }
            List<Snapshot> snapshots = new ArrayList<>();
            for (JsonObject s : m.getObjectList("snapshots")) {
                int index = s.getInt("index");
                int epoch = s.getInt("epoch");
                long step = s.getLong("step");
                if (epoch < 0 || step < 0) {
                    throw new BadInputException(file + ": manifest.json, snapshot " + index + ": epoch " + epoch + ", step "
                            + step + " (neither can be negative)");
                }
                List<ProbeCapture> captures = new ArrayList<>();
                java.util.Set<Integer> seen = new java.util.HashSet<>();
                for (JsonObject p : s.getObjectList("probes")) {
                    int probe = p.getInt("probe");
                    if (!seen.add(probe)) {
                        throw new BadInputException(file + ": manifest.json, snapshot " + index + " lists probe " + probe + " twice");
                    }
                    String text = probes.stream().filter(i -> i.index() == probe).map(RunRecord.ProbeInfo::text).findFirst()
                            .orElseThrow(() -> new BadInputException(file + ": manifest.json, snapshot " + index
                                    + " names probe " + probe + " which is not in the probe list"));
                    Map<ArrayKey, Tensor> captured = arrays.getOrDefault(index, Map.of()).getOrDefault(probe, Map.of());
                    captures.add(new ProbeCapture(probe, text, p.getStringList("source"), p.getStringList("translation"),
                            p.getStringList("decoder_labels"), p.getBoolean("from_reference", false), captured));
                }
                snapshots.add(new Snapshot(epoch, step, s.getBoolean("end_of_epoch", true),
                        RunRecord.orNaN(s, "train_loss"), RunRecord.orNaN(s, "valid_loss"), captures));
            }
            Map<String, Object> config = m.has("config") ? m.getObject("config").toMap() : Map.of();
            return new RunRecord(config, vocab.getStringList("src_itos"), vocab.getStringList("trg_itos"), losses, probes, snapshots);
        } catch (UncheckedIOException e) {
            throw new BadInputException(file + ": could not read: " + e.getCause().getMessage(), e);
        }
    }


}
