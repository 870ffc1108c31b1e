package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.qkvlens.app.figure.Palette;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Progress;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.RunRecord;

/** The legend and colours at many sentences: A and B fixed, a few others coloured, many others one grey row. */
class LegendRowsTest {

    private static List<ScatterData.Sentence> sentences(int n) {
        List<ScatterData.Sentence> s = new ArrayList<>();
        IntStream.range(0, n).forEach(p -> s.add(new ScatterData.Sentence(p, p == 0 ? "A" : p == 1 ? "B" : "", "s" + p)));
        return s;
    }

    private static ScatterData empty(int n) {
        return ScatterData.empty(Method.PCA, 2, Site.DEC_CROSS, 0, -1, List.of(Kind.K), sentences(n), List.of(), Coverage.NONE);
    }

    @Test
    void aFewFurtherProbesGetColoursOfTheirOwn() {
        List<ScatterLegend.Row> rows = ScatterLegend.rows(empty(2 + Palette.FURTHER_COLOURS));
        assertEquals(2 + Palette.FURTHER_COLOURS, rows.size());
        Set<Object> colours = new HashSet<>();
        for (ScatterLegend.Row r : rows) colours.add(Palette.sentence(r.slot()));
        assertEquals(rows.size(), colours.size(), "no colour repeats");
        assertEquals(List.of("A", "B"), rows.subList(0, 2).stream().map(ScatterLegend.Row::role).toList());
    }

    @Test
    void manyFurtherProbesShareOneGreyRow() {
        List<ScatterLegend.Row> rows = ScatterLegend.rows(empty(1000));
        assertEquals(3, rows.size(), "A, B, others: the legend does not grow with the sentences");
        assertEquals("others: 998 sentences", rows.get(2).text());
        assertEquals(Palette.OTHERS, Palette.sentence(rows.get(2).slot()));
        assertEquals(Palette.A, Palette.sentence(rows.get(0).slot()));
        assertEquals(Palette.B, Palette.sentence(rows.get(1).slot()));
    }

    @Test
    void thePointsOfManyFurtherProbesAreGreyAndTheirTipNamesTheirSentence() throws Exception {
        RunRecord run = SyntheticRun.of(20, 4, 1, 3);
        ScatterModel.Request r = new ScatterModel.Request(run.snapshots(), sentences(20), Site.DEC_CROSS, 0, -1, 1,
                List.of(Kind.K), Method.PCA, 2);
        ScatterData d = ScatterModel.compute(r, LayoutFunction.projector(new Projector()), null, Progress.NONE);
        for (int i = 0; i < d.size(); i++) {
            int probe = d.point(i).key().probe();
            assertEquals(probe == 0 ? 0 : probe == 1 ? 1 : Palette.OTHERS_SLOT, d.colorSlot[i]);
            assertTrue(PointInfo.describe(d, i).contains("\u201cs" + probe + "\u201d"), PointInfo.describe(d, i));
        }
    }
}
