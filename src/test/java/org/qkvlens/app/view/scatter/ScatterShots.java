package org.qkvlens.app.view.scatter;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.qkvlens.projection.Projector;
import org.qkvlens.app.export.PngExport;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.EpochsShown;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.probe.Kind;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

/**
 * Writes PNGs of the scatter views for a snapshot file, with the article's selection (A "we can eat apple",
 * B "apple eat can we", K and V, decoder–encoder attention, epochs first/middle/current). A developer tool:
 * {@code java -cp ... org.qkvlens.app.view.scatter.ScatterShots run.npz out-prefix [2d|3d] [mode] [options]}.
 */
public final class ScatterShots {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String out = args[1];
        String which = args.length > 2 ? args[2] : "2d";
        EpochsShown mode = args.length > 3 ? EpochsShown.valueOf(args[3]) : EpochsShown.ARTICLE;
        String opts = args.length > 4 ? args[4] : "";
        RunRecord run = SnapshotFile.read(file);
        CountDownLatch done = new CountDownLatch(1);
        Platform.startup(() -> {
            try {
                AppModel app = new AppModel(Background.direct());
                app.selection().epochsShownProperty().set(mode);
                if (opts.contains("q")) app.selection().kinds().add(Kind.Q);
                if (opts.contains("x")) app.selection().kinds().addAll(java.util.List.of(Kind.X1, Kind.X4));
                if (opts.contains("p")) for (int i = 2; i < 9; i++) app.selection().extraProbes().add(i);
                app.live().load(RunInfo.of(file.getFileName().toString(), run), run);
                app.ticker().tick();
                ScatterModel model = new ScatterModel(app, LayoutFunction.projector(new Projector()), which.equals("3d") ? 3 : 2);
                model.showTrajectoriesProperty().set(opts.contains("t"));
                model.showLabelsProperty().set(!opts.contains("n"));
                app.ticker().tick();
                if (opts.contains("h")) app.selection().highlightedProperty().set(new TokenRef(0, false, 4));
                Stage stage = new Stage();
                if (which.equals("3d")) {
                    Scatter3DView v = new Scatter3DView(model);
                    stage.setScene(new Scene(v, 1000, 680));
                    stage.show();
                    v.settle();
                    Platform.runLater(() -> Platform.runLater(() -> {
                        write(PngExport.snapshot(v, 1), out + "-3d.png"); write(PngExport.snapshot(v, 2), out + "-3d-2x.png");
                        done.countDown();
                    }));
                } else {
                    Scatter2DView v = new Scatter2DView(model);
                    stage.setScene(new Scene(v, 1000, 680));
                    stage.show();
                    v.settle();
                    write(PngExport.snapshot(v, 1), out + "-2d.png");
                    write(PngExport.snapshot(v, 2), out + "-2d-2x.png");
                    System.out.println("labels placed: " + v.labelsPlaced() + ", items " + v.itemCount());
                    done.countDown();
                }
            } catch (Throwable t) {
                t.printStackTrace();
                done.countDown();
            }
        });
        done.await();
        Platform.exit();
    }

    static void write(WritableImage img, String path) {
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", new File(path));
            System.out.println("wrote " + path + " " + (int) img.getWidth() + "x" + (int) img.getHeight());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
