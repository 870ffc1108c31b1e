package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.awt.image.BufferedImage;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.export.PngExport;
import org.qkvlens.app.export.VectorFiles;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.projection.Projector;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The 2D scatter's SVG and PDF: title, axis names, tick labels and legend as text; a vector marker for every point the
 * plot shows; the PDF rasterised looks like the PNG.
 */
@ExtendWith(ApplicationExtension.class)
class Scatter2DVectorTest {
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
        fx(() -> {
            model.dispose();
            app.shutdown();
            return null;
        });
    }

    /** Waits until the scatter shows its points, settled. */
    private ScatterData settled() throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            ScatterData d = fx(() -> model.frame().data());
            if (d.size() > 0) {
                fx(() -> {
                    view.settle();
                    return null;
                });
                return d;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no points within a minute");
    }

    @Test
    void svgAndPdfHoldTheTextsAndEveryMarker() throws Exception {
        ScatterData data = settled();
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

    @Test
    void thePdfLooksLikeThePng() throws Exception {
        settled();
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
