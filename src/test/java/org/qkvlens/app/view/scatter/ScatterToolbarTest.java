package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The scatter toolbar keeps its controls where they are and their labels whole while a layout runs and after one
 * failed, at the width the 2D scatter gets in a 1366 × 768 window. Headless (Monocle); layouts on a background thread,
 * the second one held until the test lets it fail.
 */
@ExtendWith(ApplicationExtension.class)
class ScatterToolbarTest {
    private static final String FAILURE = "UMAP ran out of memory: 8,000 points need more than the 512 MB heap allows";

    private AppModel app;
    private ScatterModel model;
    private Scatter2DView view;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();

    @Start
    void start(Stage stage) {
        RunRecord run = SnapshotFile.read(ArticleFile.path());
        app = new AppModel(Background.pool(1));
        app.live().load(RunInfo.of("run.npz", run), run);
        Projector projector = new Projector();
        LayoutFunction held = (points, method, dims, previous, progress) -> {
            if (calls.incrementAndGet() == 1) return projector.project(points, method, dims, previous, progress);
            progress.report(0.4);
            release.await(30, TimeUnit.SECONDS);
            throw new IllegalStateException(FAILURE);
        };
        model = new ScatterModel(app, held, 2);
        view = new Scatter2DView(model);
        view.toolbar().getChildren().add(new javafx.scene.control.Button("Export"));
        stage.setScene(new Scene(view, 600, 420));
        stage.show();
        app.ticker().start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        WaitForAsyncUtils.asyncFx(() -> {
            model.dispose();
            app.shutdown();
        }).get();
    }

    /** Left edge and width of each control, and whether each label is drawn whole. */
    private List<String> controls() throws Exception {
        return fx(() -> {
            view.toolbar().applyCss();
            view.toolbar().layout();
            List<String> out = new ArrayList<>();
            ScatterToolbar t = view.toolbar();
            for (Node n : List.of(t.method, t.labels, t.trajectories, t.reset)) {
                out.add(n.getId() + " x=" + n.getBoundsInParent().getMinX() + " w=" + n.getBoundsInParent().getWidth());
            }
            for (Labeled l : List.of(t.labels, t.trajectories, t.reset)) {
                Text drawn = (Text) l.lookup(".text");
                assertEquals(l.getText(), drawn.getText(), l.getId() + " is drawn whole");
            }
            return out;
        });
    }

    @Test
    void controlsStayPutWhileALayoutRunsAndAfterItFailed() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> calls.get() == 1 && !model.busyProperty().get());
        List<String> idle = controls();

        fx(() -> {
            model.methodProperty().set(Method.UMAP);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.busyProperty().get() && model.progressProperty().get() > 0.3);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(idle, controls(), "while the layout runs");
        assertTrue(fx(() -> view.toolbar().bar.isVisible()), "progress is shown");
        assertEquals("40%", fx(() -> view.toolbar().status.getText()));
        assertTrue(fx(() -> ((javafx.scene.text.Text) view.toolbar().status.lookup(".text")).getText()).equals("40%"),
                "the progress is drawn whole in its slot");

        release.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !model.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(idle, controls(), "after the layout failed");
        assertFalse(fx(() -> view.toolbar().bar.isVisible()));
        assertEquals("failed", fx(() -> view.toolbar().status.getText()));
        assertEquals("projection failed: " + FAILURE, fx(() -> view.toolbar().status.getTooltip().getText()),
                "the whole error is in the tooltip");
        double right = fx(() -> view.toolbar().status.getParent().getBoundsInParent().getMaxX());
        assertTrue(right <= fx(() -> view.toolbar().getWidth()), "the status stays in its slot: " + right);
    }
}
