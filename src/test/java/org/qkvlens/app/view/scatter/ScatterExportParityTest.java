package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qkvlens.app.figure.Marker;
import org.qkvlens.app.figure.ScatterFigure;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.view.ArticleSnapshots;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Progress;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.RunRecord;

/**
 * The command line's scatter export and the app's 2D scatter agree: for the same points the export's PCA positions
 * are the app's, and both use one legend (the app's marker per kind: K square, V triangle, …).
 */
class ScatterExportParityTest {

    @Test
    void theExportsPcaIsTheAppsLayoutOfTheSamePoints() throws Exception {
        RunRecord run = ArticleSnapshots.record();
        RunInfo info = RunInfo.of("article3", run);
        Snapshot s = run.snapshots().getLast();
        List<Kind> kinds = List.of(Kind.K, Kind.V, Kind.X4);
        ScatterFigure figure = ScatterFigure.pca(s, info, Site.DEC_CROSS, 0, -1, kinds, 0, 1);
        assertTrue(figure.dots().size() > 20, figure.dots().size() + " dots");

        // the app: the scatter model's layout of this one snapshot, A = probe 0, B = probe 1
        List<ScatterData.Sentence> sentences = List.of(new ScatterData.Sentence(0, "A", s.probe(0).text()),
                new ScatterData.Sentence(1, "B", s.probe(1).text()));
        ScatterModel.Request r = new ScatterModel.Request(List.of(s), sentences, Site.DEC_CROSS, 0, -1,
                info.heads(false), kinds, Method.PCA, 2);
        ScatterData app = ScatterModel.compute(r, LayoutFunction.projector(new Projector()), null, Progress.NONE);
        assertEquals(app.size(), figure.dots().size());
        Map<String, double[]> appAt = new HashMap<>();
        for (int i = 0; i < app.size(); i++) {
            String key = app.point(i).label() + "/" + app.point(i).key().probe();
            appAt.put(key, new double[] {app.coordinate(i, 0), app.coordinate(i, 1)});
            assertEquals(Marker.of(app.point(i).key().kind()), markerOf(figure, app.point(i).label(), app.point(i).key().probe()));
        }
        for (ScatterFigure.Dot d : figure.dots()) {
            double[] at = appAt.get(d.label() + "/" + d.slot());
            assertNotNull(at, d.label());
            assertEquals(at[0], d.x(), 1e-12, d.label());
            assertEquals(at[1], d.y(), 1e-12, d.label());
        }
        assertTrue(figure.xTitle().startsWith("PC1 (") && figure.yTitle().startsWith("PC2 ("), figure.xTitle());
    }

    private static Marker markerOf(ScatterFigure f, String label, int slot) {
        return f.dots().stream().filter(d -> d.label().equals(label) && d.slot() == slot).findFirst().orElseThrow().marker();
    }

    @Test
    void oneLegendEverywhere() {
        RunRecord run = ArticleSnapshots.record();
        ScatterFigure figure = ScatterFigure.pca(run.snapshots().getLast(), RunInfo.of("article3", run), Site.DEC_CROSS, 0, -1,
                Kind.VECTORS, 0, 1);
        // what the app has always shown
        assertEquals(List.of(Marker.CIRCLE, Marker.SQUARE, Marker.TRIANGLE, Marker.DIAMOND, Marker.CROSS),
                figure.kinds().stream().map(ScatterFigure.KindEntry::marker).toList());
        assertEquals(Kind.VECTORS.stream().map(Kind::id).toList(), figure.kinds().stream().map(ScatterFigure.KindEntry::name).toList());
    }
}
