package org.qkvlens.app.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.Background;

/**
 * A view's picture as SVG or PDF: its drawing description is taken on the FX thread (the same painting as the screen
 * and the PNG, recorded), the file is written on the {@link Background} executor. Leaves out the formats themselves
 * ({@link SvgExport}, {@link PdfExport}).
 */
public final class VectorExport {
    private VectorExport() {
    }

    /** Writes {@code drawing} to {@code file} in {@code format} (SVG or PDF); {@code title} names the PDF. Any thread. */
    public static void write(Drawing drawing, ExportFormat format, String title, Path file) throws IOException {
        switch (format) {
            case SVG -> SvgExport.write(drawing, file);
            case PDF -> PdfExport.write(drawing, title, file);
            case PNG -> throw new IllegalArgumentException("PNG is not a vector format");
        }
    }

    /**
     * Takes the view's drawing now (FX thread) and writes it on the background executor; {@code onDone} and
     * {@code onFailure} run on the FX thread. A view without a drawing fails with a message saying so.
     */
    public static void write(ExportableView view, ExportFormat format, Path file, Background background,
                             Consumer<Path> onDone, Consumer<Throwable> onFailure) {
        Drawing drawing;
        try {
            java.util.function.Supplier<Drawing> source = view.vectorDrawing();
            if (source == null) throw new IllegalStateException("the " + view.exportName() + " view exports as PNG only");
            drawing = source.get();
        } catch (RuntimeException e) {
            onFailure.accept(e);
            return;
        }
        background.run(() -> {
            write(drawing, format, "QKV Lens " + view.exportName(), file);
            return file;
        }, onDone, onFailure);
    }
}
