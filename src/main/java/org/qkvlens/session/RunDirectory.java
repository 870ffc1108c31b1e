package org.qkvlens.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.data.BadInputException;
import org.qkvlens.engine.Trainer;
import org.qkvlens.io.JsonObject;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.store.RunStore;
import org.qkvlens.store.TensorCache;

/**
 * What a run directory's {@code run.json} and {@code losses.jsonl} say about a run, in the terms of a
 * {@link RunRecord}: the configuration (as in snapshot files), vocabularies, probe sentences and the capture filter,
 * written when the run starts; {@link #read} turns a run directory back into a {@link RunRecord} whose snapshots read
 * their arrays from disk on demand. Leaves out the store's layout ({@link org.qkvlens.store.StoreLayout}).
 */
public final class RunDirectory {
    private RunDirectory() {
    }

    static RunStore create(Path dir, TrainingSession session, TensorCache cache) {
        Map<String, Object> h = new LinkedHashMap<>();
        RunSetup s = session.setup();
        h.put("config", RunRecord.config(s));
        h.put("vocab", Map.of("src_itos", s.dataset().srcVocab().itos(), "trg_itos", s.dataset().trgVocab().itos()));
        h.put("probes", RunRecord.probes(session).stream().map(RunRecord.ProbeInfo::toMap).toList());
        h.put("capture", captureMap(s.capture()));
        return RunStore.create(dir, h, cache);
    }

    /** A capture filter as run.json and recipe.json write it: sorted sites, layers and kinds (empty: all). */
    static Map<String, Object> captureMap(CaptureFilter c) {
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("sites", c.sites().stream().sorted().map(Site::id).toList());
        cm.put("layers", c.layers().stream().sorted().toList());
        cm.put("kinds", c.kinds().stream().sorted().map(Kind::id).toList());
        return cm;
    }

    static Map<String, Object> loss(Trainer.EpochResult r) {
        return new RunRecord.EpochLoss(r.epoch(), r.trainLoss(), r.validLoss(), r.seconds(), r.tokensPerSecond()).toMap();
    }

    /** Reads a run directory; its snapshots' arrays stay on disk until asked for. */
    public static RunRecord read(Path dir, TensorCache cache) {
        RunStore store = RunStore.open(dir, cache);
        JsonObject h = store.header();
        try {
            JsonObject vocab = h.getObject("vocab");
            List<RunRecord.EpochLoss> losses = new ArrayList<>();
            for (JsonObject l : store.losses()) losses.add(RunRecord.EpochLoss.of(l));
            List<RunRecord.ProbeInfo> probes = new ArrayList<>();
            for (JsonObject p : h.getObjectList("probes")) probes.add(RunRecord.ProbeInfo.of(p));
            Map<String, Object> config = h.has("config") ? h.getObject("config").toMap() : Map.of();
            return new RunRecord(config, vocab.getStringList("src_itos"), vocab.getStringList("trg_itos"), losses, probes,
                    store.snapshots());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(dir + ": " + e.getMessage(), e);
        }
    }
}
