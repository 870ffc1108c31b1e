package org.qkvlens.app.view.joint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.qkvlens.app.FxTesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.figure.HeadTile;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.cli.Cli;
import org.qkvlens.probe.Site;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The head overview on a real run with several layers and heads (article preset, 2 encoder layers, 2 heads, 1 epoch):
 * one tile per site × layer × head, each with its Spearman; the playback drives them; a click focuses the head.
 */
@ExtendWith(ApplicationExtension.class)
class HeadsViewTest {
    private static RunRecord run;
    private AppModel app;
    private HeadsModel model;
    private HeadsView view;
    private final AtomicInteger focused = new AtomicInteger();

    private static synchronized RunRecord run() {
        if (run != null) return run;
        try {
            Path out = Files.createTempDirectory("qkv-heads-test").resolve("heads.npz");
            PrintStream stdout = System.out;
            int status;
            try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
                System.setOut(quiet);
                status = Cli.run(new String[] {"train", "--preset", "article", "--corpus", "sample-sentences/eng_de.csv",
                    "--enc-layers", "2", "--heads", "2", "--epochs", "1", "--quiet", "--out", out.toString()});
            } finally {
                System.setOut(stdout);
            }
            if (status != 0) throw new IllegalStateException("train failed: " + status);
            run = SnapshotFile.read(out);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains before JavaFX starts the window: training inside {@code @Start} can outlast its timeout. */
    @BeforeAll
    static void train() {
        run();
    }

    @Start
    void start(Stage stage) {
        app = new AppModel(Background.direct());
        app.live().load(RunInfo.of("heads.npz", run()), run());
        app.ticker().tick();
        model = new HeadsModel(app);
        model.setOnFocus(focused::incrementAndGet);
        view = new HeadsView(model, app.selection());
        stage.setScene(new Scene(view, 1000, 700));
        stage.show();
        app.ticker().tick();
    }

    @AfterEach
    void stop() throws Exception {
        FxTesting.close(model::dispose, app);
    }

    @Test
    void oneTilePerSiteLayerAndHead() throws Exception {
        List<HeadTile> tiles = fx(() -> model.tilesProperty().get());
        // encoder self 2 layers × 2 heads, decoder self 1 × 2, decoder–encoder 1 × 2
        assertEquals(8, tiles.size());
        assertEquals(8, fx(() -> view.grid().tileNodes().size()));
        assertTrue(tiles.stream().allMatch(Objects::nonNull), "every tile computed");
        assertEquals(List.of(Site.ENC_SELF, Site.ENC_SELF, Site.ENC_SELF, Site.ENC_SELF, Site.DEC_SELF, Site.DEC_SELF,
                Site.DEC_CROSS, Site.DEC_CROSS), tiles.stream().map(t -> t.slot().site()).toList());
        assertEquals(List.of(0, 1, 0, 1, 0, 1, 0, 1), tiles.stream().map(t -> t.slot().head()).toList());
        assertEquals(1, tiles.get(2).slot().layer());
        for (HeadTile t : tiles) {
            assertFalse(Double.isNaN(t.rho()), "joint tiles have a Spearman: " + t.caption());
            assertTrue(t.xy().length > 0);
        }
        // the playback drives every tile
        fx(() -> {
            app.playback().seek(0);
            app.ticker().tick();
            return null;
        });
        assertTrue(fx(() -> model.tilesProperty().get()).stream().allMatch(t -> t.epoch() == 0));
        // one kind: no Spearman
        fx(() -> {
            model.showProperty().set(HeadsModel.Show.K);
            app.ticker().tick();
            return null;
        });
        assertTrue(fx(() -> model.tilesProperty().get()).stream().allMatch(t -> Double.isNaN(t.rho())));
    }

    @Test
    void jointViewOfAllHeadsShowsOneAndSaysSo() throws Exception {
        JointModel joint = fx(() -> {
            app.selection().headProperty().set(-1);
            JointModel m = new JointModel(app);
            app.ticker().tick();
            return m;
        });
        assertTrue(fx(() -> joint.headNoteProperty().get()).contains("head 1"), fx(() -> joint.headNoteProperty().get()));
        assertTrue(fx(() -> joint.figure().caption()).contains("head 1 of 2"));
        fx(() -> {
            joint.ownHeadProperty().set(1);
            app.ticker().tick();
            return null;
        });
        assertTrue(fx(() -> joint.figure().caption()).contains("head 2 of 2"));
        fx(() -> {                                    // one head chosen in the toolbar: no note, that head
            app.selection().headProperty().set(0);
            app.ticker().tick();
            return null;
        });
        assertEquals("", fx(() -> joint.headNoteProperty().get()));
        assertTrue(fx(() -> joint.figure().caption()).contains("head 1 of 2"));
        fx(() -> {
            joint.dispose();
            return null;
        });
    }

    @Test
    void clickingATileFocusesItsHead() throws Exception {
        HeadTileNode node = fx(() -> view.grid().tileNodes().get(3));
        new FxRobot().clickOn(node);
        assertEquals(Site.ENC_SELF, fx(() -> app.selection().site()));
        assertEquals(1, (int) fx(() -> app.selection().layer()));
        assertEquals(1, (int) fx(() -> app.selection().head()));
        assertEquals(1, focused.get(), "the window is told to show the joint view");
    }
}
