package org.qkvlens.app.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.session.RunRecord;

/** A run of many probes and no snapshots, for the choosers: probe i reads "a dog runs i" when even, "a cat sits i" when odd. */
final class ManyProbes {
    private ManyProbes() {
    }

    static RunRecord run(int n) {
        List<RunRecord.ProbeInfo> probes = new ArrayList<>();
        for (int i = 0; i < n; i++) probes.add(new RunRecord.ProbeInfo(i, (i % 2 == 0 ? "a dog runs " : "a cat sits ") + i, null, null));
        Map<String, Object> model = Map.of("hid_dim", 64, "enc_layers", 1, "dec_layers", 1, "enc_heads", 1, "dec_heads", 1);
        return new RunRecord(Map.of("model", model), List.of(), List.of(), List.of(), probes, List.of());
    }

    static RunInfo info(int n) {
        return RunInfo.of("many", run(n));
    }
}
