package org.qkvlens.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.engine.Trainer;
import org.qkvlens.io.JsonObject;
import org.qkvlens.probe.Probe;
import org.qkvlens.probe.Snapshot;

/**
 * Everything a snapshot file holds, as plain values: the run's configuration (field names as the tutorial's
 * {@code config.json}), both vocabularies, the loss per epoch, the probe sentences and the snapshots themselves.
 * Built from a finished (or running) {@link TrainingSession}, or read back by {@link SnapshotFile}.
 */
public record RunRecord(Map<String, Object> config, List<String> srcItos, List<String> trgItos, List<EpochLoss> losses,
                        List<ProbeInfo> probes, List<Snapshot> snapshots) {

    /** Mean training and validation loss of one epoch (NaN when not measured), its wall time and throughput. */
    public record EpochLoss(int epoch, double train, double valid, double seconds, double tokensPerSecond) {
        /** As files hold it: {@code epoch, train, valid, seconds, tokens_per_s} (NaN written as null). */
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", epoch);
            m.put("train", train);
            m.put("valid", valid);
            m.put("seconds", seconds);
            m.put("tokens_per_s", tokensPerSecond);
            return m;
        }

        static EpochLoss of(JsonObject o) {
            return new EpochLoss(o.getInt("epoch"), orNaN(o, "train"), orNaN(o, "valid"), orNaN(o, "seconds"),
                    orNaN(o, "tokens_per_s"));
        }
    }

    /** A probe sentence as given, with its reference (or null) and the reason it was skipped (or null). */
    public record ProbeInfo(int index, String text, String reference, String problem) {
        /** As files hold it: {@code index, text, reference, problem}. */
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", index);
            m.put("text", text);
            m.put("reference", reference);
            m.put("problem", problem);
            return m;
        }

        static ProbeInfo of(JsonObject o) {
            return new ProbeInfo(o.getInt("index"), o.getString("text"), o.hasValue("reference") ? o.getString("reference") : null,
                    o.hasValue("problem") ? o.getString("problem") : null);
        }
    }

    /** A number that files write as null when it is NaN. */
    static double orNaN(JsonObject o, String key) {
        return o.hasValue(key) ? o.getDouble(key) : Double.NaN;
    }

    public RunRecord {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));   // keeps the order: Map.copyOf shuffles it
        srcItos = List.copyOf(srcItos);
        trgItos = List.copyOf(trgItos);
        losses = List.copyOf(losses);
        probes = List.copyOf(probes);
        snapshots = List.copyOf(snapshots);
    }

    public static RunRecord of(TrainingSession session) {
        RunSetup s = session.setup();
        List<EpochLoss> losses = new ArrayList<>();
        for (Trainer.EpochResult r : session.epochs()) {
            losses.add(new EpochLoss(r.epoch(), r.trainLoss(), r.validLoss(), r.seconds(), r.tokensPerSecond()));
        }
        return new RunRecord(config(s), s.dataset().srcVocab().itos(), s.dataset().trgVocab().itos(), losses,
                probes(session), session.snapshots().history());
    }

    /** The session's probes as given, with the reason each invalid one is skipped. */
    static List<ProbeInfo> probes(TrainingSession session) {
        List<ProbeInfo> probes = new ArrayList<>();
        for (Probe p : session.probes()) probes.add(new ProbeInfo(p.index(), p.text(), p.line().reference(), p.problem()));
        return probes;
    }

    /** The run's configuration as a JSON-ready map. */
    public static Map<String, Object> config(RunSetup s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("preset", s.preset());
        c.put("corpus", s.corpus());
        c.put("tokenizer", s.dataset().tokenizer().name().toLowerCase(java.util.Locale.ROOT));
        c.put("model", model(s.model()));
        TrainConfig t = s.train();
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("batch_size", t.batchSize());
        tm.put("epochs", t.epochs());
        tm.put("lr", decimal(t.learningRate()));
        tm.put("beta1", decimal(t.beta1()));
        tm.put("beta2", decimal(t.beta2()));
        tm.put("eps", decimal(t.eps()));
        tm.put("clip", decimal(t.clip()));
        tm.put("seed", t.seed());
        tm.put("threads", t.threads());
        tm.put("max_decode", t.maxDecode());
        tm.put("batching", s.order().name().toLowerCase(java.util.Locale.ROOT));
        tm.put("snapshot_every", s.snapshotEverySteps());
        c.put("training", tm);
        c.put("train_pairs", s.dataset().train().size());
        c.put("valid_pairs", s.dataset().valid().size());
        return c;
    }

    /** A model configuration with the tutorial's config.json field names. */
    public static Map<String, Object> model(ModelConfig m) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("src_vocab", m.srcVocab());
        c.put("trg_vocab", m.trgVocab());
        c.put("hid_dim", m.hidDim());
        c.put("enc_layers", m.encLayers());
        c.put("dec_layers", m.decLayers());
        c.put("enc_heads", m.encHeads());
        c.put("dec_heads", m.decHeads());
        c.put("enc_pf_dim", m.encPfDim());
        c.put("dec_pf_dim", m.decPfDim());
        c.put("dropout", decimal(m.dropout()));
        c.put("max_length", m.maxLength());
        c.put("src_pad_idx", m.srcPadIdx());
        c.put("trg_pad_idx", m.trgPadIdx());
        return c;
    }

    /** A float as the decimal it was written as (0.1, not 0.10000000149011612). */
    static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
