package org.qkvlens.app.view;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.qkvlens.cli.Cli;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

/**
 * A real snapshot file for the view tests: the article preset trained for 3 epochs on the sample corpus with the
 * sample probes, written by {@code qkv-lens train --out} once per test JVM.
 */
public final class ArticleSnapshots {
    private static Path file;
    private static RunRecord record;

    private ArticleSnapshots() {
    }

    public static synchronized Path file() {
        if (file == null) {
            try {
                Path dir = Files.createTempDirectory("qkv-views-test");
                dir.toFile().deleteOnExit();
                Path out = dir.resolve("article3.npz");
                PrintStream old = System.out;
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                int status;
                try (PrintStream quiet = new PrintStream(log, true, StandardCharsets.UTF_8)) {
                    System.setOut(quiet);
                    status = Cli.run(new String[] {"train", "--preset", "article", "--corpus", "sample-sentences/eng_de.csv",
                            "--epochs", "3", "--quiet", "--out", out.toString()});
                } finally {
                    System.setOut(old);
                }
                if (status != 0) throw new IllegalStateException("train failed: " + log.toString(StandardCharsets.UTF_8));
                out.toFile().deleteOnExit();
                file = out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    public static synchronized RunRecord record() {
        if (record == null) record = SnapshotFile.read(file());
        return record;
    }
}
