package org.qkvlens.app.view.scatter;

import java.util.Arrays;

/**
 * Greedy label decluttering: candidates come in priority order (the highlighted token's and the selected sentences'
 * first, see ScatterItems); each label tries four spots around its point (right, left, above, below) and takes the
 * first that overlaps no label placed so far and stays inside the area, else it is left out: no two labels ever
 * overlap. Placed boxes live in a coarse grid of occupied cells so each test looks at a few cells. At most
 * {@link #MAX_LABELS} labels and {@link #MAX_TRIES} candidates per frame, so the cost is bounded at 100,000 points;
 * zooming in spreads the points and more labels fit. Leaves out overlap with markers. Allocation-free once grown.
 */
final class LabelPlacer {
    static final int MAX_LABELS = 300;
    static final int MAX_TRIES = 4000;
    private static final double CELL = 48;
    private static final double GAP = 5;

    private double x0, y0, x1, y1;
    private int cols, rows;
    private int[] head = new int[0];
    private int[] next = new int[MAX_LABELS * 9];
    private int[] owner = new int[MAX_LABELS * 9];
    private int links;
    /** Placed labels: top-left corner and size. */
    final double[] lx = new double[MAX_LABELS];
    final double[] ly = new double[MAX_LABELS];
    final double[] lw = new double[MAX_LABELS];
    final double[] lh = new double[MAX_LABELS];
    /** What each placed label belongs to (the caller's index). */
    final int[] item = new int[MAX_LABELS];
    int placed;
    private int tries;

    /** Starts a frame: labels must stay inside [x0, x1] × [y0, y1]. */
    void reset(double x0, double y0, double x1, double y1) {
        this.x0 = x0;
        this.y0 = y0;
        this.x1 = x1;
        this.y1 = y1;
        cols = Math.max(1, (int) Math.ceil((x1 - x0) / CELL));
        rows = Math.max(1, (int) Math.ceil((y1 - y0) / CELL));
        if (head.length < cols * rows) head = new int[cols * rows];
        Arrays.fill(head, 0, cols * rows, -1);
        links = 0;
        placed = 0;
        tries = 0;
    }

    boolean full() {
        return placed >= MAX_LABELS || tries >= MAX_TRIES;
    }

    /** Tries to label the point at (px, py), marker radius r, with a w × h box; returns true when placed. */
    boolean place(int id, double px, double py, double r, double w, double h) {
        if (full()) return false;
        tries++;
        for (int spot = 0; spot < 4; spot++) {
            double x, y;
            switch (spot) {
                case 0 -> { x = px + r + 2; y = py - h / 2; }
                case 1 -> { x = px - r - 2 - w; y = py - h / 2; }
                case 2 -> { x = px - w / 2; y = py - r - 1 - h; }
                default -> { x = px - w / 2; y = py + r + 1; }
            }
            if (x < x0 || y < y0 || x + w > x1 || y + h > y1) continue;
            if (overlaps(x, y, w, h)) continue;
            add(id, x, y, w, h);
            return true;
        }
        return false;
    }

    /** Marks a box (an axis name, say) that labels must not cover; it is not a label. */
    void block(double x, double y, double w, double h) {
        if (placed < MAX_LABELS) add(-1, x, y, w, h);
    }

    private boolean overlaps(double x, double y, double w, double h) {
        int c0 = col(x - GAP), c1 = col(x + w + GAP), r0 = row(y), r1 = row(y + h);
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                for (int k = head[r * cols + c]; k >= 0; k = next[k]) {
                    int o = owner[k];
                    if (x < lx[o] + lw[o] + GAP && lx[o] < x + w + GAP && y < ly[o] + lh[o] && ly[o] < y + h) return true;
                }
            }
        }
        return false;
    }

    private void add(int id, double x, double y, double w, double h) {
        int o = placed++;
        lx[o] = x;
        ly[o] = y;
        lw[o] = w;
        lh[o] = h;
        item[o] = id;
        int c0 = col(x), c1 = col(x + w), r0 = row(y), r1 = row(y + h);
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                if (links >= next.length) {         // labels wider than 3 cells: grow, every cell must know its boxes
                    next = Arrays.copyOf(next, links * 2);
                    owner = Arrays.copyOf(owner, links * 2);
                }
                owner[links] = o;
                next[links] = head[r * cols + c];
                head[r * cols + c] = links++;
            }
        }
    }

    private int col(double x) {
        return Math.max(0, Math.min(cols - 1, (int) Math.floor((x - x0) / CELL)));
    }

    private int row(double y) {
        return Math.max(0, Math.min(rows - 1, (int) Math.floor((y - y0) / CELL)));
    }
}
