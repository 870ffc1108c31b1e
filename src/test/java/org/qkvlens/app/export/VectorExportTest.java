package org.qkvlens.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.stage.Stage;
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
 * SVG and PDF export of the heatmap and attention views: the SVG parses as XML and holds the title and tick labels as
 * text; the PDF opens with PDFBox and its text extracts; PNG, SVG and PDF of one view agree (the SVG has one element
 * per shape of the drawing, the PDF rasterised looks like the PNG); every kind of shape reaches both writers; the
 * recorded drawing replayed on a canvas paints what the chart paints.
 */
@ExtendWith(ApplicationExtension.class)
class VectorExportTest {
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
        stage.setScene(new Scene(new HBox(heatmap, attention), 1503, 611));
        stage.show();
    }

    private List<MatrixView> views() {
        WaitForAsyncUtils.waitForFxEvents();
        return List.of(heatmap, attention);
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
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
            Drawing d = fx(view::drawing);
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
            Drawing d = fx(view::drawing);
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
            Drawing d = fx(view::drawing);
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

    /**
     * Every kind of shape a drawing can hold leaves a mark in the SVG (an element of its own) and in the PDF (red pixels
     * where it is): a writer that drops a kind, or a new kind no writer knows, fails here.
     */
    @Test
    void everyShapeKindReachesBothWriters() throws Exception {
        Map<Class<?>, Drawing.Shape> samples = new HashMap<>();
        samples.put(Drawing.Rect.class, new Drawing.Rect(20, 20, 40, 40, false));
        samples.put(Drawing.RoundRect.class, new Drawing.RoundRect(20, 20, 40, 40, 10, 10));
        samples.put(Drawing.Line.class, new Drawing.Line(20, 20, 60, 60));
        samples.put(Drawing.Oval.class, new Drawing.Oval(20, 20, 40, 40, false));
        samples.put(Drawing.Poly.class, new Drawing.Poly(List.of(20.0, 60.0, 20.0), List.of(20.0, 20.0, 60.0), false));
        samples.put(Drawing.Text.class, new Drawing.Text("MMM", 20, 60));
        Font font = fx(() -> Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 30));
        for (Class<?> kind : Drawing.Shape.class.getPermittedSubclasses()) {
            Drawing.Shape shape = samples.get(kind);
            if (shape == null) fail("no sample of " + kind.getSimpleName() + ": add one and teach the writers to draw it");
            Drawing d = new Drawing(80, 80, List.of(new Drawing.Fill(Color.RED), new Drawing.Stroke(Color.RED),
                    new Drawing.LineWidth(6), new Drawing.FontOp(font), new Drawing.Align(TextAlignment.LEFT), shape));
            assertEquals(2, VectorFiles.svg(d).getDocumentElement().getElementsByTagName("*").getLength(), kind.getSimpleName() + " in the SVG");
            try (PDDocument doc = PdfExport.document(d, "test")) {
                BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(0, 96);
                int red = 0;
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        int rgb = img.getRGB(x, y);
                        if ((rgb >> 16 & 0xff) > 200 && (rgb >> 8 & 0xff) < 80 && (rgb & 0xff) < 80) red++;
                    }
                }
                assertTrue(red > 20, kind.getSimpleName() + " left " + red + " red pixels in the PDF");
            }
        }
    }

    /** A legend's gradient in the PDF: its ends and middle have the stops' colours, as on screen. */
    @Test
    void pdfGradientHasTheStopsColours() throws Exception {
        var gradient = new javafx.scene.paint.LinearGradient(0, 0, 0, 1, true, javafx.scene.paint.CycleMethod.NO_CYCLE,
                new javafx.scene.paint.Stop(0, Color.rgb(120, 0, 30)), new javafx.scene.paint.Stop(0.5, Color.WHITE),
                new javafx.scene.paint.Stop(1, Color.rgb(10, 60, 130)));
        Drawing d = new Drawing(40, 200, List.of(new Drawing.Fill(gradient), new Drawing.Rect(10, 0, 20, 200, false)));
        try (PDDocument doc = PdfExport.document(d, "gradient")) {
            BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(0, 96);
            assertColour(0x78001e, img.getRGB(20, 1));
            assertColour(0xffffff, img.getRGB(20, 100));
            assertColour(0x0a3c82, img.getRGB(20, 198));
            assertColour(0xffffff, img.getRGB(3, 100));
        }
    }

    private static void assertColour(int expected, int argb) {
        for (int shift : new int[] {16, 8, 0}) {
            int e = expected >> shift & 0xff, a = argb >> shift & 0xff;
            assertTrue(Math.abs(e - a) <= 8, String.format("#%06x, expected #%06x", argb & 0xffffff, expected));
        }
    }

    @Test
    void svgEscapesTextAndDropsWhatXmlForbids() throws Exception {
        Drawing d = new Drawing(50, 50, List.of(new Drawing.Text("a<b & \"c\" 'd' \u0001é>", 1, 20)));
        assertEquals(List.of("a<b & \"c\" 'd' é>"), VectorFiles.svgTexts(d));
    }

    @Test
    void formatsByNameAndExtension() {
        assertEquals(ExportFormat.SVG, ExportFormat.of(Path.of("a/b.SVG")));
        assertEquals(ExportFormat.PDF, ExportFormat.named(" pdf "));
        assertEquals(null, ExportFormat.of(Path.of("x.jpg")));
        assertEquals(null, ExportFormat.of(Path.of("noextension")));
    }
}
