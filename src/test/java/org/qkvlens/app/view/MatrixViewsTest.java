package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.figure.MatrixFigure;
import org.qkvlens.app.figure.MatrixFigures;
import org.qkvlens.app.figure.MatrixPanel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Playback;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.Selection;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.projection.Cosine;
import org.qkvlens.session.RunRecord;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The heatmap and attention views on a real 3-epoch article run, headless: their numbers equal what the snapshot
 * tensors give directly, they follow the selection and playback (recomputing once however many changes arrive in a
 * pulse), a click highlights a token and outlines it, empty states say why, and a closed view is collected.
 */
@ExtendWith(ApplicationExtension.class)
class MatrixViewsTest {
    private RunRecord run;
    private LiveRun live;
    private Playback playback;
    private Selection selection;
    private HeatmapView heatmap;
    private AttentionView attention;

    @Start
    void start(Stage stage) {
        run = ArticleSnapshots.record();
        live = new LiveRun();
        playback = new Playback(live.snapshots());   // follows the newest snapshot as the run arrives
        live.load(RunInfo.of("article3", run), run);
        live.poll();
        selection = new Selection();
        heatmap = new HeatmapView(selection, playback, live);
        attention = new AttentionView(selection, playback, live);
        StackPane a = new StackPane(heatmap), b = new StackPane(attention);
        stage.setScene(new Scene(new javafx.scene.layout.HBox(a, b), 1700, 700));
        stage.show();
    }

    @BeforeEach
    void settle() {
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }

    private static void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void heatmapCellsAreTheCosinesOfTheSnapshotTensors() throws Exception {
        // the default selection: K at decoder–encoder attention, layer 0, all heads, A = probe 0, B = probe 1, last epoch
        double[][] m = fx(() -> heatmap.matrix());
        Snapshot last = run.snapshots().getLast();
        assertEquals(3, last.epoch());
        ArrayKey key = new ArrayKey(Site.DEC_CROSS, 0, Kind.K);
        Tensor ta = last.probe(0).array(key), tb = last.probe(1).array(key);
        assertEquals(ta.dim(0), m.length);
        assertEquals(tb.dim(0), m[0].length);
        for (int[] ij : new int[][] {{0, 0}, {1, 4}, {4, 1}, {2, 3}, {5, 5}, {3, 2}}) {
            assertEquals(Cosine.of(ta.row(ij[0]), tb.row(ij[1])), m[ij[0]][ij[1]], 1e-12, "cell " + ij[0] + "," + ij[1]);
        }
        // decoder rows (x4 at decoder self-attention) at another epoch
        fx(() -> {
            selection.heatmapKindProperty().set(Kind.X4);
            selection.siteProperty().set(Site.DEC_SELF);
            playback.seek(1);
        });
        m = fx(() -> heatmap.matrix());
        key = new ArrayKey(Site.DEC_SELF, 0, Kind.X4);
        Snapshot first = run.snapshots().get(1);
        ta = first.probe(0).array(key);
        tb = first.probe(1).array(key);
        assertEquals(Cosine.of(ta.row(1), tb.row(2)), m[1][2], 1e-12);
        MatrixPanel p = fx(() -> heatmap.figure()).panels().getFirst();
        assertEquals(first.probe(0).decoderLabels(), p.rowLabels());
        assertTrue(p.rowLabels().getFirst().startsWith("sos->"), p.rowLabels().toString());
        assertEquals(new TokenRef(1, true, 0), p.colTokens().getFirst());
        assertTrue(fx(() -> heatmap.figure()).subtitle().contains("epoch 1"), fx(() -> heatmap.figure()).subtitle());
    }

