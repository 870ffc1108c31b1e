package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Spinner;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.app.view.neighbours.NeighbourRow;
import org.qkvlens.app.view.neighbours.NeighboursModel;
import org.qkvlens.app.view.neighbours.NeighboursView;
import org.qkvlens.neighbours.NeighbourMetric;
import org.qkvlens.probe.Kind;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;
import org.qkvlens.projection.Projector;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Neighbours tab beside the 2D scatter on the article snapshot file (6 epochs; K and V of A and B at decoder–encoder
 * attention, epochs 1, 3 and 6 drawn), headless: a click on a point fills the table with exactly the k nearest this
 * test finds by its own brute force over the frame's vectors, for both metrics and another k; the painter draws a line
 * to each; a click on a row highlights that token; moving the playback moves the pick; a click on empty space clears.
 */
@ExtendWith(ApplicationExtension.class)
class NeighboursViewTest {
    private AppModel app;
    private ScatterModel model;
    private Scatter2DView view;
    private NeighboursModel neighbours;
    private NeighboursView table;

    @Start
    void start(Stage stage) {
        app = ArticleFile.openedApp();
        model = new ScatterModel(app, LayoutFunction.projector(new Projector()), 2);
        app.ticker().tick();
        view = new Scatter2DView(model);
        neighbours = new NeighboursModel(app);
        neighbours.frameProperty().bind(model.frameProperty());
        table = new NeighboursView(neighbours);
        view.setPrefWidth(760);
        table.setPrefWidth(560);
        stage.setScene(new Scene(new HBox(view, table), 1320, 640));
        stage.show();
        app.ticker().start();
    }

    @AfterEach
    void stop() throws Exception {
        fx(() -> {
            neighbours.dispose();
            model.dispose();
            app.shutdown();
            return null;
        });
    }

    private void settle() throws Exception {
        fx(() -> {
            view.settle();
            return null;
        });
    }

