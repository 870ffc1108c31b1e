// The probe pass's share of an epoch, article preset on sample-sentences/eng_de.csv with its 9 default probes, measured
// inside one JVM so that neither the JIT's warm-up nor a stray GC pause or a descheduled moment on a busy machine
// decides the figure: medians over the epochs after a warm-up. Then, on the trained model, medians of rounds that
// alternate one probe pass and one validation forward over the 36 pairs (the cheapest full pass an epoch makes).
// Leaves out the tutorial preset (a probe pass there takes seconds; train's own "probe passes" figure is enough).
// Run from the project directory after ./mvnw package:
//   java --add-modules jdk.incubator.vector -cp target/qkv-lens.jar python/bench/ProbeShare.java [EPOCHS [WARMUP [ROUNDS [THREADS]]]]
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.engine.Preset;
import org.qkvlens.engine.Trainer;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.probe.ProbePass;
import org.qkvlens.session.RunRequest;
import org.qkvlens.session.RunSetup;
import org.qkvlens.session.TrainingSession;

public class ProbeShare {
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
        Integer threads = args.length > 3 ? Integer.valueOf(args[3]) : null;   // null: train's default, all cores
        Path corpus = Path.of("sample-sentences/eng_de.csv");
        var pairs = CorpusReader.readPairs(corpus);
        var probes = ProbeFile.read(Path.of("sample-sentences/probes.txt"));
        RunRequest r = new RunRequest(Preset.ARTICLE, null, null, null, null, null, null, null, null, null, null, epochs,
                null, null, 1234L, threads, null, null, null, null, null, null);
        RunSetup setup = r.setup(corpus.toString(), pairs, null, probes);
        try (TrainingSession s = new TrainingSession(setup)) {
            long[] last = {System.nanoTime()};
            double[] lastProbe = {0};
            List<Double> probe = new ArrayList<>(), epoch = new ArrayList<>();
            s.addListener(new TrainingSession.Listener() {
                @Override
                public void onEpoch(Trainer.EpochResult res) {   // runs after that epoch's probe pass
                    long now = System.nanoTime();
                    double p = s.probeSeconds() - lastProbe[0], all = (now - last[0]) / 1e9;
                    if (res.epoch() > warm) {
                        probe.add(p);
                        epoch.add(all - p);
                    }
                    last[0] = now;
                    lastProbe[0] = s.probeSeconds();
                }
            });
            s.run();
            Collections.sort(probe);
            Collections.sort(epoch);
            double mp = probe.get(probe.size() / 2), me = epoch.get(epoch.size() / 2);
            System.out.printf("training: median probe pass %.3f ms, median epoch (train + validation) %.3f ms: share %.1f %%"
                    + " (epochs %d..%d, %d probes, %d threads)%n", mp * 1e3, me * 1e3, 100 * mp / me, warm + 1, epochs,
                    s.probes().size(), setup.train().threads());

            ProbePass pass = new ProbePass(s.model(), setup.dataset().srcVocab(), setup.dataset().trgVocab(),
                    setup.train().maxDecode());
            Trainer valid = new Trainer(s.model(), setup.train(), setup.dataset().train(), setup.dataset().valid(), setup.order());
            double[] tp = new double[rounds], tv = new double[rounds];
            for (int k = 0; k < rounds; k++) {
                long t0 = System.nanoTime();
                pass.captureAll(s.probes());
                long t1 = System.nanoTime();
                valid.validationLoss();
                tp[k] = (t1 - t0) / 1e6;
                tv[k] = (System.nanoTime() - t1) / 1e6;
            }
            Arrays.sort(tp);
            Arrays.sort(tv);
            System.out.printf("trained model, %d alternating rounds: median probe pass %.3f ms, median validation forward"
                    + " of the %d pairs %.3f ms%n", rounds, tp[rounds / 2], setup.dataset().valid().size(), tv[rounds / 2]);
        }
    }
}
