package org.qkvlens.app.figure;

import java.util.List;

/**
 * Everything the matrix chart (app.view.MatrixChart) draws: a bold title, a line of detail below it, one or more
 * panels side by side, the colour scale with its legend title, the name of the value for the hover text
 * ({@code cos(K)}, {@code attention}), and whether every cell carries its number ({@code alwaysShowValues}) or only
 * when the cells are big enough. An empty state has no panels and a {@code message} ("waiting for the first epoch…").
 */
public record MatrixFigure(String title, String subtitle, List<MatrixPanel> panels, ColorScale scale, String legendTitle,
                           String valueName, boolean alwaysShowValues, String message) {

    public MatrixFigure {
        panels = List.copyOf(panels);
    }

    /** An empty state: only a message, with an optional title above it. */
    public static MatrixFigure message(String title, String message) {
        return new MatrixFigure(title == null ? "" : title, "", List.of(), ColorScale.DIVERGING, "", "", false, message);
    }

    public boolean isEmpty() {
        return panels.isEmpty();
    }
}
