// Seconds of `analyze`'s work (ClusterAnalysis.analyze) per end-of-epoch snapshot on a snapshot the size of the
// tutorial preset over the 1,014 Multi30k validation probes: writes FILE.npz first when it does not exist (synthetic:
// 1,014 probes of 20-40 tokens drawn Zipf-like from 3,000 words, hid 256, 8 heads, dec_cross K drifting from
// position-made to word-made over the epochs, V word-made, Gaussian noise; java.util.Random(1)), then times each
// epoch's analysis of dec_cross K, all heads, file reading excluded. Leaves out real training (see the README).
// Run from the project directory after ./mvnw package:
//   java --add-modules jdk.incubator.vector -Xmx3g -cp target/qkv-lens.jar python/bench/AnalyzeBench.java FILE.npz [EPOCHS]
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.qkvlens.analysis.ClusterAnalysis;
import org.qkvlens.analysis.ClusterQuery;
import org.qkvlens.analysis.ClusterReport;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

public class AnalyzeBench {
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (!Files.exists(file)) SnapshotFile.write(file, synthetic(epochs));
        RunRecord run = SnapshotFile.readFileOrRun(file);
        ClusterQuery q = new ClusterQuery(Site.DEC_CROSS, 0, -1, 8, List.of(Kind.K));
        double total = 0;
        for (Snapshot s : run.snapshots()) {
            long t0 = System.nanoTime();
            ClusterReport r = ClusterAnalysis.analyze(s, q, ClusterAnalysis.DEFAULTS);
            double sec = (System.nanoTime() - t0) / 1e9;
            total += sec;
            System.out.printf("epoch %d: %d vectors, k %d, %.2f s%n", s.epoch(), r.n(), r.kmeans().k(), sec);
        }
        System.out.printf("total %.2f s%n", total);
    }

    static RunRecord synthetic(int epochs) {
        int probes = 1014, c = 256, vocab = 3000;
        Random r = new Random(1);
        float[][] emb = new float[vocab][c], pos = new float[64][c];
        for (float[] e : emb) for (int j = 0; j < c; j++) e[j] = (float) r.nextGaussian();
        for (float[] e : pos) for (int j = 0; j < c; j++) e[j] = (float) r.nextGaussian();
        List<List<Integer>> sentences = new ArrayList<>();
        for (int p = 0; p < probes; p++) {
            int len = 20 + r.nextInt(21);
            List<Integer> w = new ArrayList<>();
            for (int t = 0; t < len; t++) w.add((int) Math.min(vocab - 1, Math.floor(Math.exp(r.nextDouble() * Math.log(vocab)))));
            sentences.add(w);
        }
        List<Snapshot> snaps = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            float mix = (float) e / Math.max(1, epochs - 1);
            List<ProbeCapture> caps = new ArrayList<>();
            for (int p = 0; p < probes; p++) {
                List<Integer> w = sentences.get(p);
                int n = w.size();
                float[] k = new float[n * c], v = new float[n * c];
                List<String> labels = new ArrayList<>();
                for (int t = 0; t < n; t++) {
                    labels.add("w" + w.get(t));
                    for (int j = 0; j < c; j++) {
                        k[t * c + j] = mix * emb[w.get(t)][j] + (1 - mix) * pos[t][j] + 0.5f * (float) r.nextGaussian();
                        v[t * c + j] = emb[w.get(t)][j] + 0.5f * (float) r.nextGaussian();
                    }
                }
                caps.add(new ProbeCapture(p, "s" + p, labels, List.of("<eos>"), List.of("sos->eos"), false,
                        Map.of(new ArrayKey(Site.DEC_CROSS, 0, Kind.K), new Tensor(new int[] {n, c}, k),
                                new ArrayKey(Site.DEC_CROSS, 0, Kind.V), new Tensor(new int[] {n, c}, v))));
            }
            snaps.add(new Snapshot(e, e * 100L, true, Double.NaN, Double.NaN, caps));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("hid_dim", c);
        model.put("enc_layers", 3);
        model.put("dec_layers", 3);
        model.put("enc_heads", 8);
        model.put("dec_heads", 8);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("preset", "synthetic");
        config.put("model", model);
        List<RunRecord.ProbeInfo> info = new ArrayList<>();
        for (int p = 0; p < probes; p++) info.add(new RunRecord.ProbeInfo(p, "s" + p, null, null));
        return new RunRecord(config, List.of(), List.of(), List.of(), info, snaps);
    }
}
