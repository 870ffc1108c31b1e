package org.qkvlens.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.util.Duration;
import org.qkvlens.app.export.PngExport;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.RunModel;
import org.qkvlens.app.view.MainView;

/**
 * Takes the README's screenshots from the real app: started with {@code -Dqkvlens.screenshots=DIR}, it waits until
 * the default run has finished, then writes the whole window and every view (as the user sees it, at 1×) to DIR and
 * quits. Each view is brought to front and given time to lay out, project and paint before its picture is taken.
 * Run it under Xvfb with OpenGL for the 3D view; the README gives the command. It reports on the streams the front end
 * hands the app (the command line's standard output and error).
 */
final class ScreenshotTour {
    private static final double SETTLE_SECONDS = 4;

    private ScreenshotTour() {
    }

    static void startIfAsked(AppModel model, MainView view, Scene scene, PrintStream out, PrintStream err) {
        String dir = System.getProperty("qkvlens.screenshots");
        if (dir == null) return;
        Path to = Path.of(dir);
        createDirectory(to);
        model.run().statusProperty().addListener((o, a, b) -> {
            if (b == RunModel.Status.FINISHED) {
                later(() -> {
                    write(() -> PngExport.write(scene.snapshot(null), to.resolve("window.png")), err);
                    shootFrom(view, view.exportableViews(), 0, to, out, err);
                });
            }
        });
    }

    private static void shootFrom(MainView view, List<ExportableView> views, int i, Path dir, PrintStream out,
                                  PrintStream err) {
        if (i == views.size()) {
            out.println("screenshots written to " + dir.toAbsolutePath());
            Platform.exit();
            return;
        }
        ExportableView v = views.get(i);
        view.reveal(v);
        later(() -> {
            write(() -> PngExport.write(PngExport.snapshot(v, 1), dir.resolve(v.exportName() + ".png")), err);
            shootFrom(view, views, i + 1, dir, out, err);
        });
    }

    private interface Shot {
        void take() throws Exception;
    }

    private static void write(Shot shot, PrintStream err) {
        try {
            shot.take();
        } catch (Exception e) {
            err.println("screenshot failed: " + e);
        }
    }

    private static void later(Runnable r) {
        PauseTransition p = new PauseTransition(Duration.seconds(SETTLE_SECONDS));
        p.setOnFinished(e -> r.run());
        p.play();
    }

    static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
