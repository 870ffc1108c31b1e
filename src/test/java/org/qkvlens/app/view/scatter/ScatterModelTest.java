package org.qkvlens.app.view.scatter;

import static org.qkvlens.app.FxTesting.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.projection.Projector;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.EpochsShown;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.probe.Kind;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Progress;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** When the scatter lays points out again, and what it does with layouts that are no longer wanted. */
@ExtendWith(ApplicationExtension.class)
class ScatterModelTest {

    @Start
    void start(Stage stage) {
    }

    /** The Projector, counting its calls and remembering the previous layouts it was given. */
    private static final class Counting implements LayoutFunction {
        final LayoutFunction projector = LayoutFunction.projector(new Projector());
        final AtomicInteger calls = new AtomicInteger();
        final List<Layout> previous = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();

        @Override
        public Layout layout(List<org.qkvlens.projection.Point> points, Method method, int dims, Layout prev, Progress p)
                throws Exception {
            calls.incrementAndGet();
            previous.add(prev);
            sizes.add(points.size());
            return projector.layout(points, method, dims, prev, p);
        }
    }

    @Test
    void scrubbingShowsOtherPointsWithoutLayingOutAgain() throws Exception {
        Counting counting = new Counting();
        fx(() -> {
            AppModel app = ArticleFile.openedApp();
            ScatterModel m = new ScatterModel(app, counting, 2);
            app.ticker().tick();
            assertEquals(1, counting.calls.get());
            ScatterData data = m.frame().data();
            int[] drawn = {1, 1, 2, 3, 3, 3, 3};    // epochs first/middle/current: [0], [1], [1 2], [1 2 3], [1 2 4] …
            for (int i = 0; i <= ArticleFile.EPOCHS; i++) {
                app.playback().seek(i);
                app.ticker().tick();
                assertEquals(drawn[i], m.frame().shown().length, "at snapshot " + i);
            }
            app.selection().epochsShownProperty().set(EpochsShown.UP_TO_CURRENT);
            app.ticker().tick();
            assertEquals(ArticleFile.EPOCHS + 1, m.frame().shown().length);
            assertEquals(1, counting.calls.get(), "playback and epochs shown only change what is drawn");
            assertSame(data, m.frame().data());
            // a selection change lays out again, starting from the previous layout
            app.selection().kinds().add(Kind.Q);
            app.selection().kinds().add(Kind.X1);            // two changes in one frame: one layout
            app.ticker().tick();
            assertEquals(2, counting.calls.get());
            assertSame(data.layout(), counting.previous.get(1));
            assertTrue(counting.sizes.get(1) > counting.sizes.get(0));
            m.dispose();
            app.shutdown();
            return null;
        });
    }

    @Test
    void progressDoesNotChangeTheStatusSoThePlotIsNotRedrawnPerReport() throws Exception {
        // the 2D and 3D views redraw the whole plot when the status changes: a layout reporting progress in every
        // frame must change it only when it starts and when it ends
        LayoutFunction reporting = (points, method, dims, prev, progress) -> {
            for (int i = 1; i <= 50; i++) progress.report(i / 50.0);
            return LayoutFunction.projector(new Projector()).layout(points, method, dims, prev, progress);
        };
        fx(() -> {
            AppModel app = ArticleFile.openedApp();
            ScatterModel m = new ScatterModel(app, reporting, 2);
            List<String> statuses = new ArrayList<>();
            m.statusProperty().addListener((o, a, b) -> statuses.add(b));
            app.selection().kinds().add(Kind.Q);
            for (int i = 0; i < 5; i++) app.ticker().tick();
            assertEquals(List.of("projecting (PCA)…", ""), statuses);
            assertEquals(1, m.progressProperty().get(), 1e-9);
            m.dispose();
            app.shutdown();
            return null;
        });
    }

    @Test
    void aNewSnapshotLaysOutAgainWithThePreviousLayout() throws Exception {
        RunRecord run = SnapshotFile.read(ArticleFile.path());
        Counting counting = new Counting();
        fx(() -> {
            AppModel app = new AppModel(Background.direct());
            RunRecord first = new RunRecord(run.config(), run.srcItos(), run.trgItos(), run.losses(), run.probes(),
                    run.snapshots().subList(0, 3));
            app.live().load(RunInfo.of("run", run), first);
            app.ticker().tick();
            ScatterModel m = new ScatterModel(app, counting, 2);
            app.ticker().tick();
            assertEquals(1, counting.calls.get());
            app.live().addSnapshot(run.snapshots().get(3));
            app.ticker().tick();
            assertEquals(2, counting.calls.get());
            assertNotNull(counting.previous.get(1), "warm start");
            assertEquals(3, m.frame().current(), "follows the newest epoch");
            // a new run (a file opened) starts cold
            app.live().load(RunInfo.of("run", run), run);
            app.ticker().tick();
            assertEquals(3, counting.calls.get());
            assertNull(counting.previous.get(2));
            m.dispose();
            app.shutdown();
            return null;
        });
    }

    @Test
    void aSelectionChangeCancelsTheRunningLayoutAndItsResultIsDropped() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean sawCancel = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        LayoutFunction slowFirst = (points, method, dims, prev, progress) -> {
            if (calls.incrementAndGet() == 1) {
                progress.report(0.4);
                started.countDown();
                release.await(10, TimeUnit.SECONDS);
                while (!progress.cancelled()) Thread.sleep(5);
                sawCancel.set(true);
                throw new CancellationException();
            }
            return LayoutFunction.projector(new Projector()).layout(points, method, dims, prev, progress);
        };
        AppModel app = fx(() -> {
            RunRecord run = SnapshotFile.read(ArticleFile.path());
            AppModel a = new AppModel(Background.pool(2));
            a.live().load(RunInfo.of("run", run), run);
            a.ticker().tick();
            return a;
        });
        ScatterModel m = fx(() -> new ScatterModel(app, slowFirst, 2));
        fx(() -> {
            app.ticker().tick();
            return null;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        fx(() -> {
            app.ticker().tick();
            assertTrue(m.busyProperty().get());
            assertEquals(0.4, m.progressProperty().get(), 1e-9);
            assertEquals("projecting (PCA)…", m.statusProperty().get(), "the status says what runs; how far is the progress");
            app.selection().kinds().remove(Kind.V);
            app.ticker().tick();                               // cancels the first; the second starts once it stopped
            assertTrue(m.busyProperty().get());
            app.ticker().start();
            return null;
        });
        release.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !m.busyProperty().get() && m.frame().data().size() > 0);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, sawCancel::get);   // the first layout saw cancelled() and stopped
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(Kind.K), m.frame().data().kinds(), "the second layout's points are shown");
        assertEquals("", m.statusProperty().get());
        assertFalse(m.busyProperty().get());
        fx(() -> {
            m.dispose();
            app.shutdown();
            return null;
        });
    }
}
