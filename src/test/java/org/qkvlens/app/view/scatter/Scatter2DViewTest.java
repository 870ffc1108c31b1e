package org.qkvlens.app.view.scatter;

import static org.qkvlens.app.FxTesting.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.qkvlens.app.FxTesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.projection.Projector;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.export.PngExport;
import org.qkvlens.app.export.VectorFiles;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.projection.Point;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The 2D scatter on a snapshot file from {@code train --out} (article preset, 6 epochs, the article's selection:
 * A "we can eat apple", B "apple eat can we", K and V at decoder–encoder attention, epochs first/middle/current),
 * headless on Monocle; and its SVG and PDF.
 */
@ExtendWith(ApplicationExtension.class)
class Scatter2DViewTest {
    private AppModel app;
    private ScatterModel model;
    private Scatter2DView view;

    @Start
    void start(Stage stage) {
        app = ArticleFile.openedApp();
        model = new ScatterModel(app, LayoutFunction.projector(new Projector()), 2);
        app.ticker().tick();
        view = new Scatter2DView(model);
        stage.setScene(new Scene(view, 960, 640));
        stage.show();
        app.ticker().start();
    }

    @AfterEach
    void stop() throws Exception {
        FxTesting.close(model::dispose, app);
    }

    /** The screen position of data point p after the view settled. */
    private Point2D screenOf(int p) throws Exception {
        return fx(() -> {
            view.settle();
            double[] s = view.screenPositionOfPoint(p);
            return s == null ? null : view.exportNode().localToScreen(s[0], s[1]);
        });
    }

    @Test
    void pointsOfTheLoadedFileAppear() throws Exception {
        ScatterFrame f = fx(() -> {
            view.settle();
            return model.frame();
        });
        // 6 source tokens (<sos> we can eat apple <eos>) × K, V × A, B × epochs 1, 3, 6
        assertArrayEquals(new int[] {1, 3, 6}, f.shown());
        assertEquals(72, f.visiblePoints().length);
        assertEquals(72, fx(() -> view.itemCount()));
        assertEquals(7 * 6 * 2 * 2, f.data().size(), "every snapshot is laid out, not only the shown ones");
        assertEquals("PC1", f.data().axisName(0));
        Image png = fx(() -> PngExport.snapshot(view, 1));
        assertTrue(countColour(png, ScatterStyle.A) > 100, "sentence A's blue markers are drawn");
        assertTrue(countColour(png, ScatterStyle.B) > 100, "sentence B's red markers are drawn");
    }

    private static void assertArrayEquals(int[] expected, int[] actual) {
        assertEquals(Arrays.toString(expected), Arrays.toString(actual));
    }

    @Test
    void labelsToggle(FxRobot robot) throws Exception {
        fx(() -> {
            view.settle();
            return null;
        });
        int shown = fx(() -> view.labelsPlaced());
        assertTrue(shown > 20, "labels shown: " + shown);
        String first = fx(() -> view.labelPool().text(0));
        assertTrue(first.matches(".+@[KV]@[136]"), "a label like the article's word@K@30: " + first);
        robot.clickOn("#scatter-labels");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(model.showLabelsProperty().get());
        assertEquals(0, (int) fx(() -> {
            view.settle();
            return view.labelsPlaced();
        }));
        robot.clickOn("#scatter-labels");
        assertTrue(fx(() -> {
            view.settle();
            return view.labelsPlaced();
        }) > 20);
    }

    @Test
    void movingThePlaybackIndexMovesAndChangesThePoints() throws Exception {
        ScatterFrame before = fx(() -> model.frame());
        int current = before.current();
        // the current-epoch point of A's "apple" K, and where it is drawn
        int apple = pointOf(before, 0, 4, current);
        Point2D at6 = screenOf(apple);
        // seek, take the frame and look at the glide in one FX call: a loaded machine must not let the 250 ms glide end first
        boolean gliding = fx(() -> {
            app.playback().seek(2);
            app.ticker().tick();
            view.drawAt(System.nanoTime());
            return view.glide().animating();
        });
        ScatterFrame after = fx(() -> model.frame());
        assertEquals(before.data(), after.data(), "scrubbing does not refit");
        assertArrayEquals(new int[] {1, 2}, after.shown());
        assertEquals(48, after.visiblePoints().length);
        assertTrue(gliding, "points glide to their new places");
        int apple2 = pointOf(after, 0, 4, 2);
        Point2D at2 = screenOf(apple2);
        assertNotNull(at2);
        assertTrue(at6.distance(at2) > 1, "the token moved on screen: " + at6 + " → " + at2);
        assertNull(fx(() -> view.screenPositionOfPoint(apple)), "epoch 6 is no longer drawn");
    }

