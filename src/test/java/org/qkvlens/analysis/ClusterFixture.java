package org.qkvlens.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

/**
 * A hand-built run for the analysis tests: 3 probes of 2 source tokens, words x and y ("x y", "y x", "x y"), one
 * decoder layer with 2 heads of width 2 (hid_dim 4). Decoder–encoder K, head 0 (columns 0–1) follows the word:
 * x = (1, 0), (0.8, −0.6), (0.6, −0.8) and y = (0, 1), (−0.6, 0.8), (−0.8, 0.6) in probe order; head 1 (columns 2–3)
 * holds the same six vectors assigned by position instead (position 0 gets the x vectors). V = K + 20 in every column.
 * Snapshots: epoch 0, a mid-epoch one (step 1, which analyze skips), epoch 1 with every vector doubled.
 */
public final class ClusterFixture {
    private ClusterFixture() {
    }

    /** Head 0 of K, per probe and row. */
    static final float[][][] WORD = {
            {{1, 0}, {0, 1}},
            {{-0.6f, 0.8f}, {0.8f, -0.6f}},
            {{0.6f, -0.8f}, {-0.8f, 0.6f}}};
    /** Head 1 of K, per probe and row. */
    static final float[][][] POSITION = {
            {{1, 0}, {0, 1}},
            {{0.8f, -0.6f}, {-0.6f, 0.8f}},
            {{0.6f, -0.8f}, {-0.8f, 0.6f}}};
    static final List<List<String>> TOKENS = List.of(List.of("x", "y"), List.of("y", "x"), List.of("x", "y"));

    public static Path write(Path dir) {
        Path file = dir.resolve("fixture.npz");
        SnapshotFile.write(file, record());
        return file;
    }

    public static RunRecord record() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("hid_dim", 4);
        model.put("enc_layers", 1);
        model.put("dec_layers", 1);
        model.put("enc_heads", 2);
        model.put("dec_heads", 2);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("preset", "fixture");
        config.put("model", model);
        List<RunRecord.ProbeInfo> probes = new ArrayList<>();
        for (int p = 0; p < 3; p++) probes.add(new RunRecord.ProbeInfo(p, String.join(" ", TOKENS.get(p)), null, null));
        List<Snapshot> snapshots = List.of(snapshot(0, 0, true, 1), snapshot(1, 1, false, 3), snapshot(1, 2, true, 2));
        return new RunRecord(config, List.of("<unk>", "<pad>", "<sos>", "<eos>", "x", "y"), List.of("<unk>", "<pad>", "<sos>", "<eos>"),
                List.of(), probes, snapshots);
    }

    private static Snapshot snapshot(int epoch, long step, boolean end, float scale) {
        List<ProbeCapture> caps = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            float[] k = new float[2 * 4], v = new float[2 * 4];
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    k[r * 4 + c] = scale * WORD[p][r][c];
                    k[r * 4 + 2 + c] = scale * POSITION[p][r][c];
                }
            }
            for (int i = 0; i < k.length; i++) v[i] = k[i] + 20;
            Map<ArrayKey, Tensor> arrays = Map.of(new ArrayKey(Site.DEC_CROSS, 0, Kind.K), new Tensor(new int[] {2, 4}, k),
                    new ArrayKey(Site.DEC_CROSS, 0, Kind.V), new Tensor(new int[] {2, 4}, v));
            caps.add(new ProbeCapture(p, String.join(" ", TOKENS.get(p)), TOKENS.get(p), List.of("<eos>"), List.of("sos->eos"), false, arrays));
        }
        return new Snapshot(epoch, step, end, Double.NaN, Double.NaN, caps);
    }
}
