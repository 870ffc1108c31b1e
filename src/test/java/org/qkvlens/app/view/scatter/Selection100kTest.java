package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.util.List;
import java.util.stream.IntStream;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.qkvlens.app.FxTesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.EpochsShown;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.RunRecord;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Box and lasso selection with 99,396 points drawn (502 probes × 99 tokens × K, V, just within PCA's budget of 100,000): the time from the
 * gesture to the selection set, every view's restyle included, and the next draw; prints them.
 */
@ExtendWith(ApplicationExtension.class)
class Selection100kTest {
    private AppModel app;
    private ScatterModel model;
    private Scatter2DView view;
    private MembersModel members;

    @Start
    void start(Stage stage) {
        RunRecord run = SyntheticRun.of(502, 99, 1, 1);
        app = new AppModel(Background.direct());
        app.live().load(RunInfo.of("synthetic", run), run);
        app.selection().epochsShownProperty().set(EpochsShown.UP_TO_CURRENT);
        app.selection().setExtraProbes(IntStream.range(2, 502).boxed().toList());
        model = new ScatterModel(app, LayoutFunction.projector(new Projector()), 2);
        members = new MembersModel(app.selection(), List.of(model), app.background());
        app.ticker().tick();
        view = new Scatter2DView(model);
        stage.setScene(new Scene(view, 1000, 720));
        stage.show();
        app.ticker().start();
    }

    @AfterEach
    void stop() throws Exception {
        FxTesting.close(model::dispose, app);
    }

    @Test
    void boxAndLassoAt100kPoints() throws Exception {
        WaitForAsyncUtils.waitFor(120, java.util.concurrent.TimeUnit.SECONDS, () -> model.frame().visiblePoints().length > 99_000);
        fx(() -> {
            view.settle();
            return null;
        });
        assertEquals(99_396, (int) fx(() -> view.itemCount()));
        double[] r = fx(() -> new double[] {view.painter().plotX, view.painter().plotY, view.painter().plotW, view.painter().plotH});
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        int[] n = new int[2];
        double[] lx = new double[300], ly = new double[300];
        for (int k = 0; k < 300; k++) {
            double a = 2 * Math.PI * k / 300, rad = 0.3 + 0.05 * Math.sin(9 * a);
            lx[k] = r[0] + r[2] * (0.5 + rad * Math.cos(a));
            ly[k] = r[1] + r[3] * (0.5 + rad * Math.sin(a));
        }
        for (int rep = 0; rep < 5; rep++) {
            long[] t = fx(() -> {
                app.selection().clearSelectedPoints();
                long t0 = System.nanoTime();
                view.selectBox(r[0], r[1], r[0] + r[2] * 0.5, r[1] + r[3], false);
                long t1 = System.nanoTime();
                n[0] = app.selection().selectedPointsProperty().get().size();
                app.selection().clearSelectedPoints();
                long t2 = System.nanoTime();
                view.selectLasso(lx, ly, false);
                long t3 = System.nanoTime();
                n[1] = app.selection().selectedPointsProperty().get().size();
                view.settle();
                long t4 = System.nanoTime();
                return new long[] {t1 - t0, t3 - t2, t4 - t3};
            });
            for (int i = 0; i < 3; i++) best[i] = Math.min(best[i], t[i]);
        }
        System.out.printf("99,396 points: box selection (%d points, restyle and members rows included) %.1f ms, lasso of 300 vertices"
                + " (%d points) %.1f ms, next draw %.1f ms (best of 5)%n", n[0], best[0] / 1e6, n[1], best[1] / 1e6, best[2] / 1e6);
        assertTrue(n[0] > 20_000 && n[1] > 20_000);
        assertEquals(n[1], members.rows().size());
        assertTrue(best[0] < 2_000_000_000L && best[1] < 2_000_000_000L);
    }
}
