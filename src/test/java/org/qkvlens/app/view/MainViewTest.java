package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuBar;
import javafx.scene.shape.Shape;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.FxTesting;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.CorpusChoice;
import org.qkvlens.app.state.RunModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window at 1366 × 768 (a common laptop), training the article preset: menu bar, scatter toolbar and
 * playback bar within the window, the run's status line whole, drawn play/pause icons, and a help window that fits
 * its screen with its text wrapped. Headless (Monocle).
 */
@ExtendWith(ApplicationExtension.class)
class MainViewTest {
    private AppModel model;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new AppModel(Background.pool(2));
        FxTesting.openMainWindow(stage, model, 1366, 768);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> model.shutdown()).get();
    }

    /** Whether {@code n} is drawn wholly inside the window. */
    private boolean inWindow(Node n) {
        Bounds b = n.localToScene(n.getBoundsInLocal());
        Scene s = n.getScene();
        return b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= s.getWidth() + 0.5 && b.getMaxY() <= s.getHeight() + 0.5;
    }

    /** Whether a labeled control draws its whole text (no "…"). */
    private static boolean whole(Labeled l) {
        Text drawn = (Text) l.lookup(".text");
        return drawn != null && drawn.getText().stripTrailing().equals(l.getText().stripTrailing());
    }

    @Test
    void everythingEssentialIsInsideA1366By768Window(FxRobot robot) throws Exception {
        // finished: the longest status, "finished · epoch 30/30 · step 5/5 · loss 0.355 · 14,263 tok/s", as in the issue
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> model.run().statusProperty().get() == RunModel.Status.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            MenuBar menu = (MenuBar) ((MainView) stage.getScene().getRoot()).getTop();
            assertTrue(inWindow(menu), "menu bar");
            for (String id : new String[] {"#scatter-method", "#scatter-labels", "#scatter-trajectories", "#scatter-reset",
                "#scatter-progress", "#playback-play", "#playback-slider", "#playback-follow", "#run-start", "#run-status"}) {
                Node n = robot.lookup(id).query();
                assertTrue(inWindow(n), id + " inside the window: " + n.localToScene(n.getBoundsInLocal()));
            }
            Parent toolbar = robot.lookup("#scatter-method").query().getParent();
            Node export = toolbar.getChildrenUnmodifiable().getLast();
            assertTrue(export.getBoundsInParent().getMaxX() <= toolbar.getLayoutBounds().getWidth(),
                    "the scatter's Export button is not cut off: " + export.getBoundsInParent() + " in " + toolbar.getLayoutBounds()
                    + toolbar.getChildrenUnmodifiable().stream().map(c -> c.getBoundsInParent().getWidth()).toList());
            Labeled status = robot.lookup("#run-status").queryLabeled();
            assertTrue(status.getText().contains("tok/s"), status.getText());
            assertTrue(whole(status), "status drawn whole: " + ((Text) status.lookup(".text")).getText());
            return null;
        });
    }

    /**
     * One colour choice for 2D and 3D; the Clusters tab, once shown, charts every epoch of the finished run, fills its
     * table, publishes the clusters and exports CSV; the scatter's CSV export is no longer greyed out.
     */
    @Test
    void colourByIsSharedAndTheClustersTabFillsItself(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> model.run().statusProperty().get() == RunModel.Status.FINISHED);
        java.util.List<javafx.scene.control.ChoiceBox<?>> boxes = fx(() -> robot.lookup("#scatter-color-by").queryAll().stream()
                .<javafx.scene.control.ChoiceBox<?>>map(n -> (javafx.scene.control.ChoiceBox<?>) n).toList());
        assertEquals(2, boxes.size(), "2D and 3D");
        fx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ChoiceBox<org.qkvlens.app.view.scatter.ColorBy> first =
                    (javafx.scene.control.ChoiceBox<org.qkvlens.app.view.scatter.ColorBy>) boxes.getFirst();
            first.setValue(org.qkvlens.app.view.scatter.ColorBy.WORD);
            return null;
        });
        assertEquals(org.qkvlens.app.view.scatter.ColorBy.WORD, fx(() -> boxes.getLast().getValue()));
        javafx.scene.control.TabPane inspector = robot.lookup("#inspector-tabs").queryAs(javafx.scene.control.TabPane.class);
        fx(() -> {
            inspector.getSelectionModel().select(inspector.getTabs().stream().filter(t -> t.getText().equals("Clusters")).findFirst().orElseThrow());
            return null;
        });
        ClustersView clusters = robot.lookup("#clusters-view").queryAs(ClustersView.class);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> fx(() -> clusters.model().figureProperty().get().reports().size() == 31
                && !clusters.model().busyProperty().get()));
        String csv = fx(clusters::csv);
        assertTrue(csv.startsWith("epoch,step,n,k,"), csv);
        assertTrue(csv.contains("\ncluster,size,top_words,top_positions,top_sentences\n"), csv);
        assertEquals(31 + 1, csv.split("\n\n")[0].split("\n").length, "a row per epoch");
        assertTrue(fx(() -> model.selection().clustersProperty().get().clusters()) >= 2, "published");
        String scatterCsv = fx(() -> ((org.qkvlens.app.exportable.ExportableView) robot.lookup("#scatter-2d").query()).csv());
        assertNotNull(scatterCsv, "the scatter's CSV export is offered");
        assertTrue(scatterCsv.startsWith("snapshot,epoch,probe,side,position,token,kind,x,y,norm,colour (word)\n"), scatterCsv);
    }

    @Test
    void aLongCorpusNameShortensItselfNotItsCaptionOrButton(FxRobot robot) throws Exception {
        // Multi30k's aligned files: "val.lc.norm.tok.en + val.lc.norm.tok.de" once squeezed the row to "Cor…" and "Ope…"
        fx(() -> {
            model.run().corpusProperty().set(CorpusChoice.aligned(Path.of("/data/multi30k/val.lc.norm.tok.en"),
                    Path.of("/data/multi30k/val.lc.norm.tok.de")));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            Labeled caption = robot.lookup("#run-corpus-caption").queryLabeled();
            Labeled open = robot.lookup("#run-open-corpus").queryLabeled();
            assertTrue(whole(caption), "caption drawn whole: " + ((Text) caption.lookup(".text")).getText());
            assertTrue(whole(open), "button drawn whole: " + ((Text) open.lookup(".text")).getText());
            Labeled corpus = robot.lookup("#run-corpus").queryLabeled();
            assertTrue(corpus.getTooltip().getText().contains("/data/multi30k/val.lc.norm.tok.de"), corpus.getTooltip().getText());
            return null;
        });
    }

    @Test
    void playAndPauseHaveDrawnIcons(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.live().snapshots().size() >= 3);
        Button play = robot.lookup("#playback-play").queryButton();
        Node playIcon = fx(() -> {
            model.playback().seek(0);
            return play.getGraphic();
        });
        Node pauseIcon = fx(() -> {
            model.playback().togglePlay();                  // one epoch a second or slower: still playing when looked at
            assertTrue(model.playback().playingProperty().get());
            return play.getGraphic();
        });
        assertFalse(playIcon == pauseIcon, "an icon for each");
        for (Node icon : new Node[] {playIcon, pauseIcon}) {
            assertNotNull(icon);
            assertTrue(icon instanceof Group g && !g.getChildren().isEmpty()
                    && g.getChildren().stream().allMatch(c -> c instanceof Shape && !(c instanceof Text)),
                    "an icon made of shapes, not a character the font may lack");
            assertTrue(icon.getLayoutBounds().getWidth() >= 8 && icon.getLayoutBounds().getHeight() >= 8);
        }
        String text = fx(play::getText);
        assertEquals("Pause", text, "only letters: no symbol the font may lack");
        assertTrue(fx(() -> whole(play)), "\"Pause\" drawn whole");
        fx(() -> {
            model.playback().pause();
            return null;
        });
    }

    @Test
    void theHelpWindowFitsItsScreenAndWrapsItsText() throws Exception {
        Alert help = fx(() -> {
            Alert a = MainView.infoDialog(stage, "How to read these pictures", HowToRead.TEXT);
            a.show();
            return a;
        });
        try {
            Rectangle2D screen = fx(() -> MainView.screenOf(stage));
            double w = fx(() -> help.getDialogPane().getScene().getWindow().getWidth());
            double h = fx(() -> help.getDialogPane().getScene().getWindow().getHeight());
            assertTrue(w <= Math.min(700, screen.getWidth()), "help window width " + w + " on a " + screen.getWidth() + " px screen");
            assertTrue(h <= screen.getHeight(), "help window height " + h);
            Labeled text = fx(() -> (Labeled) help.getDialogPane().lookup("#info-text"));
            assertTrue(fx(() -> text.getWidth()) <= w, "the text is as wide as the window");
            assertTrue(fx(() -> text.getHeight()) > 10 * fx(() -> text.getFont().getSize()), "the text wraps onto many lines");
            assertTrue(fx(() -> whole(text)), fx(() -> "no text cut off: " + ((Text) text.lookup(".text")).getText()));
        } finally {
            fx(() -> {
                help.close();
                return null;
            });
        }
    }
}
