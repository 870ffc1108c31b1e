package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.session.RunRecord;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The loss chart's ticks are the figures' ticks: a decimal point under a German default locale too. A new epoch's loss
 * adds its points and keeps the nodes of the others; a new run replaces them.
 */
@ExtendWith(ApplicationExtension.class)
class LossChartViewTest {

    @Start
    void start(Stage stage) {
    }

    @Test
    void lossTicksIgnoreTheDefaultLocale() throws Exception {
        RunRecord run = ArticleSnapshots.record();
        Locale before = Locale.getDefault();
        List<String> labels;
        try {
            Locale.setDefault(Locale.GERMANY);
            labels = WaitForAsyncUtils.asyncFx(() -> {
                LiveRun live = new LiveRun();
                live.load(RunInfo.of("article3", run), run);
                live.poll();
                LossChartView view = new LossChartView(live);
                new Scene(view, 500, 400);
                view.applyCss();
                view.layout();
                NumberAxis y = (NumberAxis) view.lookupAll(".axis").stream()
                        .filter(n -> n instanceof NumberAxis a && "loss".equals(a.getLabel())).findFirst().orElseThrow();
                assertTrue(y.getTickUnit() < 1, "tick unit " + y.getTickUnit());
                // the tick labels as drawn: the axis's text nodes, its title ("loss") aside
                return y.lookupAll("Text").stream().map(n -> ((Text) n).getText()).filter(t -> !t.equals("loss")).toList();
            }).get();
        } finally {
            Locale.setDefault(before);
        }
        assertFalse(labels.isEmpty());
        assertTrue(labels.stream().anyMatch(l -> l.contains(".")), labels.toString());
        assertFalse(labels.stream().anyMatch(l -> l.contains(",")), labels.toString());
    }

    @Test
    void aNewEpochAddsItsPointsAndKeepsTheOthers() throws Exception {
        RunRecord run = ArticleSnapshots.record();
        WaitForAsyncUtils.asyncFx(() -> {
            LiveRun live = new LiveRun();
            RunRecord none = new RunRecord(run.config(), run.srcItos(), run.trgItos(), List.of(), run.probes(), List.of());
            live.load(RunInfo.of("article3", run), none);
            live.poll();
            LossChartView view = new LossChartView(live);
            XYChart.Series<Number, Number> train = view.trainSeries();
            live.addLoss(run.losses().get(0));
            live.addLoss(run.losses().get(1));
            live.poll();
            assertEquals(2, train.getData().size());
            XYChart.Data<Number, Number> first = train.getData().getFirst();
            live.addLoss(run.losses().get(2));
            live.poll();
            assertEquals(3, train.getData().size());
            assertSame(first, train.getData().getFirst(), "the first epoch's point was made again");
            assertEquals(run.losses().get(2).train(), train.getData().get(2).getYValue().doubleValue(), 1e-12);
            live.load(RunInfo.of("article3", run), run);              // a new run: all points anew
            live.poll();
            assertEquals(run.losses().size(), train.getData().size());
            assertNotSame(first, train.getData().getFirst());
            return null;
        }).get();
    }
    /** The loss chart's SVG and PDF: title, axis names, tick labels and legend as text; the PDF looks like the PNG. */
    @Test
    void svgAndPdfHoldTheChartsTextsAndLookLikeThePng() throws Exception {
        RunRecord run = ArticleSnapshots.record();
        Object[] out = WaitForAsyncUtils.asyncFx(() -> {
            LiveRun live = new LiveRun();
            live.load(RunInfo.of("article3", run), run);
            live.poll();
            LossChartView view = new LossChartView(live);
            Scene scene = new Scene(view, 620, 420);
            scene.getStylesheets().add(org.qkvlens.app.QkvLensApp.class.getResource("qkv-lens.css").toExternalForm());
            view.applyCss();
            view.layout();
            NumberAxis y = (NumberAxis) view.lookupAll(".axis").stream()
                    .filter(n -> n instanceof NumberAxis a && "loss".equals(a.getLabel())).findFirst().orElseThrow();
            List<String> ticks = y.lookupAll("Text").stream().filter(javafx.scene.Node::isVisible).map(n -> ((Text) n).getText())
                    .filter(t -> !t.equals("loss")).toList();
            return new Object[] {view.vectorDrawing().get(), org.qkvlens.app.export.PngExport.snapshot(view, 1), ticks};
        }).get();
        org.qkvlens.app.draw.Drawing d = (org.qkvlens.app.draw.Drawing) out[0];
        @SuppressWarnings("unchecked")
        List<String> ticks = (List<String>) out[2];
        List<String> texts = org.qkvlens.app.export.VectorFiles.svgTexts(d);
        for (String s : List.of("Loss per epoch", "epoch", "loss", "train", "valid")) assertTrue(texts.contains(s), s + " in " + texts);
        assertFalse(ticks.isEmpty());
        for (String t : ticks) assertTrue(texts.contains(t), "tick " + t + " in " + texts);
        String pdf = org.qkvlens.app.export.VectorFiles.pdfText(d);
        assertTrue(pdf.contains("Loss per epoch") && pdf.contains("train") && pdf.contains(ticks.getFirst()), pdf);
        var png = org.qkvlens.app.export.VectorFiles.awt((javafx.scene.image.Image) out[1]);
        var raster = org.qkvlens.app.export.VectorFiles.pdfRaster(d);
        assertEquals(png.getWidth(), raster.getWidth(), 1);
        double diff = org.qkvlens.app.export.VectorFiles.blockDifference(png, raster, 8);
        assertTrue(diff < 3, "mean difference per 8×8 block and channel " + diff);
        assertTrue(org.qkvlens.app.export.VectorFiles.blockDifference(png, org.qkvlens.app.export.VectorFiles.blank(png), 8) > 3 * diff);
    }
}
