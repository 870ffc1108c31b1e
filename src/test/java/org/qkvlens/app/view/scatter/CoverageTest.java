package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Progress;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.RunRecord;

/** What the scatter says it plots and left out when a run of many sentences is over a method's point budget. */
class CoverageTest {
    // 1,500 probes of 12 tokens, K and V: 36,000 points per snapshot, 3 snapshots; with the budgets of PCA (100,000)
    // two of the three snapshots fit, and for t-SNE (20,000) not even the newest alone
    private static final int PROBES = 1_500, PER_SNAPSHOT = PROBES * 12 * 2;
    private static final RunRecord RUN = SyntheticRun.of(PROBES, 12, 3, 7);

    private static ScatterModel.Request request(int sentences, Method method) {
        List<ScatterData.Sentence> s = new ArrayList<>();
        IntStream.range(0, sentences).forEach(p -> s.add(new ScatterData.Sentence(p, p == 0 ? "A" : p == 1 ? "B" : "", "s" + p)));
        return new ScatterModel.Request(RUN.snapshots(), s, Site.DEC_CROSS, 0, -1, 1, List.of(Kind.K, Kind.V), method, 2);
    }

    @Test
    void aBudgetThatDropsSnapshotsSaysWhichAndWhy() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        LayoutFunction pca = (points, method, dims, prev, p) -> {
            sizes.add(points.size());
            return LayoutFunction.projector(new Projector()).layout(points, Method.PCA, dims, prev, p);
        };
        int budget = ScatterModel.budget(Method.PCA);
        assertTrue(2 * PER_SNAPSHOT <= budget && 3 * PER_SNAPSHOT > budget, "the run fits two snapshots into PCA's budget");
        ScatterData d = ScatterModel.compute(request(PROBES, Method.PCA), pca, null, Progress.NONE);
        Coverage c = d.coverage();
        assertEquals(List.of(2 * PER_SNAPSHOT), sizes, "two of three snapshots fit PCA's budget");
        assertEquals(2 * PER_SNAPSHOT, c.points());
        assertEquals(2, c.snapshots());
        assertEquals(3, c.availableSnapshots());
        assertFalse(c.overBudget());
        assertEquals(String.format("%,d points laid out · 2 snapshots · K, V · 1,500 sentences — left out 1 of 3 snapshots "
                + "(%,d of %,d points): PCA lays out at most %,d points", 2 * PER_SNAPSHOT, PER_SNAPSHOT, 3 * PER_SNAPSHOT,
                budget), c.summary(d.kinds()));
    }

    @Test
    void overBudgetEvenForTheNewestSnapshotLaysOutNothingAndSaysHowManySentencesFit() throws Exception {
        LayoutFunction never = (points, method, dims, prev, p) -> {
            throw new AssertionError("nothing fits t-SNE's budget, nothing is laid out");
        };
        int budget = ScatterModel.budget(Method.TSNE);
        assertTrue(PER_SNAPSHOT > budget, "the newest snapshot alone is over t-SNE's budget");
        ScatterData d = ScatterModel.compute(request(PROBES, Method.TSNE), never, null, Progress.NONE);
        Coverage c = d.coverage();
        assertEquals(0, d.size(), "no old layout stays on screen");
        assertTrue(c.overBudget());
        int fit = budget / 24;                                    // 24 points per sentence and snapshot
        assertEquals(fit, c.sentencesThatFit());
        assertTrue(c.leftOut().contains(String.format("sample to %,d sentences", fit)), c.leftOut());
        // the advice works: that many sentences lay out the newest snapshot
        List<Integer> sizes = new ArrayList<>();
        LayoutFunction fake = (points, method, dims, prev, p) -> {
            sizes.add(points.size());
            return LayoutFunction.projector(new Projector()).layout(points, Method.PCA, dims, prev, p);
        };
        Coverage after = ScatterModel.compute(request(fit, Method.TSNE), fake, null, Progress.NONE).coverage();
        assertEquals(List.of(fit * 24), sizes);
        assertFalse(after.overBudget());
        assertEquals(1, after.snapshots());
        assertTrue(after.leftOut().startsWith("left out 2 of 3 snapshots"), after.leftOut());
    }
}
