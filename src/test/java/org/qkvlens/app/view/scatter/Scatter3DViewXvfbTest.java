package org.qkvlens.app.view.scatter;

import static org.qkvlens.app.FxTesting.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.qkvlens.app.FxTesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.projection.Projector;
import org.qkvlens.app.export.PngExport;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.TokenRef;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The 3D scatter in a real window with OpenGL (Xvfb, Mesa, {@code -Dprism.forceGPU=true}: see the pom's xvfb-tests
 * execution): the points are drawn in their sentence colours, labels and legend are there, the view's own
 * projection (for labels and hit-testing) agrees with JavaFX's, a click on a point highlights its token and a
 * Shift+click puts it into the shared selection.
 */
@Tag("xvfb")
@ExtendWith(ApplicationExtension.class)
class Scatter3DViewXvfbTest {
    private AppModel app;
    private ScatterModel model;
    private Scatter3DView view;

    @Start
    void start(Stage stage) {
        app = ArticleFile.openedApp();
        model = new ScatterModel(app, LayoutFunction.projector(new Projector()), 3);
        app.ticker().tick();
        view = new Scatter3DView(model);
        stage.setScene(new Scene(view, 1000, 700));
        stage.show();
        app.ticker().start();
    }

    @AfterEach
    void stop() throws Exception {
        FxTesting.close(model::dispose, app);
    }

    @Test
    void pointsAreDrawnInTheirSentenceColours() throws Exception {
        assertTrue(Platform.isSupported(ConditionalFeature.SCENE3D), "3D support (run with -Dprism.forceGPU=true)");
        Image png = fx(() -> {
            view.settle();
            return PngExport.snapshot(view, 1);
        });
        assertEquals(72, (int) fx(() -> view.itemCount()));
        int blue = Scatter2DViewTest.countColour(png, ScatterStyle.A), red = Scatter2DViewTest.countColour(png, ScatterStyle.B);
        assertTrue(blue > 300, "blue (sentence A) marker pixels: " + blue);
        assertTrue(red > 300, "red (sentence B) marker pixels: " + red);
        assertTrue(fx(() -> view.labelsShown()) > 20, "labels");
        String out = System.getProperty("scatter.png");
        if (out != null) ScatterShots.write(fx(() -> PngExport.snapshot(view, 1)), Path.of(out).toString());
        Image twice = fx(() -> PngExport.snapshot(view, 2));
        assertEquals(2 * (int) png.getWidth(), (int) twice.getWidth());
    }

    @Test
    void theViewsProjectionAgreesWithJavaFx() throws Exception {
        fx(() -> {
            view.settle();
            for (int i = 0; i < view.itemCount(); i += 7) {
                double[] mine = view.screenPositionOfItem(i), fxs = view.javafxPositionOfItem(i);
                assertEquals(fxs[0], mine[0], 0.5, "x of item " + i);
                assertEquals(fxs[1], mine[1], 0.5, "y of item " + i);
            }
            return null;
        });
    }

    @Test
    void clickingAPointHighlightsItsToken(FxRobot robot) throws Exception {
        // the nearest-to-camera current point, so nothing covers it
        Point2D at = fx(() -> {
            view.settle();
            int item = -1;
            for (int i = 0; i < view.itemCount(); i++) if (view.glide().fromEnd[i] == 0) item = i;
            double[] s = view.screenPositionOfItem(item);
            return view.exportNode().localToScreen(s[0], s[1]);
        });
        robot.clickOn(at, MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        TokenRef t = app.selection().highlightedProperty().get();
        assertTrue(t != null, "a click on a point highlights its token");
    }

    @Test
    void shiftClickPicksAPointIntoTheSelectionAndOutAgain(FxRobot robot) throws Exception {
        int[] picked = new int[1];
        Point2D at = fx(() -> {
            view.settle();
            int item = -1;
            for (int i = 0; i < view.itemCount(); i++) if (view.glide().fromEnd[i] == 0) item = i;
            picked[0] = item;
            double[] s = view.screenPositionOfItem(item);
            return view.exportNode().localToScreen(s[0], s[1]);
        });
        robot.press(javafx.scene.input.KeyCode.SHIFT).clickOn(at, MouseButton.PRIMARY).release(javafx.scene.input.KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        java.util.Set<org.qkvlens.projection.PointKey> sel = app.selection().selectedPointsProperty().get();
        assertEquals(1, sel.size(), "Shift+click picks one point");
        org.qkvlens.projection.PointKey key = sel.iterator().next();
        double[] where = fx(() -> {
            for (int i = 0; i < view.itemCount(); i++) {
                if (view.glide().data().points[view.glide().point[i]].key().equals(key)) {
                    assertTrue(view.items.selected[i], "the picked item is marked selected");
                    return view.screenPositionOfItem(i);
                }
            }
            return null;
        });
        Point2D local = fx(() -> view.exportNode().screenToLocal(at));
        assertTrue(Math.hypot(where[0] - local.getX(), where[1] - local.getY()) < 10, "the point under the pointer is picked");
        assertEquals(null, app.selection().highlightedProperty().get(), "Shift+click selects, it does not highlight");
        robot.press(javafx.scene.input.KeyCode.SHIFT).clickOn(at, MouseButton.PRIMARY).release(javafx.scene.input.KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(app.selection().selectedPointsProperty().get().isEmpty(), "a second Shift+click takes it out");
    }
}
