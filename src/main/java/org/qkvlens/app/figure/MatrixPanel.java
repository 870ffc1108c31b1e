package org.qkvlens.app.figure;

import java.util.List;
import org.qkvlens.app.state.TokenRef;

/**
 * One matrix of numbers with its labels, as a matrix view draws it: {@code values[i][j]} belongs to row token
 * {@code rowTokens.get(i)} (labelled {@code rowLabels.get(i)}) and column token {@code colTokens.get(j)}.
 * {@code name} tells panels apart ({@code A}, {@code B}; empty for a lone panel), {@code caption} is drawn above the
 * panel, {@code rowTitle}/{@code colTitle} name the axes beside the labels, {@code rowRole}/{@code colRole} are the
 * axes' short names for the hover text and the CSV corner ({@code A}/{@code B}, {@code query}/{@code key}).
 * A panel that cannot be shown has {@code values == null} and says why in {@code message}. Immutable by convention:
 * nobody changes {@code values} after construction.
 */
public record MatrixPanel(String name, String caption, String rowTitle, String colTitle, String rowRole, String colRole,
                          List<String> rowLabels, List<String> colLabels, List<TokenRef> rowTokens,
                          List<TokenRef> colTokens, double[][] values, String message) {

    public MatrixPanel {
        rowLabels = List.copyOf(rowLabels);
        colLabels = List.copyOf(colLabels);
        rowTokens = List.copyOf(rowTokens);
        colTokens = List.copyOf(colTokens);
        if (values != null) {
            if (values.length != rowLabels.size() || rowTokens.size() != rowLabels.size() || colTokens.size() != colLabels.size()) {
                throw new IllegalArgumentException(values.length + " rows for " + rowLabels.size() + " labels");
            }
            for (double[] row : values) {
                if (row.length != colLabels.size()) throw new IllegalArgumentException(row.length + " columns for " + colLabels.size() + " labels");
            }
        }
    }

    /** A panel that shows only a message (e.g. "sentence B is not valid: …"). */
    public static MatrixPanel unavailable(String name, String caption, String message) {
        return new MatrixPanel(name, caption, null, null, "", "", List.of(), List.of(), List.of(), List.of(), null, message);
    }

    public boolean hasValues() {
        return values != null;
    }

    public int rows() {
        return values == null ? 0 : rowLabels.size();
    }

    public int cols() {
        return values == null ? 0 : colLabels.size();
    }

    /** A copy of the numbers; null for an unavailable panel. */
    public double[][] copyOfValues() {
        if (values == null) return null;
        double[][] c = new double[values.length][];
        for (int i = 0; i < values.length; i++) c[i] = values[i].clone();
        return c;
    }
}
