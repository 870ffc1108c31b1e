package org.qkvlens.app.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Platform;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.draw.NodeDrawing;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import org.qkvlens.analysis.ClusterAnalysis;
import org.qkvlens.analysis.ClusterQuery;
import org.qkvlens.analysis.ClusterReport;
import org.qkvlens.app.figure.AnalysisFigure;
import org.qkvlens.app.figure.Csv;
import org.qkvlens.app.figure.MatrixFigure;
import org.qkvlens.app.figure.MatrixFigures;
import org.qkvlens.app.figure.ScatterFigure;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.view.AnalysisChart;
import org.qkvlens.app.view.AttentionView;
import org.qkvlens.app.view.HeatmapView;
import org.qkvlens.app.view.MatrixChart;
import org.qkvlens.data.BadInputException;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Snapshot;

/**
 * Renders the app's figures into PNG, SVG or PDF and CSV files without a window, for {@code qkv-lens export}: starts JavaFX
 * headless (Monocle, software rendering; JVM flags given on the command line win), builds the figure from a run read
 * from disk with the builders the app's views use (org.qkvlens.app.figure), draws it with the app's own chart, lays it
 * out at its preferred size and takes its picture exactly as File → Export would. Rendering happens on the FX thread;
 * encoding and writing on the calling thread.
 */
public final class HeadlessExport {
    private HeadlessExport() {
    }

    /** Renders and writes; returns one line per file written ("wrote k.png (1040 × 760 px)"). */
    public static List<String> run(ExportRequest r) {
        Object figure = figure(r);            // the numbers (a PCA, a clustering of every epoch): not on the FX thread
        return renderAndWrite(() -> render(r, figure), r.view().id(), r.out(), r.scale(), r.csv());
    }