    /** Clicks data point p where the settled view draws it. */
    private void click(FxRobot robot, int p) throws Exception {
        Point2D at = fx(() -> {
            view.settle();
            double[] s = view.screenPositionOfPoint(p);
            return view.exportNode().localToScreen(s[0], s[1]);
        });
        robot.clickOn(at, MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static int indexOf(ScatterData d, PointKey key) {
        for (int i = 0; i < d.size(); i++) if (d.point(i).key().equals(key)) return i;
        throw new AssertionError("no point " + key);
    }

    /** This test's own brute force: the k nearest others of the picked point among its snapshot's points, in double. */
    private static List<PointKey> expected(ScatterData d, PointKey picked, NeighbourMetric metric, int k) {
        float[] q = d.point(indexOf(d, picked)).vector();
        List<Point> others = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            Point p = d.point(i);
            if (p.key().snapshot() == picked.snapshot() && !p.key().equals(picked)) others.add(p);
        }
        Comparator<Point> byDistance = Comparator.comparingDouble(p -> {
            float[] v = p.vector();
            double dot = 0, nq = 0, nv = 0, sq = 0;
            for (int f = 0; f < v.length; f++) {
                dot += (double) q[f] * v[f];
                nq += (double) q[f] * q[f];
                nv += (double) v[f] * v[f];
                sq += ((double) q[f] - v[f]) * ((double) q[f] - v[f]);
            }
            return metric == NeighbourMetric.COSINE ? 1 - dot / Math.sqrt(nq * nv) : Math.sqrt(sq);
        });
        return others.stream().sorted(byDistance).limit(k).map(Point::key).toList();
    }

    private List<PointKey> shownKeys() throws Exception {
        return fx(() -> neighbours.rows().stream().map(NeighbourRow::key).toList());
    }

    private void waitForRows(int n) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> neighbours.rows().size() == n && !neighbours.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void clickingAPointListsExactlyItsKNearestAndDrawsALineToEach(FxRobot robot) throws Exception {
        ScatterFrame f = fx(() -> model.frame());
        int current = f.current();
        int eat = indexOf(f.data(), new PointKey(0, false, 3, Kind.K, current));   // "eat" of "we can eat apple"
        assertEquals("eat", f.data().point(eat).token());
        click(robot, eat);
        waitForRows(10);
        PointKey picked = fx(() -> app.selection().pickedProperty().get());
        assertNotNull(picked);
        assertEquals(current, picked.snapshot());
        TokenRef token = new TokenRef(picked.probe(), picked.decoder(), picked.position());
        assertEquals(token, fx(() -> app.selection().highlightedProperty().get()));
        assertEquals(expected(f.data(), picked, NeighbourMetric.COSINE, 10), shownKeys());
        String headline = fx(() -> neighbours.headlineProperty().get());
        assertTrue(headline.matches("\\d+ of 10 (are|is) also (neighbours|a neighbour) in the picture \\(PCA 2D\\)"), headline);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !neighbours.keepsProperty().get().isEmpty());
        assertTrue(fx(() -> neighbours.keepsProperty().get()).matches("this picture keeps \\d+ % of each point's 10 nearest.*all 24 points\\)"),
                fx(() -> neighbours.keepsProperty().get()));

        // the painter: a line from the picked point's item to each neighbour's
        settle();
        NeighbourLines lines = view.painter().neighbourLines;
        assertEquals(10, lines.count);
        assertEquals(picked, f.data().point(view.glide().point[lines.from]).key());
        List<PointKey> drawnTo = new ArrayList<>();
        for (int c = 0; c < lines.count; c++) drawnTo.add(f.data().point(view.glide().point[lines.to[c]]).key());
        assertEquals(shownKeys(), drawnTo);

        // Euclidean, through the choice box; then k = 4 through the spinner
        fx(() -> {
            @SuppressWarnings("unchecked") ChoiceBox<NeighbourMetric> m = (ChoiceBox<NeighbourMetric>) table.lookup("#neighbours-metric");
            m.setValue(NeighbourMetric.EUCLIDEAN);
            return null;
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            List<PointKey> keys = neighbours.rows().stream().map(NeighbourRow::key).toList();
            return keys.equals(expected(f.data(), picked, NeighbourMetric.EUCLIDEAN, 10));
        });
        fx(() -> {
            @SuppressWarnings("unchecked") Spinner<Integer> k = (Spinner<Integer>) table.lookup("#neighbours-k");
            k.getValueFactory().setValue(4);
            return null;
        });
        waitForRows(4);
        assertEquals(expected(f.data(), picked, NeighbourMetric.EUCLIDEAN, 4), shownKeys());
        double d0 = fx(() -> neighbours.rows().get(0).distance());
        assertEquals(NeighbourMetric.EUCLIDEAN.distance(f.data().point(indexOf(f.data(), picked)).vector(),
                f.data().point(indexOf(f.data(), shownKeys().get(0))).vector()), d0, 1e-12);
        settle();
        assertEquals(4, view.painter().neighbourLines.count);
        String csv = fx(() -> table.csv());
        assertTrue(csv.contains("rank,token,sentence,position,kind,epoch,euclidean_distance,in_picture"), csv);
        assertEquals(4 + 4, csv.lines().count(), csv);   // 3 comment lines, the header, 4 rows

        // typed k: text that is no number keeps 4; 99 is clamped to 50, which lists all 23 other points of epoch 6
        int typed = fx(() -> {
            @SuppressWarnings("unchecked") Spinner<Integer> k = (Spinner<Integer>) table.lookup("#neighbours-k");
            k.getEditor().setText("four");
            k.commitValue();
            return k.getValue();
        });
        assertEquals(4, typed);
        fx(() -> {
            @SuppressWarnings("unchecked") Spinner<Integer> k = (Spinner<Integer>) table.lookup("#neighbours-k");
            k.getEditor().setText("99");
            k.commitValue();
            return null;
        });
        waitForRows(23);
        assertEquals(50, fx(() -> neighbours.kProperty().get()));
        fx(() -> {
            neighbours.kProperty().set(4);
            return null;
        });
        waitForRows(4);

        // a click on the third row highlights its token, the pick stays
        Node row = robot.lookup("#neighbours-table .table-row-cell").nth(2).query();
        robot.clickOn(row, MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        PointKey third = shownKeys().get(2);
        assertEquals(new TokenRef(third.probe(), third.decoder(), third.position()), fx(() -> app.selection().highlightedProperty().get()));
        assertEquals(picked, fx(() -> app.selection().pickedProperty().get()));

        // an empty corner clears the pick, the rows and the lines
        Point2D corner = fx(() -> view.exportNode().localToScreen(ScatterPainter2D.LEFT + 4, ScatterPainter2D.TOP + 4));
        robot.clickOn(corner, MouseButton.PRIMARY);
        waitForRows(0);
        assertNull(fx(() -> app.selection().pickedProperty().get()));
        settle();
        assertTrue(!view.painter().neighbourLines.any());
        assertTrue(fx(() -> neighbours.statusProperty().get()).startsWith("Click a point"));
    }

    @Test
    void movingThePlaybackMovesThePickToItsTokenAtTheNewEpoch(FxRobot robot) throws Exception {
        ScatterFrame f = fx(() -> model.frame());
        int current = f.current();
        click(robot, indexOf(f.data(), new PointKey(1, false, 1, Kind.V, current)));   // V of "apple" in "apple eat can we"
        waitForRows(10);
        PointKey picked = fx(() -> app.selection().pickedProperty().get());
        assertEquals(current, picked.snapshot());
        fx(() -> {
            app.playback().seek(2);
            return null;
        });
        ScatterFrame moved = fx(() -> model.frame());
        assertEquals(2, moved.current());
        PointKey now = fx(() -> app.selection().pickedProperty().get());
        assertEquals(picked.at(2), now, "the picked track's point at the new snapshot");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> neighbours.rows().stream().allMatch(r -> r.key().snapshot() == 2)
                && neighbours.rows().size() == 10);
        assertEquals(expected(moved.data(), now, NeighbourMetric.COSINE, 10), shownKeys());
        assertTrue(fx(() -> neighbours.rows().stream().allMatch(r -> r.epoch() == 2)));
        settle();
        assertEquals(now, moved.data().point(view.glide().point[view.painter().neighbourLines.from]).key());
    }
}
