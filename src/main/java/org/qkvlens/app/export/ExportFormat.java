package org.qkvlens.app.export;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The picture formats a view exports to: PNG (a snapshot of the view, at 1×, 2× or 4×) and, for views that offer a
 * drawing description, SVG and PDF (vector; text as text). Leaves out the CSV of numbers, which is not a picture.
 */
public enum ExportFormat {
    PNG("png", "PNG image"), SVG("svg", "SVG vector image"), PDF("pdf", "PDF document");

    private final String extension;
    private final String description;

    ExportFormat(String extension, String description) {
        this.extension = extension;
        this.description = description;
    }

    /** Lower case, no dot: {@code png}, {@code svg}, {@code pdf}. */
    public String extension() {
        return extension;
    }

    /** For a save dialog's filter: "SVG vector image". */
    public String description() {
        return description;
    }

    /** Whether the picture is drawn from the view's drawing description (SVG, PDF) rather than its pixels. */
    public boolean vector() {
        return this != PNG;
    }

    /** The format named {@code png}, {@code svg} or {@code pdf} (any case); null for anything else. */
    public static ExportFormat named(String name) {
        if (name == null) return null;
        for (ExportFormat f : values()) if (f.extension.equalsIgnoreCase(name.strip())) return f;
        return null;
    }

    /** The format of a file by its extension; null when it has none of ours. */
    public static ExportFormat of(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : named(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
