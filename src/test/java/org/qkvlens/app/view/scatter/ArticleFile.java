package org.qkvlens.app.view.scatter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.cli.Cli;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

/**
 * A snapshot file made the way users make one ({@code train --out}): the article preset on the sample corpus with
 * the sample probes, 6 epochs (snapshots of epochs 0…6), written once per test JVM; and an app model that has it open.
 */
final class ArticleFile {
    static final int EPOCHS = 6;
    private static Path file;

    private ArticleFile() {
    }

    static synchronized Path path() {
        if (file != null) return file;
        try {
            Path dir = Files.createTempDirectory("qkv-scatter-test");
            Path out = dir.resolve("run.npz");
            java.io.PrintStream stdout = System.out;
            int status;
            try (java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream())) {
                System.setOut(quiet);                     // the training log is not what these tests look at
                status = Cli.run(new String[] {"train", "--corpus", "sample-sentences/eng_de.csv", "--epochs",
                    String.valueOf(EPOCHS), "--out", out.toString()});
            } finally {
                System.setOut(stdout);
            }
            if (status != 0) throw new IllegalStateException("train --out failed with status " + status);
            file = out;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An app model (work on the calling thread) showing the file, as File → Open does. FX thread. */
    static AppModel openedApp() {
        RunRecord run = SnapshotFile.read(path());
        AppModel app = new AppModel(Background.direct());
        app.live().load(RunInfo.of("run.npz", run), run);
        app.ticker().tick();
        return app;
    }
}
