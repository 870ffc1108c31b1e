package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.RunModel;
import org.qkvlens.app.state.Selection;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Sentence A and B among 5,000 probes: typing in the search field narrows the list, Enter picks the first match. */
@ExtendWith(ApplicationExtension.class)
class ProbeSearchChoiceTest {
    private final Selection selection = new Selection();

    @Start
    void start(Stage stage) {
        LiveRun live = new LiveRun();
        live.load(ManyProbes.info(5000), ManyProbes.run(5000));
        live.poll();
        ProbePanel panel = new ProbePanel(new RunModel(Background.direct(), live), live, selection);
        stage.setScene(new Scene(panel, 520, 480));
        stage.show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void typingNarrowsTheListAndEnterPicks(FxRobot robot) throws Exception {
        ComboBox<Integer> a = robot.lookup("#sentence-a").queryAs(ComboBox.class);
        TextField search = robot.lookup("#sentence-a-search").queryAs(TextField.class);
        assertEquals(5000, fx(() -> a.getItems().size()));
        robot.clickOn(search).write("sits 4321");
        assertEquals(List.of(4321), fx(() -> List.copyOf(a.getItems())));
        assertTrue(fx(a::isShowing), "the narrowed list opens as one types");
        robot.clickOn(search).type(KeyCode.ENTER);
        assertEquals(4321, fx(() -> selection.sentenceAProperty().get()));
        assertEquals(0, fx(() -> selection.sentenceBProperty().get()) - 1, "B is untouched");
        fx(() -> {
            search.setText("runs 12");                      // 12, 120…128, 1200…1298 (even only)
            return null;
        });
        List<Integer> shown = fx(() -> List.copyOf(a.getItems()));
        assertEquals(4321, fx(a::getValue), "a search that hides the choice does not clear it");
        assertEquals(56, shown.size(), shown.toString());
        assertTrue(shown.stream().allMatch(p -> p % 2 == 0 && String.valueOf(p).startsWith("12")));
        fx(() -> {
            search.setText("");
            return null;
        });
        assertEquals(5000, fx(() -> a.getItems().size()));
        assertEquals(4321, fx(a::getValue), "clearing the search keeps the choice");
    }
}
