package org.qkvlens.joint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.data.TextPair;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.session.ArticleRuns;
import org.qkvlens.session.RunSetup;
import org.qkvlens.session.TrainingSession;

/**
 * The normalisation changes no attention weight: for every snapshot of a real {@code article} run and the last
 * snapshot of a trained tutorial-shaped model (2 layers, 4 heads), every attention site, layer and head, scaled or
 * not, the weights softmax(q·k/√D) recomputed from the normalised vectors of every probe and query equal the
 * captured attention arrays to 1e-6, masked keys included (0). The normalisation must also have moved something.
 */
class JointSpaceInvarianceTest {
    private static final double TOLERANCE = 1e-6;

    @Test
    void articleRunWeightsSurviveTheNormalisation() {
        RunSetup setup = ArticleRuns.setup(8, 1234, 2, true);
        List<Snapshot> snapshots = train(setup);
        for (int s = 0; s < snapshots.size(); s++) compareAll(snapshots.get(s), s, setup.model());
    }

    @Test
    void tutorialShapedModelWeightsSurviveTheNormalisation() {
        RunSetup article = ArticleRuns.setup(6, 1234, 2, true);
        ModelConfig m = article.model();
        ModelConfig deep = new ModelConfig(m.srcVocab(), m.trgVocab(), 32, 2, 2, 4, 4, 48, 48, 0.1f, m.maxLength(),
                m.srcPadIdx(), m.trgPadIdx());
        List<ProbeLine> probes = new ArrayList<>(article.probes());
        int n = 0;
        for (TextPair p : CorpusReader.readPairs(Path.of("sample-sentences/eng_de.csv"))) {
            if (n++ % 4 == 0) probes.add(new ProbeLine(p.source(), p.target(), "train:" + n));  // teacher-forced ones too
        }
        RunSetup setup = new RunSetup("deep", deep, article.train(), article.order(), article.dataset(), article.corpus(),
                probes, 0);
        List<Snapshot> snapshots = train(setup);
        compareAll(snapshots.getLast(), snapshots.size() - 1, deep);
    }

    private static List<Snapshot> train(RunSetup setup) {
        try (TrainingSession session = new TrainingSession(setup)) {
            assertEquals(TrainingSession.State.FINISHED, session.run());
            return session.snapshots().history();
        }
    }

    private static void compareAll(Snapshot snapshot, int index, ModelConfig model) {
        int compared = 0;
        for (Site site : List.of(Site.ENC_SELF, Site.DEC_SELF, Site.DEC_CROSS)) {
            int layers = site.isEncoder() ? model.encLayers() : model.decLayers();
            int heads = site.isEncoder() ? model.encHeads() : model.decHeads();
            for (int layer = 0; layer < layers; layer++) {
                for (int head = 0; head < heads; head++) {
                    for (boolean scaled : new boolean[] {false, true}) {
                        JointSpace space = JointSpace.of(snapshot, index, site, layer, head, heads, scaled);
                        compared += compare(space, snapshot, heads);
                        if (index > 0) assertMoved(space, scaled);
                    }
                }
            }
        }
        assertTrue(compared > 100, compared + " weights compared");
    }

    /** Every probe's recomputed weights against its captured (H, Tq, Tk) attention; returns how many were compared. */
    private static int compare(JointSpace space, Snapshot snapshot, int heads) {
        ArrayKey key = new ArrayKey(space.site(), space.layer(), Kind.ATTENTION);
        assertEquals(snapshot.probes().size(), space.probes().size());
        int n = 0;
        for (ProbeVectors p : space.probes()) {
            ProbeCapture capture = snapshot.probe(p.probe());
            Tensor att = capture.array(key);
            int tq = att.dim(1), tk = att.dim(2);
            assertEquals(heads, att.dim(0));
            assertEquals(tq, p.queries());
            assertEquals(tk, p.keys());
            for (int i = 0; i < tq; i++) {
                double[] w = p.weights(i);
                for (int j = 0; j < tk; j++) {
                    float captured = att.data()[(space.head() * tq + i) * tk + j];
                    if (Math.abs(w[j] - captured) > TOLERANCE) {
                        throw new AssertionError(key.id() + " head " + space.head() + " probe " + p.probe() + " query "
                                + i + " key " + j + ": recomputed " + w[j] + ", captured " + captured
                                + (space.scale() != 1 ? " (scaled)" : ""));
                    }
                    n++;
                }
            }
        }
        return n;
    }

    /** The translation is not zero and the scale not 1 (else the test would prove nothing). */
    private static void assertMoved(JointSpace space, boolean scaled) {
        double t = 0;
        for (double v : space.translation()) t += v * v;
        assertTrue(Math.sqrt(t) > 1e-3, "translation " + Math.sqrt(t));
        if (scaled) assertTrue(Math.abs(space.scale() - 1) > 1e-3, "scale " + space.scale());
    }
}