    /**
     * Every faded marker lies on its token's path, for every method, while points glide to a new layout and after:
     * the path's vertices are the markers' drawn positions, not their targets.
     */
    @Test
    void trajectoriesPassThroughTheDrawnMarkers() throws Exception {
        fx(() -> {
            model.showTrajectoriesProperty().set(true);
            view.settle();
            return null;
        });
        for (org.qkvlens.projection.Method m : org.qkvlens.projection.Method.values()) {
            String glidingMiss = fx(() -> {
                model.methodProperty().set(m);
                app.ticker().tick();                  // lays out at once (work runs on the calling thread)
                assertEquals(m, model.frame().data().method());
                view.drawAt(System.nanoTime());
                assertTrue(m == org.qkvlens.projection.Method.PCA || view.glide().animating(), m + " glides from the last layout");
                return markerOffPath();
            });
            assertNull(glidingMiss, m + " while gliding");
            String settledMiss = fx(() -> {
                view.settle();
                return markerOffPath();
            });
            assertNull(settledMiss, m + " settled");
        }
    }

    /** The first drawn older marker that is not a vertex of its token's path (or a path not ending at its marker), or null. */
    private String markerOffPath() {
        Glide g = view.glide();
        ScatterPainter2D p = view.painter();
        int checked = 0;
        for (int c = 0; c < g.count; c++) {
            if (g.fromEnd[c] != 0) continue;
            double[] path = p.pathOf(c);
            if (path == null) return "no path for item " + c;
            if (Math.abs(path[path.length - 2] - p.sx[c]) > 1e-6 || Math.abs(path[path.length - 1] - p.sy[c]) > 1e-6) {
                return "the path of item " + c + " does not end at its marker";
            }
            int track = g.data().track[g.point[c]];
            for (int i = 0; i < g.count; i++) {
                if (g.fromEnd[i] == 0 || g.data().track[g.point[i]] != track) continue;
                boolean on = false;
                for (int v = 0; v < path.length && !on; v += 2) {
                    on = Math.abs(path[v] - p.sx[i]) < 1e-6 && Math.abs(path[v + 1] - p.sy[i]) < 1e-6;
                }
                if (!on) return g.data().point(g.point[i]).label() + " drawn at (" + p.sx[i] + ", " + p.sy[i] + ") is off its path";
                checked++;
            }
        }
        return checked >= 48 ? null : "only " + checked + " older markers checked";
    }

    /** The point of probe's source token {@code position}, kind K, at snapshot s. */
    private static int pointOf(ScatterFrame f, int probe, int position, int s) {
        for (int i = 0; i < f.data().size(); i++) {
            Point p = f.data().point(i);
            if (p.key().probe() == probe && p.key().position() == position && p.key().snapshot() == s
                    && p.key().kind() == org.qkvlens.probe.Kind.K) return i;
        }
        throw new AssertionError("no such point");
    }

