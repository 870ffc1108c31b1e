package org.qkvlens.app.view.scatter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.session.RunRecord;

/**
 * A made-up run for tests and benchmarks: {@code probes} probes of {@code tokens} source tokens each, decoder–encoder
 * K and V (hid 64) drifting a little from snapshot to snapshot, {@code snapshots} end-of-epoch snapshots (epoch 0…).
 */
final class SyntheticRun {
    private SyntheticRun() {
    }

    static RunRecord of(int probes, int tokens, int snapshots, long seed) {
        Random rnd = new Random(seed);
        int c = 64;
        float[][][] k = new float[probes][tokens * c][], v = new float[probes][tokens * c][];
        float[][] kNow = new float[probes][tokens * c], vNow = new float[probes][tokens * c];
        for (int p = 0; p < probes; p++) {
            for (int i = 0; i < tokens * c; i++) {
                kNow[p][i] = (float) rnd.nextGaussian();
                vNow[p][i] = (float) rnd.nextGaussian() + (i % c < 8 ? 3 : 0);
            }
        }
        List<Snapshot> list = new ArrayList<>();
        List<RunRecord.ProbeInfo> infos = new ArrayList<>();
        for (int p = 0; p < probes; p++) infos.add(new RunRecord.ProbeInfo(p, "probe sentence " + p, null, null));
        for (int s = 0; s < snapshots; s++) {
            List<ProbeCapture> caps = new ArrayList<>();
            for (int p = 0; p < probes; p++) {
                for (int i = 0; i < tokens * c; i++) {
                    kNow[p][i] += (float) (rnd.nextGaussian() * 0.15);
                    vNow[p][i] += (float) (rnd.nextGaussian() * 0.15);
                }
                List<String> labels = new ArrayList<>();
                for (int t = 0; t < tokens; t++) labels.add(t == 0 ? "<sos>" : t == tokens - 1 ? "<eos>" : "w" + p + "_" + t);
                Map<ArrayKey, Tensor> arrays = new HashMap<>();
                arrays.put(new ArrayKey(Site.DEC_CROSS, 0, Kind.K), new Tensor(new int[] {tokens, c}, kNow[p].clone()));
                arrays.put(new ArrayKey(Site.DEC_CROSS, 0, Kind.V), new Tensor(new int[] {tokens, c}, vNow[p].clone()));
                caps.add(new ProbeCapture(p, "probe sentence " + p, labels, List.of("<eos>"), List.of("sos->eos"), false, arrays));
            }
            list.add(new Snapshot(s, s * 10L, true, Double.NaN, Double.NaN, caps));
        }
        Map<String, Object> model = Map.of("hid_dim", 64, "enc_layers", 1, "dec_layers", 1, "enc_heads", 1, "dec_heads", 1);
        return new RunRecord(Map.of("model", model), List.of(), List.of(), List.of(), infos, list);
    }
}
