package org.qkvlens.app.view.scatter;

import org.qkvlens.app.draw.Pen;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.paint.Color;
import org.qkvlens.app.state.PickedNeighbours;
import org.qkvlens.projection.PointKey;

/**
 * The picked point's lines to its nearest neighbours in the original space, as both scatter views draw them over
 * their markers: one colour of no sentence (violet), a ring round the picked point and a thinner one round each
 * neighbour (so a neighbour drawn right beside it, or under a label, still shows), lines thicker and more opaque for
 * nearer neighbours (3.5 pixels for the nearest down to 1 for the k-th). {@link #resolve} finds the items drawing the
 * picked point and its neighbours once per change (frame or neighbours), {@link #draw} uses the items' screen positions
 * of the frame being drawn, so the lines glide with the markers. Neighbours whose snapshot is not drawn get no line.
 * FX thread only.
 */
final class NeighbourLines {
    static final Color COLOR = Color.web("#7B1FA2");
    private static final int RGB = 0x7B1FA2;

    /** The picked point's item, or −1 (nothing picked, or not drawn). */
    int from = -1;
    /** Items of the drawn neighbours, nearest first, and their ranks among all the neighbours (0 = nearest). */
    int[] to = new int[0];
    int[] rank = new int[0];
    int count;
    private int k;

    /** Finds the items of the picked point and its neighbours among the glide's items. */
    void resolve(Glide glide, PickedNeighbours n) {
        from = -1;
        count = 0;
        if (n == null || n.picked() == null || n.neighbours().isEmpty()) return;
        k = n.neighbours().size();
        Map<PointKey, Integer> rankOf = new HashMap<>(k * 2);
        for (int r = 0; r < k; r++) rankOf.put(n.neighbours().get(r), r);
        int[] itemOf = new int[k];
        java.util.Arrays.fill(itemOf, -1);
        ScatterData d = glide.data();
        for (int i = 0; i < glide.count; i++) {
            PointKey key = d.points[glide.point[i]].key();
            if (key.equals(n.picked())) from = i;
            Integer r = rankOf.get(key);
            if (r != null) itemOf[r] = i;
        }
        if (to.length < k) {
            to = new int[k];
            rank = new int[k];
        }
        for (int r = 0; r < k; r++) {
            if (itemOf[r] < 0) continue;
            to[count] = itemOf[r];
            rank[count++] = r;
        }
    }

    /** Whether there is anything to draw. */
    boolean any() {
        return from >= 0 && count > 0;
    }

    /** Opacity of the line to the neighbour of rank r (0 = nearest) of k. */
    static double alpha(int r, int k) {
        return 0.95 - 0.35 * r / Math.max(1.0, k - 1.0);
    }

    /** Radius of the small ring round each neighbour, for the picked point's ring radius {@code ring}. */
    static double smallRing(double ring) {
        return Math.max(3, ring - 3);
    }

    /** Line width in pixels to the neighbour of rank r (0 = nearest) of k. */
    static double width(int r, int k) {
        return k <= 1 ? 3.5 : 3.5 - 2.5 * r / (k - 1.0);
    }

    /**
     * The ring and lines into {@code raster} at the items' screen positions (NaN: behind the camera, skipped),
     * clipped to [x0, x1) × [y0, y1). The raster draws under what is there, so the nearest (drawn first) is on top.
     */
    void draw(MarkerRaster raster, MarkerSprites sprites, double[] sx, double[] sy, double ring, double x0, double y0,
              double x1, double y1) {
        if (!any() || Double.isNaN(sx[from])) return;
        double ax = sx[from], ay = sy[from];
        raster.blit(sprites.ring(COLOR, ring, 2, raster.scale()), ax, ay, x0, y0, x1, y1);
        MarkerSprites.Sprite small = sprites.ring(COLOR, smallRing(ring), 1.5, raster.scale());
        for (int c = 0; c < count; c++) {
            int i = to[c];
            double bx = sx[i], by = sy[i];
            if (Double.isNaN(bx)) continue;
            raster.blit(small, bx, by, x0, y0, x1, y1);
            double len = Math.hypot(bx - ax, by - ay);
            if (len < 1e-9) continue;
            double w = width(rank[c], k), alpha = alpha(rank[c], k);
            double nx = -(by - ay) / len, ny = (bx - ax) / len;
            int strokes = Math.max(1, (int) Math.round(w / 0.7));
            for (int s = 0; s < strokes; s++) {
                double off = strokes == 1 ? 0 : -w / 2 + w * s / (strokes - 1.0);
                raster.line(ax + nx * off, ay + ny * off, bx + nx * off, by + ny * off, RGB, alpha, x0, y0, x1, y1);
            }
        }
    }
    /**
     * The same ring and lines as {@link #draw(MarkerRaster, MarkerSprites, double[], double[], double, double, double,
     * double, double)}, as vector shapes through {@code g}, back to front (the nearest on top).
     */
    void draw(Pen g, double[] sx, double[] sy, double ring) {
        if (!any() || Double.isNaN(sx[from])) return;
        double ax = sx[from], ay = sy[from], small = smallRing(ring);
        for (int c = count - 1; c >= 0; c--) {
            int i = to[c];
            double bx = sx[i], by = sy[i];
            if (Double.isNaN(bx)) continue;
            g.setStroke(COLOR.deriveColor(0, 1, 1, alpha(rank[c], k)));
            g.setLineWidth(width(rank[c], k));
            g.strokeLine(ax, ay, bx, by);
            g.setStroke(COLOR);
            g.setLineWidth(1.5);
            g.strokeOval(bx - small, by - small, 2 * small, 2 * small);
        }
        g.setStroke(COLOR);
        g.setLineWidth(2);
        g.strokeOval(ax - ring, ay - ring, 2 * ring, 2 * ring);
    }
}
