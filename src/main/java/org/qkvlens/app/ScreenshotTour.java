package org.qkvlens.app;

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
 * Run it under Xvfb with OpenGL for the 3D view; the README gives the command.
 */
final class ScreenshotTour {
    private static final double SETTLE_SECONDS = 4;

    private ScreenshotTour() {
    }

    static void startIfAsked(AppModel model, MainView view, Scene scene) {
        String dir = System.getProperty("qkvlens.screenshots");
        if (dir == null) return;
        Path out = Path.of(dir);
        createDirectory(out);
        model.run().statusProperty().addListener((o, a, b) -> {
            if (b == RunModel.Status.FINISHED) {
                later(() -> {
                    write(() -> PngExport.write(scene.snapshot(null), out.resolve("window.png")));
                    shootFrom(view, view.exportableViews(), 0, out);
                });
            }
        });
    }

    private static void shootFrom(MainView view, List<ExportableView> views, int i, Path out) {
        if (i == views.size()) {
            System.out.println("screenshots written to " + out.toAbsolutePath());
            Platform.exit();
            return;
        }
        ExportableView v = views.get(i);
        view.reveal(v);
        later(() -> {
            write(() -> PngExport.write(PngExport.snapshot(v, 1), out.resolve(v.exportName() + ".png")));
            shootFrom(view, views, i + 1, out);
        });
    }

    private interface Shot {
        void take() throws Exception;
    }

    private static void write(Shot shot) {
        try {
            shot.take();
        } catch (Exception e) {
            System.err.println("screenshot failed: " + e);
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
