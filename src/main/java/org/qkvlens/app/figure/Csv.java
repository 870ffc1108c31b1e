package org.qkvlens.app.figure;

import java.util.Locale;

/**
 * The numbers of a matrix figure as CSV text (RFC 4180 quoting, {@code \n} line ends): per panel a header row with the
 * column tokens, then one row per row token, the token in the first column and the values with six decimals. The
 * corner cell names the axes: {@code A \ B} for the heatmap (rows A, columns B), {@code A: query \ key} for an
 * attention panel. Several panels (attention A and B) follow one another, separated by an empty line. Leaves out
 * writing the text to a file (that is the export's job).
 */
public final class Csv {
    private Csv() {
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

    /**
     * The points of a PCA scatter figure as CSV: one row per dot with its label ({@code word@kind@epoch}), its sentence
     * (A or B) and its coordinates with six decimals, under the axes' titles.
     */
    public static String points(ScatterFigure figure) {
        StringBuilder sb = new StringBuilder("label,sentence,").append(quote(figure.xTitle())).append(',')
                .append(quote(figure.yTitle())).append('\n');
        for (ScatterFigure.Dot d : figure.dots()) {
            sb.append(quote(d.label())).append(',').append(d.slot() == 0 ? "A" : "B").append(',')
                    .append(String.format(Locale.ROOT, "%.6f,%.6f", d.x(), d.y())).append('\n');
        }
        return sb.toString();
    }

    /** A field as CSV: in double quotes (with quotes doubled) when it holds a comma, a quote, a line break or edge spaces. */
    public static String quote(String field) {
        boolean plain = !field.isEmpty() && field.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')
                && field.strip().equals(field);
        return plain ? field : "\"" + field.replace("\"", "\"\"") + "\"";
    }
}
