package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.export.PngExport;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.PointClusters;
import org.qkvlens.app.state.Selection;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.app.state.TokenSearch;
import org.qkvlens.app.view.AttentionView;
import org.qkvlens.app.view.HeatmapView;
import org.qkvlens.app.view.SelectionPanel;
import org.qkvlens.app.figure.MatrixPanel;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;
import org.qkvlens.projection.Projector;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Search and selection across the views, headless on the article snapshot file (6 epochs; A "we can eat apple",
 * B "apple eat can we"): the search box's modes and count, a bad regular expression, Enter stepping through matches,
 * dimming reaching the scatter, heatmap and attention (model state and drawn pixels); box and lasso selection of
 * exactly the points drawn inside (expected from the frame's coordinates), Escape and a click on empty space clearing
 * it; the members table's rows, sorting, copying and CSV round trip.
 */
@ExtendWith(ApplicationExtension.class)
class SearchAndSelectionTest {
    private AppModel app;
    private Selection sel;
    private ScatterModel model;
    private ScatterModel model3;
    private Scatter2DView view;
    private HeatmapView heatmap;
    private AttentionView attention;
    private MembersView members;

    @Start
    void start(Stage stage) {
        app = ArticleFile.openedApp();
        sel = app.selection();
        model = new ScatterModel(app, LayoutFunction.projector(new Projector()), 2);
        app.ticker().tick();
        view = new Scatter2DView(model);
        view.setPrefSize(760, 620);
        heatmap = new HeatmapView(app);
        attention = new AttentionView(app);
        members = new MembersView(new MembersModel(sel, List.of(model), app.background()), app.background());
        members.setPrefHeight(220);
        model3 = new ScatterModel(app, LayoutFunction.projector(new Projector()), 3);
        Scatter3DView view3 = new Scatter3DView(model3);       // without 3D here: marks must not reach its meshes
        view3.setPrefSize(200, 150);
        VBox right = new VBox(heatmap, members, view3);
        BorderPane root = new BorderPane(new HBox(view, right), new SelectionPanel(sel, app.live(), app.search()), null, null, null);
        stage.setScene(new Scene(root, 1600, 1000));
        stage.show();
        app.ticker().start();
    }

    @AfterEach
    void stop() throws Exception {
        fx(() -> {
            model.dispose();
            model3.dispose();
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

    private static TokenRef token(PointKey k) {
        return new TokenRef(k.probe(), k.decoder(), k.position());
    }

    private String count() throws Exception {
        return fx(() -> ((Label) view.getScene().lookup("#search-count")).getText());
    }

    private void search(FxRobot robot, String query) throws Exception {
        fx(() -> {
            app.search().queryProperty().set("");
            return null;
        });
        robot.clickOn("#search-field").write(query);
        WaitForAsyncUtils.waitForFxEvents();
        settle();
    }

    @Test
    void searchEmphasisesTheMatchesInEveryViewAndDimsTheRest(FxRobot robot) throws Exception {
        settle();
        Image before = fx(() -> PngExport.snapshot(view, 1));
        Image heatBefore = fx(() -> heatmap.chart().snapshot(null, null));
        search(robot, "apple");
        TokenSearch.Result want = TokenSearch.find(app.playback().current(), "apple", TokenSearch.Mode.EXACT);
        assertTrue(want.matches().size() >= 2);
        assertEquals(Set.copyOf(want.matches()), sel.searchMatchesProperty().get());
        assertEquals(want.matches().size() + " tokens in " + want.sentences() + " sentences", count());

        // the scatter: an item is dimmed exactly when its token is not a match
        int marked = fx(() -> {
            int m = 0;
            for (int i = 0; i < view.glide().count; i++) {
                boolean match = want.matches().contains(token(view.glide().data().points[view.glide().point[i]].key()));
                assertEquals(!match, view.items.dimmed(i), "item " + i);
                if (match) m++;
            }
            return m;
        });
        assertTrue(marked > 0);
        Image after = fx(() -> PngExport.snapshot(view, 1));
        int fullBefore = Scatter2DViewTest.countColour(before, ScatterStyle.A), fullAfter = Scatter2DViewTest.countColour(after, ScatterStyle.A);
        assertTrue(fullAfter > 0 && fullAfter < fullBefore * 0.6, "A's full-colour pixels: " + fullBefore + " → " + fullAfter);

        // the heatmap and the attention: every row and column but the matches' is dimmed
        for (var chart : List.of(heatmap.chart(), attention.chart())) {
            Set<TokenRef> dimmed = fx(() -> {
                chart.layout();
                return chart.dimmed();
            });
            Set<TokenRef> shown = new HashSet<>();
            for (MatrixPanel p : chart.getFigure().panels()) {
                if (!p.hasValues()) continue;
                shown.addAll(p.rowTokens());
                shown.addAll(p.colTokens());
            }
            Set<TokenRef> expect = new HashSet<>(shown);
            expect.removeAll(want.matches());
            assertEquals(expect, dimmed);
            assertNotEquals(shown, dimmed);
        }
        Image heatAfter = fx(() -> heatmap.chart().snapshot(null, null));
        assertTrue(ink(heatAfter) < ink(heatBefore) * 0.8, "veiled cells are paler: " + ink(heatBefore) + " → " + ink(heatAfter));

        // a bad regular expression is a message in the count label, and nothing is dimmed
        fx(() -> {
            app.search().modeProperty().set(TokenSearch.Mode.REGEX);
            return null;
        });
        search(robot, "(app");
        assertTrue(count().startsWith("bad regular expression"), count());
        assertTrue(sel.searchMatchesProperty().get().isEmpty());
        assertFalse(fx(() -> view.items.anyMark));
        search(robot, "^app");
        assertEquals(Set.copyOf(TokenSearch.find(app.playback().current(), "^app", TokenSearch.Mode.REGEX).matches()),
                sel.searchMatchesProperty().get());
        fx(() -> {
            app.search().modeProperty().set(TokenSearch.Mode.PREFIX);
            return null;
        });
        assertEquals(Set.copyOf(TokenSearch.find(app.playback().current(), "^app", TokenSearch.Mode.PREFIX).matches()),
                sel.searchMatchesProperty().get(), "changing the mode searches again");
    }

    /** How far the picture is from white, summed over its pixels (veiled cells and grey labels have less). */
    private static double ink(Image img) {
        var r = img.getPixelReader();
        double ink = 0;
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) {
                var c = r.getColor(x, y);
                ink += 3 - c.getRed() - c.getGreen() - c.getBlue();
            }
        }
        return ink;
    }

    @Test
    void enterStepsThroughTheMatchesAndEscapeClears(FxRobot robot) throws Exception {
        search(robot, "apple");
        List<TokenRef> matches = app.search().resultProperty().get().matches();
        robot.type(KeyCode.ENTER);
        assertEquals(matches.get(0), sel.highlightedProperty().get());
        assertTrue(count().startsWith("1/" + matches.size() + " tokens"), count());
        robot.type(KeyCode.ENTER);
        assertEquals(matches.get(1), sel.highlightedProperty().get());
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        assertEquals(matches.get(0), sel.highlightedProperty().get());
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        assertEquals(matches.getLast(), sel.highlightedProperty().get(), "Shift+Enter wraps to the last match");
        // the highlighted match is the main item in the scatter and outlined in the heatmap or attention
        settle();
        assertTrue(fx(() -> {
            for (int i = 0; i < view.glide().count; i++) if (view.items.main(i)) return true;
            return false;
        }));

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", app.search().queryProperty().get());
        assertTrue(sel.searchMatchesProperty().get().isEmpty());
        assertEquals(null, sel.highlightedProperty().get());
        assertEquals("", count());
    }

    @Test
    void aMatchInASentenceNoViewShowsBecomesSentenceA(FxRobot robot) throws Exception {
        search(robot, "bread");
        List<TokenRef> matches = app.search().resultProperty().get().matches();
        assertFalse(matches.isEmpty());
        int probe = matches.getFirst().probe();
        assertTrue(probe != 0 && probe != 1);
        robot.type(KeyCode.ENTER);
        assertEquals(probe, sel.sentenceAProperty().get());
        assertEquals(matches.getFirst(), sel.highlightedProperty().get());
    }

    @Test
    void aHighlightedPointOffScreenIsBroughtIntoView(FxRobot robot) throws Exception {
        search(robot, "apple");
        TokenRef first = app.search().resultProperty().get().matches().getFirst();
        fx(() -> {
            view.painter().zoomAt(0, 0, 40);              // far in at the corner: the match is off-screen
            view.settle();
            return null;
        });
        robot.type(KeyCode.ENTER);
        assertEquals(first, sel.highlightedProperty().get());
        boolean inside = fx(() -> {
            view.settle();
            ScatterPainter2D p = view.painter();
            for (int i = 0; i < view.glide().count; i++) {
                if (!view.items.main(i)) continue;
                return p.sx[i] >= p.plotX && p.sx[i] <= p.plotX + p.plotW && p.sy[i] >= p.plotY && p.sy[i] <= p.plotY + p.plotH;
            }
            return false;
        });
        assertTrue(inside, "the step panned the match into the plot");
    }

    /** The keys of the shown points whose drawn position (from the frame's coordinates) lies in the rectangle. */
    private Set<PointKey> drawnInside(double x0, double y0, double x1, double y1) throws Exception {
        return fx(() -> {
            view.settle();
            ScatterPainter2D p = view.painter();
            ScatterFrame f = model.frame();
            Set<PointKey> out = new HashSet<>();
            for (int pt : f.visiblePoints()) {
                double x = p.screenX(f.data().coordinate(pt, 0)), y = p.screenY(f.data().coordinate(pt, 1));
                if (x >= Math.max(x0, p.plotX) && x <= Math.min(x1, p.plotX + p.plotW) && y >= Math.max(y0, p.plotY)
                        && y <= Math.min(y1, p.plotY + p.plotH)) {
                    out.add(f.data().point(pt).key());
                }
            }
            return out;
        });
    }

    /** The plot point at the whole screen pixel nearest (x, y). */
    private Point2D whole(double x, double y) throws Exception {
        Point2D s = screen(x, y);
        return fx(() -> view.exportNode().screenToLocal(Math.round(s.getX()), Math.round(s.getY())));
    }

    private Point2D screen(double x, double y) throws Exception {
        return fx(() -> view.exportNode().localToScreen(x, y));
    }

    @Test
    void shiftDragSelectsThePointsInTheBoxAndEveryViewFollows(FxRobot robot) throws Exception {
        settle();
        double[] r = fx(() -> new double[] {view.painter().plotX, view.painter().plotY, view.painter().plotW, view.painter().plotH});
        // corners on whole screen pixels, where the robot's mouse events land
        Point2D a = whole(r[0] + r[2] * 0.15, r[1] + r[3] * 0.1), b = whole(r[0] + r[2] * 0.6, r[1] + r[3] * 0.7);
        double x0 = a.getX(), y0 = a.getY(), x1 = b.getX(), y1 = b.getY();
        Set<PointKey> want = drawnInside(x0, y0, x1, y1);
        assertTrue(want.size() > 3, "the box holds points: " + want.size());
        robot.moveTo(screen(x0, y0)).press(KeyCode.SHIFT).press(MouseButton.PRIMARY).moveTo(screen((x0 + x1) / 2, (y0 + y1) / 2))
                .moveTo(screen(x1, y1)).release(MouseButton.PRIMARY).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(want, sel.selectedPointsProperty().get());

        // every view: outlined and emphasised in the scatter, the rest dimmed; heatmap rows of other tokens dimmed
        settle();
        fx(() -> {
            for (int i = 0; i < view.glide().count; i++) {
                PointKey k = view.glide().data().points[view.glide().point[i]].key();
                assertEquals(want.contains(k), view.items.selected[i]);
                if (!want.contains(k) && !want.stream().map(SearchAndSelectionTest::token).toList().contains(token(k))) {
                    assertTrue(view.items.dimmed(i));
                }
            }
            return null;
        });
        Set<TokenRef> tokens = new HashSet<>();
        for (PointKey k : want) tokens.add(token(k));
        Set<TokenRef> dimmed = fx(() -> {
            heatmap.chart().layout();
            return heatmap.chart().dimmed();
        });
        for (TokenRef t : dimmed) assertFalse(tokens.contains(t), t + " is selected, not dimmed");

        // the members table lists them
        WaitForAsyncUtils.waitForFxEvents();
        List<MembersModel.Member> rows = fx(() -> members.shownRows());
        assertEquals(want, new HashSet<>(rows.stream().map(MembersModel.Member::key).toList()));
        String summary = fx(() -> ((Label) members.lookup("#members-summary")).getText());
        Set<String> words = new HashSet<>();
        Set<Integer> sentences = new HashSet<>();
        Map<PointKey, Point> points = new HashMap<>();
        ScatterData d = model.frame().data();
        for (int i = 0; i < d.size(); i++) points.put(d.point(i).key(), d.point(i));
        int lo = Integer.MAX_VALUE, hi = 0;
        for (PointKey k : want) {
            words.add(points.get(k).token());
            sentences.add(k.probe());
            lo = Math.min(lo, points.get(k).epoch());
            hi = Math.max(hi, points.get(k).epoch());
        }
        assertTrue(summary.startsWith(want.size() + " points · " + words.size() + " word" + (words.size() == 1 ? "" : "s") + " · "
                + sentences.size() + " sentence"), summary);
        assertTrue(summary.endsWith(lo == hi ? "epoch " + lo : "epochs " + lo + "\u2013" + hi), summary);

        // Ctrl+box adds; Escape clears
        double bx0 = r[0] + r[2] * 0.6, by0 = r[1], bx1 = r[0] + r[2], by1 = r[1] + r[3];
        Set<PointKey> more = new HashSet<>(want);
        more.addAll(drawnInside(bx0, by0, bx1, by1));
        fx(() -> {
            view.selectBox(bx0, by0, bx1, by1, true);
            return null;
        });
        assertEquals(more, sel.selectedPointsProperty().get());
        robot.clickOn(view.exportNode(), MouseButton.SECONDARY);          // focus the plot without a primary click
        fx(() -> {
            view.exportNode().requestFocus();
            return null;
        });
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(sel.selectedPointsProperty().get().isEmpty());
        assertTrue(fx(() -> members.shownRows()).isEmpty());
    }

    @Test
    void lassoSelectsThePointsInsideAndAClickOnEmptySpaceClears(FxRobot robot) throws Exception {
        settle();
        double[] r = fx(() -> new double[] {view.painter().plotX, view.painter().plotY, view.painter().plotW, view.painter().plotH});
        double[] px = {r[0] + r[2] * 0.1, r[0] + r[2] * 0.9, r[0] + r[2] * 0.4};
        double[] py = {r[1] + r[3] * 0.1, r[1] + r[3] * 0.3, r[1] + r[3] * 0.95};
        Set<PointKey> want = fx(() -> {
            view.settle();
            ScatterPainter2D p = view.painter();
            ScatterFrame f = model.frame();
            Set<PointKey> out = new HashSet<>();
            for (int pt : f.visiblePoints()) {
                double x = p.screenX(f.data().coordinate(pt, 0)), y = p.screenY(f.data().coordinate(pt, 1));
                int pos = 0, neg = 0;
                for (int a = 0; a < 3; a++) {
                    int b = (a + 1) % 3;
                    double cross = (px[b] - px[a]) * (y - py[a]) - (py[b] - py[a]) * (x - px[a]);
                    if (cross > 0) pos++;
                    else if (cross < 0) neg++;
                }
                if (pos == 0 || neg == 0) out.add(f.data().point(pt).key());
            }
            return out;
        });
        assertTrue(want.size() > 3, "the lasso holds points: " + want.size());
        fx(() -> {
            view.selectLasso(px, py, false);
            return null;
        });
        assertEquals(want, sel.selectedPointsProperty().get());

        // with the toolbar's Lasso mode a plain drag draws a lasso
        robot.clickOn("#scatter-drag-lasso");
        assertEquals(Scatter2DView.DragMode.LASSO, fx(() -> view.dragModeProperty().get()));
        robot.moveTo(screen(px[0], py[0])).press(MouseButton.PRIMARY);
        for (int k = 1; k <= 30; k++) {
            int a = (k / 10) % 3, b = (a + 1) % 3;
            double t = (k % 10) / 10.0;
            robot.moveTo(screen(px[a] + (px[b] - px[a]) * t, py[a] + (py[b] - py[a]) * t));
        }
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        Set<PointKey> dragged = sel.selectedPointsProperty().get();
        assertFalse(dragged.isEmpty());
        assertTrue(want.containsAll(dragged) || dragged.size() >= want.size() - 3, "the drawn lasso selects the triangle's points");

        // a click on empty space (the plot's corner, outside the axes) clears it
        robot.clickOn(screen(4, 4));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(sel.selectedPointsProperty().get().isEmpty());
    }

    @Test
    void membersTableSortsCopiesAndExportsCsv(FxRobot robot) throws Exception {
        settle();
        double[] r = fx(() -> new double[] {view.painter().plotX, view.painter().plotY, view.painter().plotW, view.painter().plotH});
        fx(() -> {
            view.selectBox(r[0], r[1], r[0] + r[2], r[1] + r[3], false);       // everything drawn
            return null;
        });
        Set<PointKey> all = sel.selectedPointsProperty().get();
        PointKey someone = all.iterator().next();
        fx(() -> {
            sel.clustersProperty().set(new PointClusters("test", 2, Map.of(someone, 1)));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<MembersModel.Member> rows = fx(() -> members.shownRows());
        assertEquals(all.size(), rows.size());
        for (MembersModel.Member m : rows) assertEquals(m.key().equals(someone) ? "1" : "", m.clusterText());

        robot.clickOn("#members-epoch");
        List<Integer> epochs = fx(() -> members.shownRows()).stream().map(MembersModel.Member::epoch).toList();
        assertEquals(epochs.stream().sorted().toList(), epochs, "ascending by epoch");
        assertNotEquals(epochs.getFirst(), epochs.getLast());
        robot.clickOn("#members-epoch");
        List<Integer> down = fx(() -> members.shownRows()).stream().map(MembersModel.Member::epoch).toList();
        assertEquals(epochs.getLast(), down.getFirst(), "descending by epoch");
        robot.clickOn("#members-norm");
        List<Double> norms = fx(() -> members.shownRows()).stream().map(MembersModel.Member::norm).toList();
        assertEquals(norms.stream().sorted().toList(), norms, "ascending by norm");

        // Ctrl+C (the keys) copies the selected rows as TSV; every row when none is selected
        fx(() -> {
            members.table().getSelectionModel().clearSelection();
            members.table().getSelectionModel().select(1);
            members.table().requestFocus();
            return null;
        });
        robot.press(KeyCode.SHORTCUT).type(KeyCode.C).release(KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        String one = fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertEquals(2, one.split("\n").length, one);
        assertTrue(one.split("\n")[1].startsWith(fx(() -> members.shownRows()).get(1).token() + "\t"), one);
        fx(() -> {
            members.table().getSelectionModel().clearSelection();
            members.copy();
            return null;
        });
        String tsv = fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertEquals(rows.size() + 1, tsv.split("\n").length);
        assertTrue(tsv.startsWith("token\tprobe\tsentence\tside\tposition\tkind\tepoch\tnorm\tcluster\n"));
        fx(() -> {
            members.table().getSelectionModel().select(0);
            members.table().getSelectionModel().select(2);
            members.copy();
            return null;
        });
        assertEquals(3, fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()).split("\n").length);

        // CSV round trip, in the table's order
        Path file = Files.createTempFile("members", ".csv");
        AtomicReference<Path> done = new AtomicReference<>();
        fx(() -> {
            members.writeCsv(file, done::set, e -> {
                throw new AssertionError(e);
            });
            return null;
        });
        assertEquals(file, done.get());
        List<List<String>> parsed = CsvReading.parse(Files.readString(file));
        List<MembersModel.Member> shown = fx(() -> members.shownRows());
        assertEquals(shown.size() + 1, parsed.size());
        for (int i = 0; i < shown.size(); i++) {
            MembersModel.Member m = shown.get(i);
            List<String> f = parsed.get(i + 1);
            assertEquals(List.of(m.token(), Integer.toString(m.probe()), m.sentence(), m.side(), Integer.toString(m.position()),
                    m.kind(), Integer.toString(m.epoch()), m.clusterText()), List.of(f.get(0), f.get(1), f.get(2), f.get(3),
                    f.get(4), f.get(5), f.get(6), f.get(8)));
            assertEquals(m.norm(), Double.parseDouble(f.get(7)), 1e-6);
        }
        Files.delete(file);
    }

    @Test
    void csvQuotesCommasQuotesAndLineBreaks() {
        PointKey k = new PointKey(3, false, 2, org.qkvlens.probe.Kind.K, 0);
        List<MembersModel.Member> rows = List.of(
                new MembersModel.Member(k, "a,b", 3, "he said \"hi\", then left", 2, "K", 5, 1.25, -2),
                new MembersModel.Member(k, "\"", 3, "two\nlines", 2, "K", 5, 0.5, -1));
        List<List<String>> back = CsvReading.parse(MembersModel.csv(rows));
        assertEquals(List.of("a,b", "3", "he said \"hi\", then left", "source", "2", "K", "5", "1.250000", ""), back.get(1));
        assertEquals(List.of("\"", "3", "two\nlines", "source", "2", "K", "5", "0.500000", "noise"), back.get(2));
        String tsv = MembersModel.tsv(rows);
        assertEquals(3, tsv.split("\n").length, "line breaks in fields do not break TSV rows");
    }

    /** A strict RFC 4180 reader (test side, written independently of the writer). */
    static final class CsvReading {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        f.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(f.toString());
                    f.setLength(0);
                } else if (c == '\n') {
                    row.add(f.toString());
                    f.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    f.append(c);
                }
            }
            if (!f.isEmpty() || !row.isEmpty()) {
                row.add(f.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
