package org.qkvlens.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.ProbeStatus;
import org.qkvlens.app.state.RunModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main flows, headless: the app starts training the article preset at once, snapshots and losses arrive, the
 * playback slider changes the epoch every view shows, and an invalid probe is flagged inline without stopping training.
 */
@ExtendWith(ApplicationExtension.class)
class AppFlowTest {
    private AppModel model;

    @Start
    void start(Stage stage) {
        model = new AppModel(Background.pool(2));
        FxTesting.openMainWindow(stage, model, 1400, 900);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> model.shutdown()).get();
    }

    @Test
    void startsTrainingAtOnceAndSnapshotsArrive(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.live().snapshots().size() >= 3);
        assertEquals("eng_de.csv", robot.lookup("#run-corpus").queryLabeled().getText());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !model.live().losses().isEmpty());
        assertTrue(model.live().losses().getFirst().train() > 0);
        assertEquals(9, model.live().info().probes().size());
        assertEquals(0, model.selection().sentenceAProperty().get());
        assertEquals(1, model.selection().sentenceBProperty().get());
        String status = robot.lookup("#run-status").queryLabeled().getText();
        assertTrue(status.startsWith("training") || status.startsWith("finished"), status);
    }

    @Test
    void theSliderChangesTheEpochShown(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.run().statusProperty().get() == RunModel.Status.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(31, model.live().snapshots().size());
        assertEquals(30, model.playback().current().epoch(), "follows the newest epoch");
        WaitForAsyncUtils.asyncFx(() -> model.playback().seek(15)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(15, model.playback().current().epoch());
        assertEquals("epoch 15  (16/31)", robot.lookup("#playback-label").queryLabeled().getText());
        // moving the slider by keyboard seeks too
        robot.clickOn("#playback-slider");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(30, model.playback().current().epoch());
    }

    @Test
    void anInvalidProbeIsFlaggedInlineAndTrainingGoesOn(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.live().snapshots().size() >= 2);
        robot.clickOn("#probe-entry").write("zebra quux");
        robot.clickOn("#probe-add");
        WaitForAsyncUtils.waitForFxEvents();
        ProbeStatus status = model.run().probeStatus().get(model.run().probeStatus().size() - 1);
        assertNotNull(status.problem());
        assertTrue(status.problem().contains("no word of \"zebra quux\""), status.problem());
        ListView<?> list = robot.lookup("#probe-list").queryAs(ListView.class);
        assertTrue(robot.from(list).lookup(".probe-invalid").tryQuery().isPresent(), "the invalid line is marked");
        robot.clickOn("#probe-entry").write("we can eat zebra");
        robot.clickOn("#probe-add");
        WaitForAsyncUtils.waitForFxEvents();
        ProbeStatus warn = model.run().probeStatus().get(model.run().probeStatus().size() - 1);
        assertNull(warn.problem());
        assertEquals(java.util.List.of("zebra"), warn.unknownWords());
        RunModel.Status s = model.run().statusProperty().get();
        assertTrue(s == RunModel.Status.RUNNING || s == RunModel.Status.FINISHED, "training goes on: " + s);
    }
}
