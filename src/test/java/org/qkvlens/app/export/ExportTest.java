package org.qkvlens.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.draw.FxPen;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.figure.Csv;
import org.qkvlens.app.figure.MatrixFigure;
import org.qkvlens.app.figure.MatrixPanel;
import org.qkvlens.app.figure.Ticks;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Playback;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.app.view.ArticleSnapshots;
import org.qkvlens.app.view.AttentionView;
import org.qkvlens.app.view.HeatmapView;
import org.qkvlens.app.view.MatrixView;
import org.qkvlens.app.view.paint.PixelCanvas;
import org.qkvlens.session.RunRecord;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * PNG export at every scale is exactly the node's size × scale; CSV holds the numbers shown with quoted labels. SVG and
 * PDF of the heatmap and attention views: the SVG parses as XML and holds the title, tick and token labels as text; the
 * PDF opens with PDFBox and its text extracts; PNG, SVG and PDF of one view agree (one SVG element per shape of the
 * drawing, the PDF rasterised looks like the PNG); the recorded drawing replayed on a canvas paints what the chart
 * paints.
 */
@ExtendWith(ApplicationExtension.class)
class ExportTest {
    private HeatmapView heatmap;
    private AttentionView attention;
    private Background background;

    @Start
    void start(Stage stage) {
        RunRecord run = ArticleSnapshots.record();
        LiveRun live = new LiveRun();
        Playback playback = new Playback(live.snapshots());
        live.load(RunInfo.of("article3", run), run);
        live.poll();
        Selection selection = new Selection();
        background = Background.pool(1);
        heatmap = new HeatmapView(selection, playback, live);
        attention = new AttentionView(selection, playback, live);
        // an odd size on purpose: the chart is not at its preferred size
        stage.setScene(new Scene(new HBox(heatmap, attention), 1503, 611));
        stage.show();
    }

    /** Exports on the FX thread, waits for the background write and its FX-thread callback. */
    private static Path png(ExportableView view, Path file, int scale, Background background) throws Exception {
        CompletableFuture<Path> done = new CompletableFuture<>();
        WaitForAsyncUtils.asyncFx(() -> Exports.png(view, file, scale, background, done::complete, done::completeExceptionally)).get();
        return done.get(30, TimeUnit.SECONDS);
    }

