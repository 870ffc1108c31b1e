package org.qkvlens.app;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.qkvlens.app.export.Exports;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.CorpusChoice;
import org.qkvlens.app.view.MainView;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.probe.ProbeLine;

/**
 * The desktop app: opens the main window (sized to its screen, where it was last closed) and at once starts training
 * the article preset on the sample corpus with the sample probes, "we can eat apple" / "apple eat can we" selected.
 * What the measuring and screenshot modes report goes to the streams the front end launched it with.
 */
public final class QkvLensApp extends Application {
    // JavaFX makes the Application itself, so the launcher's streams wait here for start(); nothing else is kept statically.
    private static volatile PrintStream out = new PrintStream(OutputStream.nullOutputStream());
    private static volatile PrintStream err = out;
    private AppModel model;

    /** Opens the app (returns when its window closed); {@code out} and {@code err} receive its reports. */
    public static void launchApp(String[] args, PrintStream out, PrintStream err) {
        QkvLensApp.out = out;
        QkvLensApp.err = err;
        Application.launch(QkvLensApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        AppModel.restoreVectorCacheBudget();
        model = new AppModel(Background.pool(2));
        MainView view = new MainView(model, stage);
        Exports.install(view, model.background(), model.run()::note);
        Scene scene = new Scene(view);
        scene.getStylesheets().add(QkvLensApp.class.getResource("qkv-lens.css").toExternalForm());
        stage.setTitle("QKV Lens");
        stage.getIcons().add(new javafx.scene.image.Image(QkvLensApp.class.getResource("qkv-lens.png").toExternalForm()));
        stage.setScene(scene);
        placeWindow(stage, Preferences.userNodeForPackage(QkvLensApp.class).node("window"));
        stage.show();
        model.ticker().start();
        warmUpProjection(model.background());
        ScreenshotTour.startIfAsked(model, view, scene, out, err);
        PulseMonitor.startIfAsked(out);
        StartupReport.startIfAsked(model.live(), out);
        if (System.getProperty("qkvlens.open") != null) {
            startDefaultRun(model);
        } else {                                  // runs interrupted last time first: continue one, or the default run
            model.runs().refresh(list -> {
                List<org.qkvlens.app.state.RunsModel.Entry> interrupted = org.qkvlens.app.state.RunsModel.interrupted(list);
                if (interrupted.isEmpty()) startDefaultRun(model);
                else view.runsWindow().showInterrupted(interrupted, () -> startDefaultRun(model));
            });
        }
    }

    /**
     * Opens the window where it was last closed, if that screen is still there, else centred on the primary screen;
     * always within the visual bounds of its screen. Its bounds are saved in {@code prefs} when it closes.
     */
    static void placeWindow(Stage stage, Preferences prefs) {
        List<Rectangle2D> screens = Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
        Rectangle2D primary = Screen.getPrimary().getVisualBounds();
        WindowPlacement.Bounds b = WindowPlacement.place(WindowPlacement.load(prefs), screens, primary);
        stage.setMinWidth(Math.min(WindowPlacement.MIN_WIDTH, primary.getWidth()));
        stage.setMinHeight(Math.min(WindowPlacement.MIN_HEIGHT, primary.getHeight()));
        stage.setX(b.x());
        stage.setY(b.y());
        stage.setWidth(b.width());
        stage.setHeight(b.height());
        stage.setMaximized(b.maximized());
        stage.addEventHandler(WindowEvent.WINDOW_HIDING, e -> WindowPlacement.save(prefs,
                new WindowPlacement.Bounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized())));
    }

    /**
     * The article's set-up: sample corpus, sample probes, article preset, A and B the first two probes. For measurements
     * the run can be changed with {@code -Dqkvlens.preset=tutorial}, {@code -Dqkvlens.epochs=N},
     * {@code -Dqkvlens.source=FILE -Dqkvlens.target=FILE} (aligned files, space tokenizer) and
     * {@code -Dqkvlens.probes=FILE} (a probe set, one sentence a line; the scatter shows all of its sentences);
     * {@code -Dqkvlens.open=PATH} opens a snapshot file or run directory instead.
     */
    public static void startDefaultRun(AppModel model) {
        String open = System.getProperty("qkvlens.open");
        if (open != null) {                      // a snapshot file or run directory instead of a new run
            model.run().openSnapshots(java.nio.file.Path.of(open));
            return;
        }
        List<ProbeLine> probes = ProbeFile.read(SampleFiles.probes());
        model.run().probeLines().setAll(probes.stream()
                .map(p -> p.reference() == null ? p.text() : p.text() + "\t" + p.reference()).toList());
        String preset = System.getProperty("qkvlens.preset");
        if (preset != null) model.run().presetProperty().set(org.qkvlens.engine.Preset.valueOf(preset.toUpperCase(java.util.Locale.ROOT)));
        String epochs = System.getProperty("qkvlens.epochs");
        if (epochs != null) model.run().epochsProperty().set(Integer.parseInt(epochs));
        String source = System.getProperty("qkvlens.source"), target = System.getProperty("qkvlens.target");
        if (source != null && target != null) {
            model.run().spacesTokenizerProperty().set(true);
            model.run().chooseCorpus(CorpusChoice.aligned(java.nio.file.Path.of(source), java.nio.file.Path.of(target)));
        } else {
            model.run().chooseCorpus(CorpusChoice.pairs(SampleFiles.corpus()));
        }
        String probeFile = System.getProperty("qkvlens.probes");
        if (probeFile != null) {
            java.nio.file.Path path = java.nio.file.Path.of(probeFile);
            model.run().probeSetProperty().set(new org.qkvlens.session.ProbeSet.FromFile(path.toString(), ProbeFile.read(path)));
            model.live().infoProperty().addListener((o, was, info) -> model.selection().setExtraProbes(
                    info.probes().stream().map(p -> p.index()).toList()));
        }
        model.selection().sentenceAProperty().set(0);
        model.selection().sentenceBProperty().set(1);
        model.run().start();
    }

    /**
     * Loads the linear-algebra natives PCA uses (about 2 s, once per JVM) before the first real projection needs them,
     * and gives OpenBLAS one thread. With its default (a worker per core) each snapshot's PCA woke workers that
     * spin-wait between LAPACK's small steps: with training on one core they took the renderer's CPU for seconds after
     * every snapshot (a 256 × 256 eigendecomposition, on this 2-core machine under load: 30–1,100 ms with the default
     * threads, 10–30 ms with one). The app's layouts are small; {@code bench-projection} keeps the default.
     */
    private static void warmUpProjection(Background background) {
        background.run(() -> {
            org.bytedeco.openblas.global.openblas.blas_set_num_threads(1);
            var points = new java.util.ArrayList<org.qkvlens.projection.Point>();
            for (int i = 0; i < 4; i++) {
                points.add(new org.qkvlens.projection.Point(new org.qkvlens.projection.PointKey(0, false, i,
                        org.qkvlens.probe.Kind.K, 0), "w", 0, 0, new float[] {i, i * i, 1 - i}));
            }
            return new org.qkvlens.projection.Projector().project(points, org.qkvlens.projection.Method.PCA, 2, null, null);
        }, layout -> { }, failure -> { });
    }

    @Override
    public void stop() {
        if (model != null) model.shutdown();
    }
}
