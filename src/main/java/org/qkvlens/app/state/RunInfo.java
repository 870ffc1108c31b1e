package org.qkvlens.app.state;

import java.util.List;
import java.util.Map;
import org.qkvlens.session.RunRecord;

/**
 * What the views need to know about the run whose snapshots they show: the probes (by index), the model's layer and
 * head counts, and where it came from. The same for a live run and a file opened from disk.
 */
public record RunInfo(String title, List<RunRecord.ProbeInfo> probes, int hidDim, int encLayers, int decLayers,
                      int encHeads, int decHeads, Map<String, Object> config) {

    public RunInfo {
        probes = List.copyOf(probes);
        config = Map.copyOf(config);
    }

    public static final RunInfo EMPTY = new RunInfo("", List.of(), 1, 1, 1, 1, 1, Map.of());

    /** Layers at a site kind: encoder sites use the encoder's count, decoder sites the decoder's. */
    public int layers(boolean encoder) {
        return encoder ? encLayers : decLayers;
    }

    public int heads(boolean encoder) {
        return encoder ? encHeads : decHeads;
    }

    /** Reads the model shape from a run's config ({@code config.model} with the tutorial's field names). */
    @SuppressWarnings("unchecked")
    public static RunInfo of(String title, RunRecord run) {
        Map<String, Object> model = (Map<String, Object>) run.config().getOrDefault("model", Map.of());
        return new RunInfo(title, run.probes(), num(model, "hid_dim"), num(model, "enc_layers"), num(model, "dec_layers"),
                num(model, "enc_heads"), num(model, "dec_heads"), run.config());
    }

    private static int num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.intValue() : 1;
    }
}
