package org.qkvlens.app.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.Background;
import org.qkvlens.io.AtomicFiles;

/**
 * Writes a view's numbers as a UTF-8 CSV file (the text comes from the view, for matrix views from
 * {@link org.qkvlens.app.figure.Csv}), through a temporary sibling so a failed write never leaves half a file.
 */
public final class CsvExport {
    private CsvExport() {
    }

    /** Writes text to a file through a temporary sibling, so a failed write never leaves half a file. */
    public static void write(Path file, String csv) throws IOException {
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, csv, StandardCharsets.UTF_8));
    }

    /**
     * Takes the view's numbers on the FX thread and writes them on the background executor; {@code onDone} and
     * {@code onFailure} run on the FX thread. A view without numbers fails with an IllegalStateException.
     */
    public static void write(ExportableView view, Path file, Background background, Consumer<Path> onDone, Consumer<Throwable> onFailure) {
        String csv = view.csv();
        if (csv == null) {
            onFailure.accept(new IllegalStateException("the " + view.exportName() + " view has no numbers to export"));
            return;
        }
        background.run(() -> {
            write(file, csv);
            return file;
        }, onDone, onFailure);
    }
}
