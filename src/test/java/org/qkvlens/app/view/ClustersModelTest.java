package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.util.List;
import java.util.stream.IntStream;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.analysis.ClusterAnalysis;
import org.qkvlens.analysis.ClusterQuery;
import org.qkvlens.analysis.ClusterReport;
import org.qkvlens.app.figure.AnalysisFigure;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.PointClusters;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.Points;
import org.qkvlens.session.RunRecord;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Clusters tab's view-model on a real 3-epoch article run: its chart holds exactly ClusterAnalysis's figures for
 * the shown probes of every epoch, the playback snapshot's clusters are published to the selection keyed as the
 * scatter keys its points, the table covers every point, and a selection change starts over.
 */
@ExtendWith(ApplicationExtension.class)
class ClustersModelTest {

    @Start
    void start(Stage stage) {
    }

    private static AppModel openedApp() {
        RunRecord run = ArticleSnapshots.record();
        AppModel app = new AppModel(Background.direct());
        app.live().load(RunInfo.of("article3.npz", run), run);
        app.ticker().tick();
        return app;
    }

    private static void settle(AppModel app, ClustersModel m) {
        for (int i = 0; i < 50; i++) app.ticker().tick();
        assertFalse(m.busyProperty().get(), m.statusProperty().get());
    }

    @Test
    void chartEqualsTheAnalysisAndClustersArePublished() throws Exception {
        fx(() -> {
            AppModel app = openedApp();
            List<Integer> probes = IntStream.range(0, 6).boxed().toList();
            app.selection().setExtraProbes(probes);
            ClustersModel m = new ClustersModel(app);
            m.activeProperty().set(true);
            settle(app, m);
            List<Snapshot> snaps = app.live().snapshotList();
            int heads = app.live().info().heads(false);
            ClusterQuery q = new ClusterQuery(Site.DEC_CROSS, 0, -1, heads, List.of(Kind.K, Kind.V));
            AnalysisFigure f = m.figureProperty().get();
            long epochs = snaps.stream().filter(Snapshot::endOfEpoch).count();
            assertEquals(epochs, f.reports().size(), "every epoch clustered");
            ClusterAnalysis.Clustering current = null;
            for (int i = 0; i < snaps.size(); i++) {
                Snapshot s = snaps.get(i);
                ClusterAnalysis.Clustering c = ClusterAnalysis.cluster(s, q, probes, ClustersModel.SETTINGS, () -> false);
                if (i == app.playback().index()) current = c;
                if (!s.endOfEpoch()) continue;
                ClusterReport got = f.at(s.epoch());
                assertNotNull(got, "epoch " + s.epoch());
                assertEquals(c.report().toMap(), got.toMap(), "epoch " + s.epoch());
            }
            assertEquals(snaps.get(app.playback().index()).epoch(), f.markerEpoch());

            // the playback snapshot's clusters, keyed as the scatter keys its points
            assertNotNull(current);
            PointClusters pc = app.selection().clustersProperty().get();
            assertEquals(current.report().kmeans().k(), pc.clusters());
            assertEquals("k-means, k = " + pc.clusters(), pc.method());
            List<Point> points = Points.collect(snaps, new int[] {app.playback().index()}, probes, Site.DEC_CROSS, 0,
                    List.of(Kind.K, Kind.V), -1, heads);
            assertEquals(points.size(), pc.clusterOf().size());
            for (int i = 0; i < points.size(); i++) assertEquals(current.labels()[i], pc.of(points.get(i).key()), "point " + i);
            int sum = m.rowsProperty().get().stream().mapToInt(ClustersModel.Row::size).sum();
            assertEquals(points.size(), sum, "the table's clusters hold every point");
            assertTrue(m.rowsProperty().get().getFirst().words().contains("×"), m.rowsProperty().get().getFirst().toString());

            // another selection: results dropped and computed anew
            app.selection().kinds().remove(Kind.V);
            app.ticker().tick();
            assertTrue(m.figureProperty().get().title().startsWith("K of decoder–encoder attention"), m.figureProperty().get().title());
            settle(app, m);
            ClusterQuery k = new ClusterQuery(Site.DEC_CROSS, 0, -1, heads, List.of(Kind.K));
            Snapshot last = snaps.getLast();
            assertEquals(ClusterAnalysis.cluster(last, k, probes, ClustersModel.SETTINGS, () -> false).report().toMap(),
                    m.figureProperty().get().at(last.epoch()).toMap());
            return null;
        });
    }

    @Test
    void hiddenTabClustersOnlyThePlaybackSnapshot() throws Exception {
        fx(() -> {
            AppModel app = openedApp();
            ClustersModel m = new ClustersModel(app);
            settle(app, m);
            assertEquals(1, m.figureProperty().get().reports().size(), "only the shown epoch");
            assertTrue(app.selection().clustersProperty().get().clusters() >= 2);
            assertTrue(m.rowsProperty().get().isEmpty(), "a hidden table is not filled");
            m.activeProperty().set(true);
            settle(app, m);
            assertFalse(m.rowsProperty().get().isEmpty());
            assertEquals(app.live().snapshotList().stream().filter(Snapshot::endOfEpoch).count(), m.figureProperty().get().reports().size());
            return null;
        });
    }
}