    /**
     * Starts the toolkit, runs {@code render} on the FX thread, then writes its picture to {@code out} (PNG at
     * {@code scale}, or SVG or PDF, by its extension) and its numbers to {@code csv} (either may be null) on the calling
     * thread; one line per file written.
     */
    static List<String> renderAndWrite(java.util.concurrent.Callable<Rendered> render, String viewId, Path out, int scale,
                                       Path csv) {
        startToolkit();
        FutureTask<Rendered> task = new FutureTask<>(render);
        Platform.runLater(task);
        Rendered r;
        try {
            r = task.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException("rendering failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("rendering did not finish", e);
        }
        List<String> lines = new ArrayList<>();
        try {
            if (r.image() != null) {
                PngExport.write(r.image(), out, scale);
                lines.add(String.format("wrote %s (%d × %d px)", out, (int) r.image().getWidth(), (int) r.image().getHeight()));
            } else if (r.drawing() != null) {
                ExportFormat format = ExportFormat.of(out);
                VectorExport.write(r.drawing(), format, "QKV Lens " + viewId, out);
                lines.add(String.format("wrote %s (%s, %d × %d layout px)", out, format.name(), Math.round(r.drawing().width()),
                        Math.round(r.drawing().height())));
            }
            if (csv != null) {
                if (r.csv() == null) throw new BadInputException("export: the " + viewId + " view has no numbers for --csv");
                CsvExport.write(csv, r.csv());
                lines.add("wrote " + csv);
            }
        } catch (IOException e) {
            throw new BadInputException("export: could not write: " + e.getMessage(), e);
        }
        return lines;
    }

    /**
     * The Clusters tab's chart for the request: {@link ClusterAnalysis} with {@code analyze}'s settings over all probes
     * of every end-of-epoch snapshot, the marker and the note at the requested snapshot's epoch.
     */
    static AnalysisFigure analysisFigure(ExportRequest r) {
        int heads = RunInfo.of(r.runTitle(), r.run()).heads(r.site().isEncoder());
        ClusterQuery q = new ClusterQuery(r.site(), r.layer(), r.head(), Math.max(1, heads), r.kinds());
        List<ClusterReport> reports = new ArrayList<>();
        for (Snapshot s : r.run().snapshots()) if (s.endOfEpoch()) reports.add(ClusterAnalysis.analyze(s, q, ClusterAnalysis.DEFAULTS));
        int epoch = r.run().snapshots().get(r.snapshot()).epoch();
        ClusterReport shown = reports.stream().filter(x -> x.epoch() == epoch).findFirst().orElse(null);
        return new AnalysisFigure(AnalysisFigure.title(q, r.run().probes().size()), shown == null ? "" : AnalysisFigure.note(shown),
                reports, epoch);
    }

    /** The picture taken (PNG) or the drawing recorded (SVG, PDF), at most one of them, and the numbers. */
    record Rendered(WritableImage image, Drawing drawing, String csv) {
    }

    /**
     * Starts JavaFX on Monocle's headless platform, unless it is running already (a second export). In a test JVM,
     * TestFX must have started it first (FxToolkit.registerPrimaryStage()): TestFX installs its own Monocle platform
     * when it launches, and a toolkit started here before would leave its robot clicking into nowhere.
     */
    static void startToolkit() {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("java.awt.headless", "true");
        // JavaFX's "Unsupported JavaFX configuration" warning (class path, no modules) is noise on a command line
        Logger fxLog = Logger.getLogger("javafx");
        Level level = fxLog.getLevel();
        fxLog.setLevel(Level.SEVERE);
        try {
            Platform.startup(() -> { });
            Platform.setImplicitExit(false);
        } catch (IllegalStateException alreadyRunning) {
            // fine: use the running toolkit
        } finally {
            fxLog.setLevel(level);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    /**
     * FX thread: builds the request's figure (the same builders the app's views use), puts it in the node that draws
     * it (the app's {@link MatrixChart}, or a {@link ScatterFigureNode}), lays that out at its preferred size and takes
     * its picture exactly as File → Export would.
     */
    /** The request's figure: an {@link AnalysisFigure}, a {@link ScatterFigure} or a {@link MatrixFigure}. Any thread. */
    private static Object figure(ExportRequest r) {
        if (r.view() == ExportRequest.View.ANALYSIS) return analysisFigure(r);
        RunInfo info = RunInfo.of(r.runTitle(), r.run());
        Snapshot s = r.run().snapshots().get(r.snapshot());
        return switch (r.view()) {
            case SCATTER -> ScatterFigure.pca(s, info, r.site(), r.layer(), r.head(), r.kinds(), r.probeA(), r.probeB());
            case HEATMAP -> MatrixFigures.heatmap(s, info, r.site(), r.layer(), r.head(),
                    r.kinds().isEmpty() ? Kind.K : r.kinds().getFirst(), r.probeA(), r.probeB());
            default -> MatrixFigures.attention(s, info, r.site(), r.layer(), r.head(), r.probeA(), r.probeB());
        };
    }

    /** FX thread: the node that draws {@code figure}, and its picture and numbers. */
    private static Rendered render(ExportRequest r, Object figure) {
        Region root;
        IntConsumer exportScale;
        Supplier<Drawing> drawing = null;
        String csv = null;
        switch (figure) {
            case AnalysisFigure analysis -> {
                AnalysisChart chart = new AnalysisChart();
                chart.setFigure(analysis);
                root = chart;
                exportScale = chart::setPixelScale;
                drawing = () -> chart.drawing(true);
                csv = analysis.csv();
            }
            case ScatterFigure scatter -> {
                root = new ScatterFigureNode(scatter);
                exportScale = scale -> { };
                Region node = root;
                drawing = () -> NodeDrawing.of(node);
                if (!scatter.isEmpty()) csv = Csv.points(scatter);
            }
            case MatrixFigure matrix -> {
                MatrixChart chart = new MatrixChart();
                chart.setPreferredCell(r.view() == ExportRequest.View.HEATMAP ? HeatmapView.PREFERRED_CELL : AttentionView.PREFERRED_CELL);
                chart.setFigure(matrix);
                root = chart;
                exportScale = chart::setPixelScale;
                drawing = chart::drawing;
                if (!matrix.isEmpty()) csv = Csv.table(matrix);
            }
            default -> throw new IllegalStateException("no node draws " + figure.getClass());
        }
        return picture(root, r.view().id(), r.out(), r.scale(), exportScale, drawing, r.csv() == null ? null : csv);
    }

    /**
     * FX thread: lays {@code root} out at its preferred size in a scene of its own and takes its picture for
     * {@code out} (null: none), exactly as File → Export would: a PNG snapshot at {@code scale}, or for an SVG or PDF
     * the {@code drawing} (null for a view that exports as PNG only: an error); {@code csv} goes along as it is.
     */
    static Rendered picture(Region root, String name, Path out, int scale, IntConsumer exportScale, Supplier<Drawing> drawing,
                            String csv) {
        new Scene(root);
        root.applyCss();
        double w = Math.ceil(root.prefWidth(-1)), h = Math.ceil(root.prefHeight(w));
        root.resize(w, h);
        root.layout();
        if (out == null) return new Rendered(null, null, csv);
        ExportFormat format = ExportFormat.of(out);
        if (format == null || !format.vector()) return new Rendered(PngExport.snapshot(root, name, scale, exportScale), null, csv);
        if (drawing == null) throw new BadInputException("export: the " + name + " view exports as PNG only");
        return new Rendered(null, drawing.get(), csv);
    }
}
