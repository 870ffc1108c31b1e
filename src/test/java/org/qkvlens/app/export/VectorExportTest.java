package org.qkvlens.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.qkvlens.app.FxTesting.fx;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.stage.Stage;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.draw.Drawing;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The SVG and PDF writers on drawings made here: every kind of shape reaches both, text is escaped for XML, a gradient
 * keeps its stops' colours in the PDF, formats are found by name and extension. (The views' files: ExportTest.)
 */
@ExtendWith(ApplicationExtension.class)
class VectorExportTest {
    @Start
    void start(Stage stage) {
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

    /**
     * A clipping rectangle (set under a translation, undone by restore) keeps a shape inside it on screen, in the PDF and
     * in the SVG alike, and what follows the restore is not clipped.
     */
    @Test
    void clippingIsTheSameOnScreenInThePdfAndInTheSvg() throws Exception {
        Drawing d = new Drawing(80, 80, List.of(new Drawing.Translate(5, 5), new Drawing.Save(),
                new Drawing.ClipRect(10, 10, 20, 20), new Drawing.Fill(Color.RED), new Drawing.Rect(0, 0, 100, 100, false),
                new Drawing.Restore(), new Drawing.Fill(Color.BLUE), new Drawing.Rect(50, 50, 10, 10, false)));
        BufferedImage screen = fx(() -> {
            javafx.scene.canvas.Canvas c = new javafx.scene.canvas.Canvas(80, 80);
            d.replay(new org.qkvlens.app.draw.FxPen(c.getGraphicsContext2D()));
            return javafx.embed.swing.SwingFXUtils.fromFXImage(c.snapshot(null, null), null);
        });
        try (PDDocument doc = PdfExport.document(d, "clip")) {
            BufferedImage pdf = new PDFRenderer(doc).renderImageWithDPI(0, 96);
            for (BufferedImage img : List.of(screen, pdf)) {
                assertColour(0xffffff, img.getRGB(10, 10));       // inside the red rectangle, outside the clip
                assertColour(0xff0000, img.getRGB(25, 25));       // inside both
                assertColour(0xffffff, img.getRGB(45, 45));
                assertColour(0x0000ff, img.getRGB(60, 60));       // after the restore: not clipped
            }
        }
        org.w3c.dom.Document svg = VectorFiles.svg(d);
        org.w3c.dom.Element clip = (org.w3c.dom.Element) svg.getElementsByTagName("clipPath").item(0);
        org.w3c.dom.Element box = (org.w3c.dom.Element) clip.getElementsByTagName("rect").item(0);
        assertEquals(List.of("15", "15", "20", "20"), List.of(box.getAttribute("x"), box.getAttribute("y"),
                box.getAttribute("width"), box.getAttribute("height")), "the clip in the figure's frame");
        var rects = svg.getDocumentElement().getElementsByTagName("rect");
        int clipped = 0, free = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            org.w3c.dom.Element r = (org.w3c.dom.Element) rects.item(i);
            boolean inClipGroup = false;
            for (org.w3c.dom.Node n = r.getParentNode(); n instanceof org.w3c.dom.Element e; n = n.getParentNode()) {
                if (!e.getAttribute("clip-path").isEmpty()) inClipGroup = true;
            }
            if ("#ff0000".equals(r.getAttribute("fill"))) clipped += inClipGroup ? 1 : 100;
            if ("#0000ff".equals(r.getAttribute("fill"))) free += inClipGroup ? 100 : 1;
        }
        assertEquals(1, clipped, "the red rectangle inside the clip group");
        assertEquals(1, free, "the blue one outside it");
    }

    /**
     * The PDF writes a setting only when it changes within a run of shapes: a translucent fill, a wide line or a dashed
     * one must not carry over to the next shape that does not ask for it.
     */
    @Test
    void pdfSettingsDoNotLeakFromShapeToShape() throws Exception {
        Drawing d = new Drawing(100, 60, List.of(
                new Drawing.Fill(Color.rgb(255, 0, 0, 0.2)), new Drawing.Rect(0, 0, 20, 20, false),
                new Drawing.Fill(Color.BLUE), new Drawing.Rect(25, 0, 20, 20, false),
                new Drawing.Stroke(Color.rgb(0, 0, 0, 0.3)), new Drawing.LineWidth(8), new Drawing.Dashes(List.of(2.0, 2.0)),
                new Drawing.Line(50, 10, 95, 10),
                new Drawing.Stroke(Color.BLACK), new Drawing.LineWidth(1), new Drawing.Dashes(List.of()),
                new Drawing.Line(50, 40, 95, 40),
                new Drawing.Fill(Color.rgb(0, 128, 0, 0.5)), new Drawing.Rect(0, 30, 20, 20, false),
                new Drawing.Fill(Color.rgb(0, 128, 0)), new Drawing.Rect(25, 30, 20, 20, false)));
        try (PDDocument doc = PdfExport.document(d, "settings")) {
            BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(0, 96);
            assertColour(0xffcccc, img.getRGB(10, 10));        // 20 % red over white
            assertColour(0x0000ff, img.getRGB(35, 10));        // opaque blue: the 20 % did not carry over
            assertColour(0x000000, img.getRGB(72, 40));        // the thin line: solid and opaque, here at its centre
            assertColour(0xffffff, img.getRGB(72, 44));        // and 1 px wide, not 8
            assertColour(0x80bf80, img.getRGB(10, 40));        // half green
            assertColour(0x008000, img.getRGB(35, 40));        // opaque green
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
