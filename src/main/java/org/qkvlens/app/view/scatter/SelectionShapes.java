package org.qkvlens.app.view.scatter;

import java.util.Arrays;

/**
 * Which drawn items fall inside a box or a lasso, from their screen positions: a linear scan over the flat position
 * arrays (no allocation but the result), the lasso tested by even–odd ray casting after a bounding-box test, so most
 * items cost four comparisons. Items outside the clip rectangle (not drawn) never count. Leaves out input handling and
 * drawing the shape. The lasso's edges are bucketed by pixel row first, so each point tests only the few edges of its row.
 */
final class SelectionShapes {
    private SelectionShapes() {
    }

    /** Items 0…n−1 whose (sx, sy) lie in the box with corners (ax, ay), (bx, by) and in {@code clip} (x0, y0, x1, y1). */
    static int[] box(double[] sx, double[] sy, int n, double ax, double ay, double bx, double by, double[] clip) {
        double x0 = Math.max(Math.min(ax, bx), clip[0]), x1 = Math.min(Math.max(ax, bx), clip[2]);
        double y0 = Math.max(Math.min(ay, by), clip[1]), y1 = Math.min(Math.max(ay, by), clip[3]);
        int[] out = new int[16];
        int m = 0;
        for (int i = 0; i < n; i++) {
            double x = sx[i], y = sy[i];
            if (x >= x0 && x <= x1 && y >= y0 && y <= y1) {
                if (m == out.length) out = Arrays.copyOf(out, m * 2);
                out[m++] = i;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /**
     * Items 0…n−1 whose (sx, sy) lie inside the closed polygon of {@code count} vertices (px, py) (even–odd rule) and in
     * {@code clip}.
     */
    static int[] lasso(double[] sx, double[] sy, int n, double[] px, double[] py, int count, double[] clip) {
        if (count < 3) return new int[0];
        double bx0 = Double.POSITIVE_INFINITY, by0 = Double.POSITIVE_INFINITY, bx1 = Double.NEGATIVE_INFINITY, by1 = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            bx0 = Math.min(bx0, px[k]);
            bx1 = Math.max(bx1, px[k]);
            by0 = Math.min(by0, py[k]);
            by1 = Math.max(by1, py[k]);
        }
        bx0 = Math.max(bx0, clip[0]);
        bx1 = Math.min(bx1, clip[2]);
        by0 = Math.max(by0, clip[1]);
        by1 = Math.min(by1, clip[3]);
        // edges bucketed by the pixel rows they span: a point tests only the edges of its row (exactly the edges that
        // can cross its horizontal ray), so a hand-drawn lasso of hundreds of vertices costs a few edges per point
        int row0 = (int) Math.floor(by0), rows = Math.max(1, (int) Math.floor(by1) - row0 + 1);
        int[] start = new int[rows + 1];
        for (int a = 0, b = count - 1; a < count; b = a++) {
            int r0 = Math.max(0, (int) Math.floor(Math.min(py[a], py[b])) - row0), r1 = Math.min(rows - 1, (int) Math.floor(Math.max(py[a], py[b])) - row0);
            for (int r = r0; r <= r1; r++) start[r + 1]++;
        }
        for (int r = 0; r < rows; r++) start[r + 1] += start[r];
        int[] edges = new int[start[rows]], fill = Arrays.copyOf(start, rows);
        for (int a = 0, b = count - 1; a < count; b = a++) {
            int r0 = Math.max(0, (int) Math.floor(Math.min(py[a], py[b])) - row0), r1 = Math.min(rows - 1, (int) Math.floor(Math.max(py[a], py[b])) - row0);
            for (int r = r0; r <= r1; r++) edges[fill[r]++] = a;
        }
        int[] out = new int[16];
        int m = 0;
        for (int i = 0; i < n; i++) {
            double x = sx[i], y = sy[i];
            if (x < bx0 || x > bx1 || y < by0 || y > by1) continue;
            int r = (int) Math.floor(y) - row0;
            boolean in = false;
            for (int e = start[r]; e < start[r + 1]; e++) {
                int a = edges[e], b = a == 0 ? count - 1 : a - 1;
                if ((py[a] > y) != (py[b] > y) && x < (px[b] - px[a]) * (y - py[a]) / (py[b] - py[a]) + px[a]) in = !in;
            }
            if (!in) continue;
            if (m == out.length) out = Arrays.copyOf(out, m * 2);
            out[m++] = i;
        }
        return Arrays.copyOf(out, m);
    }

    /** Even–odd test of (x, y) against the closed polygon (px, py) of {@code count} vertices: the plain reference of {@link #lasso}. */
    static boolean inside(double[] px, double[] py, int count, double x, double y) {
        boolean in = false;
        for (int a = 0, b = count - 1; a < count; b = a++) {
            if ((py[a] > y) != (py[b] > y) && x < (px[b] - px[a]) * (y - py[a]) / (py[b] - py[a]) + px[a]) in = !in;
        }
        return in;
    }
}
