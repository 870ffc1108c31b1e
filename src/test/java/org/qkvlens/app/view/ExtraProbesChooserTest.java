package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.util.Set;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Selection;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** "Also plot" at a thousand sentences: filter, All / None with the cap, a seeded sample, and picks that keep it open. */
@ExtendWith(ApplicationExtension.class)
class ExtraProbesChooserTest {
    private final Selection selection = new Selection();
    private LiveRun live;
    private ExtraProbesChooser chooser;
    private Button button;

    @Start
    void start(Stage stage) {
        live = new LiveRun();
        live.load(ManyProbes.info(1000), ManyProbes.run(1000));
        live.poll();
        chooser = new ExtraProbesChooser(selection, live);
        button = ExtraProbesChooser.button(chooser);
        StackPane root = new StackPane(button);
        root.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        stage.setScene(new Scene(root, 600, 520));
        stage.show();
    }

    @Test
    void filterAllNoneAndTheCapAreSaid() throws Exception {
        fx(() -> {
            chooser.filter.setText("dog");
            assertEquals(500, chooser.list.getItems().size(), "the even probes");
            chooser.all.fire();
            assertEquals(499, selection.extraProbes().size(), "all that match, less A (0), under the cap");
            // plotted: A, B (a cat) and the 499 other dogs
            assertTrue(chooser.count.getText().startsWith("501 of 1,000 sentences plotted"), chooser.count.getText());
            chooser.filter.setText("");
            chooser.all.fire();
            assertEquals(Selection.EXTRA_CAP, selection.extraProbes().size());
            assertTrue(chooser.count.getText().contains("498 more left out by the cap"), chooser.count.getText());
            assertTrue(chooser.count.getText().contains("(A, B and up to 500 more)"), chooser.count.getText());
            chooser.none.fire();
            assertTrue(selection.extraProbes().isEmpty());
            assertTrue(chooser.count.getText().startsWith("2 of 1,000"), chooser.count.getText());
            return null;
        });
    }

    @Test
    void aSampleIsSeededAndOfTheFiltered() throws Exception {
        Set<Integer> first = fx(() -> {
            chooser.filter.setText("cat");
            chooser.sampleSize.setText("40");
            chooser.seed.setText("3");
            chooser.sample.fire();
            return Set.copyOf(selection.extraProbes());
        });
        assertEquals(40, first.size());
        assertTrue(first.stream().allMatch(p -> p % 2 == 1), "only cats");
        Set<Integer> again = fx(() -> {
            chooser.none.fire();
            chooser.sample.fire();
            return Set.copyOf(selection.extraProbes());
        });
        assertEquals(first, again);
        Set<Integer> other = fx(() -> {
            chooser.seed.setText("4");
            chooser.sample.fire();
            return Set.copyOf(selection.extraProbes());
        });
        assertNotEquals(first, other);
        String bad = fx(() -> {
            chooser.sampleSize.setText("many");
            chooser.sample.fire();
            return chooser.count.getText();
        });
        assertTrue(bad.contains("N must be a whole number") && bad.contains("\"many\""), bad);
        assertEquals(other, Set.copyOf(selection.extraProbes()), "bad input changes nothing");
    }

    /** The check box showing {@code text} now (cells are reused: look it up before each click). */
    private CheckBox box(String text) throws Exception {
        return fx(() -> chooser.list.lookupAll(".check-box").stream().map(n -> (CheckBox) n)
                .filter(b -> b.getText().equals(text) && b.getParent() != null).findFirst().orElseThrow());
    }

    @Test
    void picksByClickKeepThePanelOpenAndHoverTogglesNothing(FxRobot robot) throws Exception {
        robot.clickOn(button);
        assertTrue(fx(() -> chooser.getScene().getWindow().isShowing()));
        robot.moveTo(box("a dog runs 4"));                   // hovering over an item does nothing
        assertTrue(fx(() -> selection.extraProbes().isEmpty()));
        robot.clickOn(box("a dog runs 2"));
        robot.clickOn(box("a cat sits 3"));
        assertTrue(fx(() -> chooser.getScene().getWindow().isShowing()), "picking does not close it");
        assertEquals(Set.of(2, 3), fx(() -> Set.copyOf(selection.extraProbes())));
        assertTrue(fx(() -> button.getText()).startsWith("Also plot (2)"));
        robot.clickOn(box("a dog runs 2"));
        assertEquals(Set.of(3), fx(() -> Set.copyOf(selection.extraProbes())));
        assertFalse(fx(() -> chooser.count.getText()).isEmpty());
        robot.clickOn(robot.point(button).atOffset(new javafx.geometry.Point2D(520, 470)));   // looking elsewhere keeps it
        assertTrue(fx(() -> chooser.getScene().getWindow().isShowing()));
        robot.clickOn("#extra-close");
        assertFalse(fx(() -> chooser.getScene().getWindow().isShowing()));
        robot.clickOn(button);                                                                  // and it opens again
        assertTrue(fx(() -> chooser.getScene().getWindow().isShowing()), "opens again");
        robot.clickOn(button);
        assertFalse(fx(() -> chooser.getScene().getWindow().isShowing()), "the button closes it too");
    }
}
