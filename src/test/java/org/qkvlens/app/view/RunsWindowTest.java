package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.RunModel;
import org.qkvlens.app.state.RunsFolder;
import org.qkvlens.app.state.RunsModel;
import org.qkvlens.session.TrainingSession;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Runs window as the app opens it at start: every run of the folder listed with its epochs, state and size, the
 * interrupted one selected and continuable, a finished one deletable after the confirmation; closing it without
 * continuing lets the default run start (once).
 */
@ExtendWith(ApplicationExtension.class)
class RunsWindowTest {
    @RegisterExtension
    final RunsFolder folder = new RunsFolder();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private RunModel model(int epochs) {
        return folder.model(epochs, "we eat apple");
    }

    @Test
    void listsContinuesAndDeletes(FxRobot robot) throws Exception {
        RunModel finished = model(2);
        finished.start();
        finished.session().await();
        finished.stop();
        RunModel cut = model(500);
        cut.start();
        TrainingSession s = cut.session();
        s.cancelInterrupted();                             // as when the window closes while it trains
        s.await();
        cut.stop();

        RunsModel runs = new RunsModel(Background.direct(), new RunModel(Background.direct(), new LiveRun()));
        List<RunsModel.Entry> interrupted = RunsModel.interrupted(RunsModel.scan(folder.folder()));
        assertEquals(1, interrupted.size());
        AtomicInteger closed = new AtomicInteger();
        fx(() -> {                                      // as the app does at start: list, then show
            runs.refresh(list -> new RunsWindow(runs, stage).showInterrupted(interrupted, closed::incrementAndGet));
            return null;
        });
        TableView<?> table = robot.lookup("#runs-table").queryAs(TableView.class);
        assertEquals(2, table.getItems().size());
        RunsModel.Entry selected = (RunsModel.Entry) table.getSelectionModel().getSelectedItem();
        assertEquals(interrupted.getFirst().dir(), selected.dir());
        assertEquals("interrupted", selected.state());
        assertFalse(robot.lookup("#runs-continue").queryAs(Button.class).isDisabled());

        int finishedRow = table.getItems().indexOf(table.getItems().stream()
                .filter(e -> ((RunsModel.Entry) e).state().equals("finished")).findFirst().orElseThrow());
        Path finishedDir = ((RunsModel.Entry) table.getItems().get(finishedRow)).dir();
        fx(() -> {
            table.getSelectionModel().clearAndSelect(finishedRow);
            return null;
        });
        robot.clickOn("#runs-delete");
        robot.clickOn("OK");
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Files.exists(finishedDir), "deleted after the confirmation");
        assertEquals(1, table.getItems().size());
        assertTrue(runs.messageProperty().get().startsWith("deleted 1 run"), runs.messageProperty().get());

        robot.clickOn("Close");
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, closed.get(), "closing without continuing starts the default run");
    }
}
