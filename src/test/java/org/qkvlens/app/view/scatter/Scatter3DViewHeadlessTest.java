package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.projection.Projector;
import org.qkvlens.app.state.AppModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** On Monocle's software pipeline there is no 3D: the view says so instead of showing an empty area. */
@ExtendWith(ApplicationExtension.class)
class Scatter3DViewHeadlessTest {
    private Scatter3DView view;

    @Start
    void start(Stage stage) {
        AppModel app = ArticleFile.openedApp();
        ScatterModel model = new ScatterModel(app, LayoutFunction.projector(new Projector()), 3);
        app.ticker().tick();
        view = new Scatter3DView(model);
        stage.setScene(new Scene(view, 800, 600));
        stage.show();
    }

    @Test
    void withoutOpenGlItSaysThatThreeDNeedsIt(FxRobot robot) {
        assertFalse(Platform.isSupported(ConditionalFeature.SCENE3D), "Monocle has no 3D");
        assertFalse(view.supported());
        Label msg = robot.lookup("#scatter-3d-unsupported").queryAs(Label.class);
        assertTrue(msg.isVisible());
        assertTrue(msg.getText().startsWith("3D needs OpenGL"), msg.getText());
    }
}
