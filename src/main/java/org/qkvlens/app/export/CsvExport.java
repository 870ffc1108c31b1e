package org.qkvlens.app.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.view.MatrixFigure;
import org.qkvlens.app.view.MatrixPanel;
import org.qkvlens.io.AtomicFiles;

/**
 * The numbers of a matrix view as CSV (RFC 4180 quoting, {@code \n} line ends, UTF-8): per panel a header row with the
 * column tokens, then one row per row token, the token in the first column and the values with six decimals. The
 * corner cell names the axes: {@code A \ B} for the heatmap (rows A, columns B), {@code A: query \ key} for an
 * attention panel. Several panels (attention A and B) follow one another, separated by an empty line.
 */
public final class CsvExport {
    private CsvExport() {
    }

    /** The CSV text of a figure's panels (panels without values are left out). */
    public static String table(MatrixFigure figure) {
        StringBuilder sb = new StringBuilder();
        for (MatrixPanel p : figure.panels()) {
            if (!p.hasValues()) continue;
            if (!sb.isEmpty()) sb.append('\n');
            String corner = (p.name().isEmpty() ? "" : p.name() + ": ") + p.rowRole() + " \\ " + p.colRole();
            sb.append(quote(corner));
            for (String c : p.colLabels()) sb.append(',').append(quote(c));
            sb.append('\n');
            for (int i = 0; i < p.rows(); i++) {
                sb.append(quote(p.rowLabels().get(i)));
                for (double v : p.values()[i]) sb.append(',').append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** A field as CSV: in double quotes (with quotes doubled) when it holds a comma, a quote, a line break or edge spaces. */
    public static String quote(String field) {
        boolean plain = !field.isEmpty() && field.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')
                && field.strip().equals(field);
        return plain ? field : "\"" + field.replace("\"", "\"\"") + "\"";
    }

    /** Writes text to a file through a temporary sibling, so a failed write never leaves half a file. */
    public static void write(Path file, String csv) throws IOException {
        Path tmp = AtomicFiles.sibling(file);
        try {
            Files.writeString(tmp, csv, StandardCharsets.UTF_8);
            AtomicFiles.moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
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