    @Test
    void pngPixelSizeIsTheNodeSizeTimesTheScale(@TempDir Path dir) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        for (ExportableView view : List.<ExportableView>of(heatmap, attention)) {
            double w = WaitForAsyncUtils.asyncFx(() -> view.exportNode().getLayoutBounds().getWidth()).get();
            double h = WaitForAsyncUtils.asyncFx(() -> view.exportNode().getLayoutBounds().getHeight()).get();
            assertTrue(w > 300 && h > 300, w + " × " + h);
            assertEquals(Math.rint(w), w, "layout snaps to whole pixels");
            for (int scale : List.of(1, 2, 4)) {
                Path f = png(view, dir.resolve(view.exportName() + "@" + scale + ".png"), scale, background);
                BufferedImage img = ImageIO.read(f.toFile());
                assertNotNull(img, f + " is not a PNG");
                assertEquals((int) w * scale, img.getWidth(), view.exportName() + " width at " + scale + "×");
                assertEquals((int) h * scale, img.getHeight(), view.exportName() + " height at " + scale + "×");
                // the picture is drawn, not blank: white margin, coloured cells somewhere in the middle
                assertEquals(0xffffff, img.getRGB(1, 1) & 0xffffff);
                assertTrue(colours(img) > 20, "a blank picture");
            }
        }
        WaitForAsyncUtils.asyncFx(() -> background.shutdown()).get();
    }

    private static int colours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) seen.add(img.getRGB(x, y));
        return seen.size();
    }

    @Test
    void heatmapCsvHasColumnTokensOnTopAndRowTokensFirst(@TempDir Path dir) throws Exception {
        String csv = WaitForAsyncUtils.asyncFx(() -> heatmap.csv()).get();
        MatrixPanel p = WaitForAsyncUtils.asyncFx(() -> heatmap.figure()).get().panels().getFirst();
        List<String> lines = csv.lines().toList();
        assertEquals(p.rows() + 1, lines.size());
        assertEquals("A \\ B," + String.join(",", p.colLabels()), lines.getFirst());
        for (int i = 0; i < p.rows(); i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(p.rowLabels().get(i), cells[0]);
            for (int j = 0; j < p.cols(); j++) {
                assertEquals(String.format(Locale.ROOT, "%.6f", p.values()[i][j]), cells[j + 1]);
            }
        }
        CompletableFuture<Path> done = new CompletableFuture<>();
        Path file = dir.resolve("heatmap.csv");
        WaitForAsyncUtils.asyncFx(() -> Exports.csv(heatmap, file, Background.direct(), done::complete, done::completeExceptionally)).get();
        done.get(10, TimeUnit.SECONDS);
        assertEquals(csv, Files.readString(file));
    }

    @Test
    void attentionCsvHasOneBlockPerSentence() throws Exception {
        String csv = WaitForAsyncUtils.asyncFx(() -> attention.csv()).get();
        List<String> blocks = new ArrayList<>(List.of(csv.split("\n\n")));
        assertEquals(2, blocks.size());
        assertTrue(blocks.get(0).startsWith("A: query \\ key,<sos>,we,can,eat,apple,<eos>\nsos->"), blocks.get(0));
        assertTrue(blocks.get(1).startsWith("B: query \\ key,<sos>,apple,eat,can,we,<eos>\n"), blocks.get(1));
    }

    @Test
    void labelsWithCommasOrQuotesAreQuoted() {
        assertEquals("apple", Csv.quote("apple"));
        assertEquals("\"<unk:a,b>\"", Csv.quote("<unk:a,b>"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.quote("say \"hi\""));
        assertEquals("\" padded\"", Csv.quote(" padded"));
        assertEquals("\"\"", Csv.quote(""));
    }

    private List<MatrixView> views() {
        WaitForAsyncUtils.waitForFxEvents();
        return List.of(heatmap, attention);
    }

    /** The words a figure must show as text: its title, its legend's tick labels, its row and column labels. */
    private static List<String> expectedTexts(MatrixFigure f) {
        List<String> out = new ArrayList<>(List.of(f.title()));
        for (double t : f.scale().ticks()) out.add(Ticks.compact(t));
        for (MatrixPanel p : f.panels()) {
            if (!p.hasValues()) continue;
            out.addAll(p.rowLabels());
            out.addAll(p.colLabels());
        }
        return out;
    }

    @Test
    void svgParsesAndHoldsTitleTicksAndLabelsAsText() throws Exception {
        for (MatrixView view : views()) {
            MatrixFigure figure = fx(() -> view.chart().getFigure());
            assertTrue(!figure.isEmpty(), view.exportName() + " shows a figure");
            Drawing d = fx(() -> view.vectorDrawing().get());
            List<String> texts = VectorFiles.svgTexts(d);
            for (String s : expectedTexts(figure)) assertTrue(texts.contains(s), view.exportName() + ": no text “" + s + "” in " + texts);
        }
    }

    @Test
    void pdfOpensAndItsTextExtracts(@TempDir Path dir) throws Exception {
        for (MatrixView view : views()) {
            MatrixFigure figure = fx(() -> view.chart().getFigure());
            Path pdf = write(view, ExportFormat.PDF, dir.resolve(view.exportName() + ".pdf"));
            try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
                assertEquals(1, doc.getNumberOfPages());
                String text = new PDFTextStripper().getText(doc);
                String flat = text.replaceAll("\\s+", " ");
                assertTrue(flat.contains(figure.title().replaceAll("\\s+", " ")), view.exportName() + ": no title in " + text);
                for (double t : figure.scale().ticks()) assertTrue(text.contains(Ticks.compact(t)), "tick " + Ticks.compact(t) + " in " + text);
                for (MatrixPanel p : figure.panels()) for (String label : p.rowLabels()) assertTrue(text.contains(label), label);
                assertTrue(doc.getDocumentCatalog().getPages().get(0).getResources().getFontNames().iterator().hasNext(), "fonts");
            }
        }
    }

    /** Exports through the app's command (drawing on the FX thread, writing on the background executor). */
    private Path write(ExportableView view, ExportFormat format, Path file) throws Exception {
        CompletableFuture<Path> done = new CompletableFuture<>();
        WaitForAsyncUtils.asyncFx(() -> Exports.vector(view, format, file, background, done::complete, done::completeExceptionally)).get();
        return done.get(60, TimeUnit.SECONDS);
    }

    @Test
    void pngSvgAndPdfAgree(@TempDir Path dir) throws Exception {
        for (MatrixView view : views()) {
            Drawing d = fx(() -> view.vectorDrawing().get());
            WritableImage png = fx(() -> PngExport.snapshot(view, 1));
            assertEquals(png.getWidth(), d.width(), "PNG and drawing have one size");
            assertEquals(png.getHeight(), d.height());
            // SVG: one element per shape, after the white background
            assertEquals(d.shapes().size() + 1, VectorFiles.svgElements(d), view.exportName() + ": SVG elements vs the drawing's shapes");
            // PDF rasterised at 96 dpi against the PNG, in blocks of 8 × 8 pixels
            Path pdf = write(view, ExportFormat.PDF, dir.resolve(view.exportName() + ".pdf"));
            BufferedImage raster;
            try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
                raster = new PDFRenderer(doc).renderImageWithDPI(0, 96);
            }
            BufferedImage shown = VectorFiles.awt(png);
            assertEquals(shown.getWidth(), raster.getWidth(), 1);
            assertEquals(shown.getHeight(), raster.getHeight(), 1);
            double diff = VectorFiles.blockDifference(shown, raster, 8);
            assertTrue(diff < 4, view.exportName() + ": mean difference per 8×8 block and channel " + diff + " of 255");
            assertTrue(VectorFiles.blockDifference(shown, VectorFiles.blank(shown), 8) > 4 * diff, "the comparison sees the figure at all");
        }
    }

    /** The recorded drawing, replayed on a canvas through the screen's pen, paints what the chart paints. */
    @Test
    void theDrawingReplayedOnACanvasIsTheChartsPicture() throws Exception {
        for (MatrixView view : views()) {
            Drawing d = fx(() -> view.vectorDrawing().get());
            WritableImage png = fx(() -> PngExport.snapshot(view, 1));
            WritableImage replay = fx(() -> {
                Canvas c = new Canvas();
                d.replay(new FxPen(PixelCanvas.begin(c, d.width(), d.height(), 1)));
                new Scene(new HBox(c));
                return c.snapshot(null, null);
            });
            double diff = VectorFiles.blockDifference(VectorFiles.awt(png), VectorFiles.awt(replay), 1);
            assertTrue(diff < 0.5, view.exportName() + ": mean difference per pixel and channel " + diff + " of 255");
        }
    }
}