    @Test
    void clickingAPointHighlightsItsTokenEverywhereAndHoverTellsWhatItIs(FxRobot robot) throws Exception {
        ScatterFrame f = fx(() -> model.frame());
        int apple = pointOf(f, 0, 4, f.current());
        Point2D at = screenOf(apple);
        robot.moveTo(at);
        WaitForAsyncUtils.waitForFxEvents();
        Label tip = fx(() -> (Label) view.lookupAll(".scatter-tip").iterator().next());
        assertTrue(tip.isVisible());
        assertTrue(tip.getText().contains("apple@K@6"), tip.getText());
        assertTrue(tip.getText().contains("we can eat apple"), tip.getText());
        assertTrue(tip.getText().contains("‖v‖"), tip.getText());
        robot.clickOn(at, MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(new TokenRef(0, false, 4), app.selection().highlightedProperty().get());
        // an empty corner clears it
        Point2D corner = fx(() -> view.exportNode().localToScreen(ScatterPainter2D.LEFT + 4, ScatterPainter2D.TOP + 4));
        robot.clickOn(corner, MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(app.selection().highlightedProperty().get());
    }

    @Test
    void wheelZoomsAndDoubleClickResets(FxRobot robot) throws Exception {
        ScatterFrame f = fx(() -> model.frame());
        int apple = pointOf(f, 0, 4, f.current());
        Point2D before = screenOf(apple);
        robot.moveTo(before).scroll(3, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        Point2D zoomed = screenOf(apple);
        assertTrue(zoomed.distance(before) < 2, "zoom keeps the point under the mouse in place");
        int other = pointOf(f, 1, 1, f.current());
        Point2D corner = fx(() -> view.exportNode().localToScreen(ScatterPainter2D.LEFT + 4, ScatterPainter2D.TOP + 4));
        Point2D otherBefore = screenOf(other);
        robot.doubleClickOn(corner, MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(otherBefore, screenOf(other), "reset view moved the picture back");
    }

    @Test
    void exportsAPictureWithPointsLegendAndLabels() throws Exception {
        Image shown = fx(() -> {
            view.settle();
            return PngExport.snapshot(view, 1);
        });
        assertTrue(nonWhite(shown) > 20_000, "not blank: " + nonWhite(shown));
        Image twice = fx(() -> PngExport.snapshot(view, 2));
        assertEquals(2 * (int) shown.getWidth(), (int) twice.getWidth());
        assertTrue(nonWhite(twice) > 3 * nonWhite(shown), "a 2× export is drawn at 2× (4× the pixels)");
        assertTrue(countColour(twice, ScatterStyle.A) > 400);
    }

    @Test
    void highlightFromAnotherViewIsDrawnOnTop() throws Exception {
        fx(() -> {
            app.selection().highlightedProperty().set(new TokenRef(1, false, 1));
            view.settle();
            return null;
        });
        // all epochs of B's "apple" are highlighted, the rest dimmed: B's red is now only in few pixels
        Image png = fx(() -> PngExport.snapshot(view, 1));
        assertTrue(countColour(png, ScatterStyle.B) > 30, "the highlighted token keeps its colour");
    }

    static int nonWhite(Image img) {
        PixelReader r = img.getPixelReader();
        int n = 0;
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) if ((r.getArgb(x, y) & 0xffffff) != 0xffffff) n++;
        }
        return n;
    }

    /** Pixels within a small distance of a colour (the opaque markers of the current epoch). */
    static int countColour(Image img, javafx.scene.paint.Color c) {
        PixelReader r = img.getPixelReader();
        int n = 0;
        for (int y = 0; y < (int) img.getHeight(); y++) {
            for (int x = 0; x < (int) img.getWidth(); x++) {
                javafx.scene.paint.Color p = r.getColor(x, y);
                double d = Math.abs(p.getRed() - c.getRed()) + Math.abs(p.getGreen() - c.getGreen()) + Math.abs(p.getBlue() - c.getBlue());
                if (d < 0.12) n++;
            }
        }
        return n;
    }

    /** The SVG and PDF: title, axis names, tick labels and legend as text; a vector marker for every point shown. */
    @Test
    void svgAndPdfHoldTheTextsAndEveryMarker() throws Exception {
        ScatterData data = fx(() -> {
            view.settle();
            return model.frame().data();
        });
        Drawing d = fx(view::drawing);
        List<String> texts = VectorFiles.svgTexts(d);
        String title = fx(() -> data.title());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith(title.substring(0, Math.min(20, title.length())))), title + " in " + texts);
        for (String axis : List.of(data.axisName(0), data.axisName(1))) assertTrue(texts.contains(axis), axis + " in " + texts);
        long ticks = texts.stream().filter(t -> t.matches("[−-]?\\d+(\\.\\d+)?")).count();
        assertTrue(ticks >= 4, "tick labels in " + texts);
        for (ScatterLegend.Row r : ScatterLegend.rows(data)) {
            assertTrue(texts.stream().anyMatch(t -> t.contains(r.text().length() > 12 ? r.text().substring(0, 12) : r.text())),
                    "legend row " + r.text() + " in " + texts);
        }
        int shown = fx(() -> {
            int n = 0;
            double[] box = {view.painter().plotX, view.painter().plotY, view.painter().plotX + view.painter().plotW,
                    view.painter().plotY + view.painter().plotH};
            for (int i = 0; i < data.size(); i++) {
                double[] s = view.screenPositionOfPoint(i);
                if (s != null && s[0] >= box[0] && s[0] <= box[2] && s[1] >= box[1] && s[1] <= box[3]) n++;
            }
            return n;
        });
        long markers = d.shapes().stream().filter(s -> s instanceof Drawing.Oval o && !o.stroked() || s instanceof Drawing.Poly p
                && !p.stroked() || s instanceof Drawing.Rect r && !r.stroked() && r.w() < 20).count();
        assertTrue(shown > 20 && markers >= shown, markers + " marker shapes for " + shown + " points shown");

        String pdf = VectorFiles.pdfText(d);
        // PDFBox extracts the turned y-axis name one glyph run per line: compare without white space
        String flat = pdf.replaceAll("\\s+", "");
        assertTrue(flat.contains(data.axisName(0).replace(" ", "")) && flat.contains(data.axisName(1).replace(" ", "")), pdf);
        assertTrue(flat.contains(title.replace(" ", "").substring(0, Math.min(20, title.replace(" ", "").length()))), pdf);
        assertEquals(d.shapes().size() + 1, VectorFiles.svgElements(d));
    }

    /** The PDF rasterised looks like the PNG. */
    @Test
    void thePdfLooksLikeThePng() throws Exception {
        fx(() -> {
            view.settle();
            return null;
        });
        Drawing d = fx(view::drawing);
        BufferedImage png = VectorFiles.awt(fx(() -> PngExport.snapshot(view, 1)));
        BufferedImage pdf = VectorFiles.pdfRaster(d);
        assertEquals(png.getWidth(), pdf.getWidth(), 1);
        assertEquals(png.getHeight(), pdf.getHeight(), 1);
        double diff = VectorFiles.blockDifference(png, pdf, 8);
        assertTrue(diff < 3, "mean difference per 8×8 block and channel " + diff + " of 255");
        assertTrue(VectorFiles.blockDifference(png, VectorFiles.blank(png), 8) > 3 * diff, "the comparison sees the figure");
    }
}
