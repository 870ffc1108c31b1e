package org.qkvlens.app.view.joint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.qkvlens.app.FxTesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.figure.JointFigure;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.view.ArticleSnapshots;
import org.qkvlens.joint.AttentionLines;
import org.qkvlens.joint.Faithfulness;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.projection.Point;
import org.qkvlens.session.RunRecord;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The joint Q–K view on a real run (article preset trained 3 epochs by {@code train --out}), headless: it lays out
 * exactly the queries and keys of the probes the scatter shows, a click on a query draws lines whose weights are the
 * captured attention row, and the readout is Spearman of the layout shown.
 */
@ExtendWith(ApplicationExtension.class)
class JointViewTest {
    private AppModel app;
    private JointModel model;
    private JointView view;
    private static RunRecord run;

    /** Trains (once per JVM) before JavaFX starts the window: training inside {@code @Start} can outlast its timeout. */
    @BeforeAll
    static void train() {
        run = ArticleSnapshots.record();
    }

    @Start
    void start(Stage stage) {
        app = new AppModel(Background.direct());
        app.live().load(RunInfo.of("article3.npz", run), run);
        app.ticker().tick();
        app.selection().setExtraProbes(List.of(2, 3, 5));
        model = new JointModel(app);
        view = new JointView(model);
        stage.setScene(new Scene(view, 1000, 700));
        stage.show();
        app.ticker().tick();
    }

    @AfterEach
    void stop() throws Exception {
        FxTesting.close(model::dispose, app);
    }

    @Test
    void pointsAreTheQueriesAndKeysOfTheShownProbes() throws Exception {
        JointFigure f = fx(() -> model.figure());
        Snapshot s = run.snapshots().getLast();
        assertEquals(3, f.space().epoch());
        Set<String> want = new HashSet<>();
        for (int p : List.of(0, 1, 2, 3, 5)) {
            ProbeCapture c = s.probe(p);
            for (int i = 0; i < c.array(new ArrayKey(Site.DEC_CROSS, 0, Kind.Q)).dim(0); i++) want.add(p + "/Q/" + i);
            for (int j = 0; j < c.array(new ArrayKey(Site.DEC_CROSS, 0, Kind.K)).dim(0); j++) want.add(p + "/K/" + j);
        }
        Set<String> got = new HashSet<>();
        for (Point pt : f.points()) got.add(pt.key().probe() + "/" + pt.key().kind().id() + "/" + pt.key().position());
        assertEquals(want.size(), f.points().size(), "no point twice");
        assertEquals(want, got);

        // the selection's further probes change what is laid out
        fx(() -> {
            app.selection().setExtraProbes(List.of());
            app.ticker().tick();
            return null;
        });
        assertEquals(Set.of(0, 1), fx(() -> Set.copyOf(model.figure().probes())));
    }

    @Test
    void clickingAQueryDrawsItsAttentionRow() throws Exception {
        JointFigure f = fx(() -> model.figure());
        int query = -1;
        for (int i = 0; i < f.points().size(); i++) {          // a query of A ("wir" reads "we can eat apple")
            Point p = f.points().get(i);
            if (p.key().kind() == Kind.Q && p.key().probe() == 0 && p.key().position() == 1) query = i;
        }
        int q = query;
        Point2D at = fx(() -> {
            double[] s = view.screenPositionOfPoint(q);
            return view.canvas().localToScreen(s[0], s[1]);
        });
        new FxRobot().clickOn(at);
        List<AttentionLines.Line> lines = fx(() -> model.linesProperty().get());
        assertEquals(q, (int) fx(() -> model.pickedProperty().get()), "the click picked the query under it");
        ProbeCapture c = run.snapshots().getLast().probe(0);
        Tensor att = c.array(new ArrayKey(Site.DEC_CROSS, 0, Kind.ATTENTION));       // (heads, tq, tk)
        int tq = att.dim(1), tk = att.dim(2);
        assertEquals(tk, lines.size(), "decoder–encoder: a line to every source token");
        for (int j = 0; j < tk; j++) {
            assertEquals(0, lines.get(j).key().probe(), "keys of its own probe");
            assertFalse(lines.get(j).key().decoder(), "encoder keys");
            assertEquals(att.data()[(0 * tq + 1) * tk + j], lines.get(j).weight(), 1e-6, "weight of key " + j);
        }
        assertEquals(tk, (int) fx(() -> view.lookupAll("#joint-weights").stream()
                .mapToInt(n -> ((javafx.scene.control.ListView<?>) n).getItems().size()).sum()));

        // hovering a key of A names its token, sentence, position and kind
        int key = -1;
        for (int i = 0; i < f.points().size(); i++) {
            Point p = f.points().get(i);
            if (p.key().kind() == Kind.K && p.key().probe() == 0 && p.key().position() == 4) key = i;
        }
        int k = key;
        Point2D keyAt = fx(() -> {
            double[] s = view.screenPositionOfPoint(k);
            return view.canvas().localToScreen(s[0], s[1]);
        });
        new FxRobot().moveTo(keyAt);
        String hover = fx(() -> ((javafx.scene.control.Label) view.lookup("#joint-hover")).getText());
        assertEquals("key \"" + f.points().get(k).token() + "\" · sentence A (probe 0) · position 4 · K", hover);

        // clicking empty space clears the lines
        Point2D corner = fx(() -> view.canvas().localToScreen(3, view.canvas().getHeight() - 3));
        new FxRobot().clickOn(corner);
        assertTrue(fx(() -> model.linesProperty().get()).isEmpty());
    }

    @Test
    void readoutIsSpearmanOfTheLayoutShown() throws Exception {
        JointFigure f = fx(() -> model.figure());
        double rho = -Faithfulness.of(f.space(), f.layout());
        assertEquals(rho, f.rho(), 0.0);
        String shown = fx(() -> view.canvas().drawnReadout());
        assertTrue(shown.startsWith(String.format(Locale.ROOT, "Spearman(q·k, −distance) = %.2f", rho)), shown);
        // another layout, another readout of that layout
        fx(() -> {
            model.scaledProperty().set(false);
            model.metricProperty().set(org.qkvlens.joint.Metric.EUCLIDEAN);
            app.ticker().tick();
            return null;
        });
        JointFigure g = fx(() -> model.figure());
        assertFalse(g.space().scale() != 1, "unscaled");
        assertEquals(-Faithfulness.of(g.space(), g.layout()), g.rho(), 0.0);
        assertTrue(fx(() -> view.canvas().drawnReadout()).startsWith(g.readout()));
    }

    @Test
    void allHeadsShowsOneHeadAndSaysSo() throws Exception {
        // the article model has one head: nothing to say; the note appears only where there is a choice
        assertEquals("", fx(() -> model.headNoteProperty().get()));
        assertEquals(0, (int) fx(() -> model.head()));
        assertTrue(fx(() -> model.figure().caption()).contains("head 1 of 1"));
    }
}
