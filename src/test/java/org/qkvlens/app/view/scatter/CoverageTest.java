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
    // 400 probes of 12 tokens, K and V: 9,600 points per snapshot, 3 snapshots
    private static final RunRecord RUN = SyntheticRun.of(400, 12, 3, 7);

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
        ScatterData d = ScatterModel.compute(request(400, Method.PCA), pca, null, Progress.NONE);
        Coverage c = d.coverage();
        assertEquals(List.of(19_200), sizes, "two of three snapshots fit PCA's 20,000");
        assertEquals(19_200, c.points());
        assertEquals(2, c.snapshots());
        assertEquals(3, c.availableSnapshots());
        assertFalse(c.overBudget());
        assertEquals("19,200 points laid out · 2 snapshots · K, V · 400 sentences — left out 1 of 3 snapshots (9,600 of 28,800 "
                + "points): PCA lays out at most 20,000 points", c.summary(d.kinds()));
    }

    @Test
    void overBudgetEvenForTheNewestSnapshotLaysOutNothingAndSaysHowManySentencesFit() throws Exception {
        LayoutFunction never = (points, method, dims, prev, p) -> {
            throw new AssertionError("nothing fits t-SNE's budget, nothing is laid out");
        };
        ScatterData d = ScatterModel.compute(request(400, Method.TSNE), never, null, Progress.NONE);
        Coverage c = d.coverage();
        assertEquals(0, d.size(), "no old layout stays on screen");
        assertTrue(c.overBudget());
        assertEquals(3_000 / 24, c.sentencesThatFit(), "24 points per sentence and snapshot");
        assertTrue(c.leftOut().contains("sample to 125 sentences"), c.leftOut());
        // the advice works: 125 sentences lay out the newest snapshot
        List<Integer> sizes = new ArrayList<>();
        LayoutFunction fake = (points, method, dims, prev, p) -> {
            sizes.add(points.size());
            return LayoutFunction.projector(new Projector()).layout(points, Method.PCA, dims, prev, p);
        };
        Coverage after = ScatterModel.compute(request(c.sentencesThatFit(), Method.TSNE), fake, null, Progress.NONE).coverage();
        assertEquals(List.of(3_000), sizes);
        assertFalse(after.overBudget());
        assertEquals(1, after.snapshots());
        assertTrue(after.leftOut().startsWith("left out 2 of 3 snapshots"), after.leftOut());
    }
}
