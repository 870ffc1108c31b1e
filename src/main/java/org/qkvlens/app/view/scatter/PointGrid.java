package org.qkvlens.app.view.scatter;

import java.util.Arrays;

/**
 * A uniform grid over screen positions for hover and click hit-testing: finds the point nearest the mouse within a
 * radius by looking only at the cells around it. Rebuilt (allocation-free once grown) when positions change.
 */
final class PointGrid {
    private final double cell;
    private int cols, rows;
    private int[] head = new int[0];
    private int[] next = new int[0];
    private double[] xs, ys;
    private int count;

    PointGrid(double cell) {
        this.cell = cell;
    }

    /** Indexes points 0…count−1 at (xs[i], ys[i]) over a width × height area; points outside are ignored. */
    void build(double[] xs, double[] ys, int count, double width, double height) {
        this.xs = xs;
        this.ys = ys;
        this.count = count;
        cols = Math.max(1, (int) Math.ceil(width / cell));
        rows = Math.max(1, (int) Math.ceil(height / cell));
        if (head.length < cols * rows) head = new int[cols * rows];
        Arrays.fill(head, 0, cols * rows, -1);
        if (next.length < count) next = new int[Math.max(count, next.length * 3 / 2)];
        for (int i = 0; i < count; i++) {
            int c = (int) Math.floor(xs[i] / cell), r = (int) Math.floor(ys[i] / cell);
            if (c < 0 || r < 0 || c >= cols || r >= rows || Double.isNaN(xs[i])) continue;
            int h = r * cols + c;
            next[i] = head[h];
            head[h] = i;
        }
    }

    /** The point nearest (x, y) within {@code radius}, or −1; ties go to the later index (drawn on top). */
    int nearest(double x, double y, double radius) {
        if (xs == null) return -1;
        int c0 = (int) Math.floor((x - radius) / cell), c1 = (int) Math.floor((x + radius) / cell);
        int r0 = (int) Math.floor((y - radius) / cell), r1 = (int) Math.floor((y + radius) / cell);
        int best = -1;
        double bestD = radius * radius;
        for (int r = Math.max(0, r0); r <= Math.min(rows - 1, r1); r++) {
            for (int c = Math.max(0, c0); c <= Math.min(cols - 1, c1); c++) {
                for (int i = head[r * cols + c]; i >= 0; i = next[i]) {
                    double dx = xs[i] - x, dy = ys[i] - y, d = dx * dx + dy * dy;
                    if (d < bestD || (d == bestD && i > best)) {
                        bestD = d;
                        best = i;
                    }
                }
            }
        }
        return best;
    }

    int count() {
        return count;
    }
}