    @Test
    void oneHeadIsThatHeadsColumns() {
        // 3 tokens × 4 columns, 2 heads: head 1 is columns 2 and 3
        float[] a = {1, 0, 1, 2, 0, 1, -1, 0, 1, 1, 3, 3};
        float[] b = {0, 1, 2, 1, 1, 0, 0, -1, 2, 2, 1, 1};
        ArrayKey key = new ArrayKey(Site.ENC_SELF, 0, Kind.V);
        List<String> src = List.of("<sos>", "x", "<eos>");
        ProbeCapture pa = new ProbeCapture(0, "x", src, List.of(), List.of(), false, Map.of(key, new Tensor(new int[] {3, 4}, a)));
        ProbeCapture pb = new ProbeCapture(1, "y", src, List.of(), List.of(), false, Map.of(key, new Tensor(new int[] {3, 4}, b)));
        Snapshot s = new Snapshot(1, 10, true, 1, 1, List.of(pa, pb));
        RunInfo info = new RunInfo("t", List.of(new RunRecord.ProbeInfo(0, "x", null, null), new RunRecord.ProbeInfo(1, "y", null, null)),
                4, 1, 1, 2, 2, Map.of());
        MatrixFigure f = MatrixFigures.heatmap(s, info, Site.ENC_SELF, 0, 1, Kind.V, 0, 1);
        double[][] m = f.panels().getFirst().values();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                float[] ra = {a[i * 4 + 2], a[i * 4 + 3]}, rb = {b[j * 4 + 2], b[j * 4 + 3]};
                assertEquals(Cosine.of(ra, rb), m[i][j], 1e-12);
            }
        }
        assertTrue(f.subtitle().contains("head 1 of 2"), f.subtitle());
        assertEquals("head 2 does not exist: the encoder has 2 heads (0–1)",
                MatrixFigures.heatmap(s, info, Site.ENC_SELF, 0, 2, Kind.V, 0, 1).message());
    }

    @Test
    void theArticlesFindingShowsOnceTrained() throws Exception {
        // after 3 epochs already: K of the same source word in "we can eat apple" and "apple eat can we" is close to 1
        double[][] m = fx(() -> heatmap.matrix());
        List<String> rows = fx(() -> heatmap.figure()).panels().getFirst().rowLabels();
        List<String> cols = fx(() -> heatmap.figure()).panels().getFirst().colLabels();
        for (String word : List.of("we", "can", "eat", "apple")) {
            assertTrue(m[rows.indexOf(word)][cols.indexOf(word)] > 0.9, word + " " + m[rows.indexOf(word)][cols.indexOf(word)]);
        }
    }

    @Test
    void attentionIsTheSnapshotsWeightsPerHeadAndRowsSumToOne() throws Exception {
        fx(() -> selection.headProperty().set(0));
        MatrixFigure f = fx(() -> attention.figure());
        assertEquals(2, f.panels().size());
        Tensor t = run.snapshots().getLast().probe(1).array(new ArrayKey(Site.DEC_CROSS, 0, Kind.ATTENTION));
        MatrixPanel b = f.panels().get(1);
        int q = t.dim(1), k = t.dim(2);
        assertEquals(q, b.rows());
        assertEquals(k, b.cols());
        for (int i = 0; i < q; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                assertEquals(t.data()[i * k + j], b.values()[i][j], 0);
                sum += b.values()[i][j];
            }
            assertEquals(1, sum, 1e-5);
        }
        assertEquals("query", b.rowRole());
        assertEquals(new TokenRef(1, true, q - 1), b.rowTokens().get(q - 1));
        assertEquals(new TokenRef(1, false, 3), b.colTokens().get(3));
        fx(() -> selection.headProperty().set(-1));
        assertTrue(fx(() -> attention.figure()).subtitle().contains("1 head"));
    }

    @Test
    void manyChangesInOnePulseCostOneComputation() throws Exception {
        fx(() -> heatmap.figure());
        int before = fx(() -> heatmap.computations());
        fx(() -> {
            selection.heatmapKindProperty().set(Kind.V);
            selection.siteProperty().set(Site.ENC_SELF);
            selection.layerProperty().set(0);
            playback.seek(2);
            playback.seek(3);
            selection.sentenceAProperty().set(2);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, fx(() -> heatmap.computations()));
        assertEquals("Cosine similarity of V vectors", fx(() -> heatmap.figure()).title());
    }

    @Test
    void aNewSnapshotIsComputedOffTheFxThreadOneAtATime() throws Exception {
        List<Runnable> held = new ArrayList<>();
        Background background = Background.using(held::add, javafx.application.Platform::runLater);
        LiveRun l = new LiveRun();
        Playback p = new Playback(l.snapshots());
        Selection selection = fx(Selection::new);
        RunRecord first = new RunRecord(run.config(), run.srcItos(), run.trgItos(), run.losses(), run.probes(),
                run.snapshots().subList(0, 2));
        fx(() -> {
            l.load(RunInfo.of("article3", run), first);
            l.poll();
            return null;
        });
        HeatmapView v = fx(() -> new HeatmapView(selection, p, l, background));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, fx(v::computations), "the first figure waits for the background");
        assertEquals(1, held.size());
        held.removeFirst().run();                              // the background, here on the test thread
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, fx(v::computations));
        assertTrue(fx(() -> v.chart().getFigure()).subtitle().contains("epoch 1"), fx(() -> v.chart().getFigure()).subtitle());

        fx(() -> {                                             // a snapshot arrives at a frame
            l.addSnapshot(run.snapshots().get(2));
            l.poll();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, fx(v::computations), "the arrival computed nothing on the FX thread");
        assertEquals(1, held.size(), "one computation queued");
        fx(() -> {                                             // more changes while it is queued: no second one
            selection.heatmapKindProperty().set(Kind.Q);
            l.addSnapshot(run.snapshots().get(3));
            l.poll();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, held.size(), "one computation at a time");
        held.removeFirst().run();                              // its inputs changed meanwhile: dropped, the next queued
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, fx(v::computations));
        assertEquals(1, held.size());
        held.removeFirst().run();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, fx(v::computations));
        assertEquals("Cosine similarity of Q vectors", fx(() -> v.chart().getFigure()).title());
        assertTrue(fx(() -> v.chart().getFigure()).subtitle().contains("epoch 3"), fx(() -> v.chart().getFigure()).subtitle());
        assertTrue(held.isEmpty());
    }

    @Test
    void layoutQueriesNeverComputeTheFigure() throws Exception {
        fx(() -> heatmap.figure());
        int before = fx(() -> heatmap.computations());
        int during = fx(() -> {
            selection.heatmapKindProperty().set(Kind.Q);
            heatmap.prefWidth(-1);
            heatmap.prefHeight(-1);
            heatmap.requestLayout();
            heatmap.layout();
            return heatmap.computations();
        });
        assertEquals(before, during, "sizing and laying out the view computed the figure");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, fx(() -> heatmap.computations()), "the change is computed once, without a layout");
        assertEquals("Cosine similarity of Q vectors", fx(() -> heatmap.chart().getFigure()).title());
    }

    @Test
    void clickingLabelsAndCellsHighlightsTheTokenAndOutlinesIt(FxRobot robot) throws Exception {
        MatrixChart chart = heatmap.chart();
        // row label "apple" of A (row 4)
        robot.clickOn(fx(() -> chart.localToScreen(chart.rowLabelPoint(0, 4))), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        TokenRef apple = new TokenRef(0, false, 4);
        assertEquals(apple, selection.highlightedProperty().get());
        assertEquals(java.util.Set.of(apple), fx(() -> chart.outlined()));
        // the other view outlines the same token: the attention view's key column of A
        assertTrue(fx(() -> attention.chart().outlined()).contains(apple));
        // column label "can" of B (column 3)
        robot.clickOn(fx(() -> chart.localToScreen(chart.colLabelPoint(0, 3))), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(new TokenRef(1, false, 3), selection.highlightedProperty().get());
        // a cell highlights its row token
        robot.clickOn(fx(() -> chart.localToScreen(chart.cellCenter(0, 2, 5))), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(new TokenRef(0, false, 2), selection.highlightedProperty().get());
        // hovering a cell explains it
        MatrixChart.Hit hit = fx(() -> chart.hitTest(chart.cellCenter(0, 1, 4).getX(), chart.cellCenter(0, 1, 4).getY()));
        assertEquals(new MatrixChart.Hit(0, 1, 4), hit);
        String hover = fx(() -> chart.hoverText(hit));
        assertTrue(hover.startsWith("cos(K) = "), hover);
        assertTrue(hover.contains("A: we (position 1)") && hover.contains("B: we (position 4)"), hover);
        // a click beside the matrix clears the highlight
        robot.clickOn(fx(() -> chart.localToScreen(new Point2D(3, chart.getHeight() - 3))), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(selection.highlightedProperty().get());
        assertTrue(fx(() -> chart.outlined()).isEmpty());
    }

    @Test
    void emptyStatesSayWhy() throws Exception {
        RunInfo info = RunInfo.of("article3", run);
        assertEquals("waiting for the first epoch…", MatrixFigures.heatmap(null, info, Site.DEC_CROSS, 0, -1, Kind.K, 0, 1).message());
        assertEquals("waiting for the first epoch…", MatrixFigures.attention(null, info, Site.DEC_CROSS, 0, -1, 0, 1).message());
        Snapshot s = run.snapshots().getLast();
        assertEquals("sentence B is not valid: there is no probe #42 (probes 0–8)",
                MatrixFigures.heatmap(s, info, Site.DEC_CROSS, 0, -1, Kind.K, 0, 42).message());
        assertEquals("layer 1 does not exist: the decoder has 1 layer (0–0)",
                MatrixFigures.heatmap(s, info, Site.DEC_CROSS, 1, -1, Kind.K, 0, 1).message());
        MatrixFigure att = MatrixFigures.attention(s, info, Site.ENC_SELF, 0, -1, 0, 42);
        assertTrue(att.panels().get(0).hasValues());
        assertFalse(att.panels().get(1).hasValues());
        assertEquals("sentence B is not valid: there is no probe #42 (probes 0–8)", att.panels().get(1).message());

        fx(() -> selection.sentenceBProperty().set(42));
        assertNull(fx(() -> heatmap.matrix()));
        assertNull(fx(() -> heatmap.csv()));
        fx(() -> live.reset(RunInfo.EMPTY));
        fx(() -> live.poll());
        assertEquals("waiting for the first epoch…", fx(() -> heatmap.figure()).message());
    }

    @Test
    void aClosedViewIsCollected() throws Exception {
        WeakReference<HeatmapView> ref = fx(() -> {
            HeatmapView v = new HeatmapView(selection, playback, live);
            Stage s = new Stage();
            s.setScene(new Scene(v, 600, 500));
            s.show();
            v.matrix();
            s.close();
            return new WeakReference<>(v);
        });
        // the shared state changes afterwards: a leaked view would still be listening
        fx(() -> selection.layerProperty().set(0));
        fx(() -> playback.seek(1));
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertNull(ref.get(), "the heatmap view is still reachable after its window closed");
    }

    @Test
    void valuesArePrintedInEveryHeatmapCellAndTheChartGrowsWithItsSpace() throws Exception {
        assertTrue(fx(() -> heatmap.chart().valuesShown()));
        double cell = fx(() -> heatmap.chart().cellSize());
        assertEquals(52, cell, 1e-9, "the heatmap has room for its preferred cells");
        assertNotNull(fx(() -> heatmap.csv()));
        assertNotEquals(0, fx(() -> attention.chart().cellSize()));
    }
}
