package org.qkvlens.app.view.scatter;

import java.util.Arrays;

/**
 * Which drawn items fall inside a box or a lasso, from their screen positions: a linear scan over the flat position
 * arrays (no allocation but the result), the lasso tested by even–odd ray casting after a bounding-box test, so most
 * items cost four comparisons. Items outside the clip rectangle (not drawn) never count. Leaves out input handling and
 * drawing the shape.
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
        int[] out = new int[16];
        int m = 0;
        for (int i = 0; i < n; i++) {
            double x = sx[i], y = sy[i];
            if (x < bx0 || x > bx1 || y < by0 || y > by1 || !inside(px, py, count, x, y)) continue;
            if (m == out.length) out = Arrays.copyOf(out, m * 2);
            out[m++] = i;
        }
        return Arrays.copyOf(out, m);
    }

    /** Even–odd test of (x, y) against the closed polygon (px, py) of {@code count} vertices. */
    static boolean inside(double[] px, double[] py, int count, double x, double y) {
        boolean in = false;
        for (int a = 0, b = count - 1; a < count; b = a++) {
            if ((py[a] > y) != (py[b] > y) && x < (px[b] - px[a]) * (y - py[a]) / (py[b] - py[a]) + px[a]) in = !in;
        }
        return in;
    }
}
