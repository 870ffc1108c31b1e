package org.qkvlens.app.view.scatter;

import java.util.HashMap;
import java.util.Map;
import javafx.scene.paint.Color;
import org.qkvlens.app.figure.Marker;

/**
 * Pre-rasterized markers for {@link MarkerRaster}: each marker shape, colour, size and pixel scale once, as
 * premultiplied ARGB pixels with 4×4-supersampled edges, cached. The shapes match ScatterPainter2D's vector markers
 * (used for exports and the legend).
 */
final class MarkerSprites {
    private static final int SUB = 4;
    private final Map<Key, Sprite> cache = new HashMap<>();

    /**
     * A size × size block of premultiplied ARGB pixels centred on the point, and per row (4 ints each) where its
     * visible pixels are: {@code [lo, hi)} holds every non-transparent one, {@code [olo, ohi)} (inside it, maybe empty)
     * the longest run of opaque ones, which a blit copies instead of blending.
     */
    record Sprite(int size, int[] pixels, int[] rows) {
        static Sprite of(int size, int[] pixels) {
            int[] rows = new int[size * 4];
            for (int y = 0; y < size; y++) {
                int lo = size, hi = 0, olo = 0, ohi = 0;
                for (int x = 0, run = -1; x <= size; x++) {
                    int a = x < size ? pixels[y * size + x] >>> 24 : 0;
                    if (a != 0) {
                        lo = Math.min(lo, x);
                        hi = x + 1;
                    }
                    if (a == 255 && run < 0) run = x;
                    if (a != 255 && run >= 0) {
                        if (x - run > ohi - olo) {
                            olo = run;
                            ohi = x;
                        }
                        run = -1;
                    }
                }
                rows[y * 4] = Math.min(lo, hi);
                rows[y * 4 + 1] = olo;
                rows[y * 4 + 2] = ohi;
                rows[y * 4 + 3] = hi;
            }
            return new Sprite(size, pixels, rows);
        }
    }

    private record Key(Marker marker, int argb, double radius, double scale) {
    }

    private static final int ARROW_DIRECTIONS = 48;
    private Sprite[][][] arrows = new Sprite[64][11][ARROW_DIRECTIONS];
    private double arrowSize, arrowScale;

    /**
     * A filled arrowhead of length {@code size} in sentence colour {@code slot} at opacity level/10, pointing at
     * {@code angle} (radians, screen coordinates), centred on the middle of its axis; 48 directions per turn. Cached
     * in arrays, so a frame with hundreds of arrowheads allocates nothing.
     */
    Sprite arrow(int slot, int level, double angle, double size, double scale) {
        if (size != arrowSize || scale != arrowScale) {
            arrows = new Sprite[64][11][ARROW_DIRECTIONS];
            arrowSize = size;
            arrowScale = scale;
        }
        int dir = Math.floorMod((int) Math.round(angle / (2 * Math.PI) * ARROW_DIRECTIONS), ARROW_DIRECTIONS);
        Sprite[] row = arrows[slot % 64][Math.max(0, Math.min(10, level))];
        if (row[dir] == null) {
            Color col = ScatterStyle.color(slot).deriveColor(0, 1, 1, level / 10.0);
            double a = dir * 2 * Math.PI / ARROW_DIRECTIONS;
            double[] xs = new double[3], ys = new double[3];
            arrowTriangle(0, 0, Math.cos(a), Math.sin(a), size, xs, ys);
            row[dir] = rasterize(col, size * 0.6, scale, (x, y) -> insideTriangle(xs, ys, x, y));
        }
        return row[dir];
    }

    /**
     * The arrowhead's corners into {@code xs}, {@code ys}: centred at (cx, cy), pointing along the unit vector (ux, uy),
     * tip at +size/2, base corners at −size/2 and ±0.45 size across (the raster's sprites and the vector files' shapes).
     */
    static void arrowTriangle(double cx, double cy, double ux, double uy, double size, double[] xs, double[] ys) {
        double tx = cx + ux * size / 2, ty = cy + uy * size / 2, bx = cx - ux * size / 2, by = cy - uy * size / 2;
        double w = size * 0.45;
        xs[0] = tx;
        ys[0] = ty;
        xs[1] = bx - uy * w;
        ys[1] = by + ux * w;
        xs[2] = bx + uy * w;
        ys[2] = by - ux * w;
    }

    private final Map<Key, Sprite> rings = new HashMap<>();

    /** A circle outline of radius r and line width w. */
    Sprite ring(Color c, double r, double w, double scale) {
        return rings.computeIfAbsent(new Key(Marker.CIRCLE, argb(c), r * 1000 + w, scale), k -> rasterize(c,
                r + w, scale, (x, y) -> {
                    double d = Math.sqrt(x * x + y * y);
                    return d >= r - w / 2 && d <= r + w / 2;
                }));
    }

    private static int argb(Color c) {
        return (int) Math.round(c.getOpacity() * 255) << 24 | (int) Math.round(c.getRed() * 255) << 16
                | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }

    private static boolean insideTriangle(double[] xs, double[] ys, double x, double y) {
        double d0 = (xs[1] - xs[0]) * (y - ys[0]) - (ys[1] - ys[0]) * (x - xs[0]);
        double d1 = (xs[2] - xs[1]) * (y - ys[1]) - (ys[2] - ys[1]) * (x - xs[1]);
        double d2 = (xs[0] - xs[2]) * (y - ys[2]) - (ys[0] - ys[2]) * (x - xs[2]);
        return (d0 >= 0 && d1 >= 0 && d2 >= 0) || (d0 <= 0 && d1 <= 0 && d2 <= 0);
    }

    Sprite sprite(Marker m, Color c, double r, double scale) {
        if (cache.size() > 4000) cache.clear();
        return cache.computeIfAbsent(new Key(m, argb(c), r, scale), k -> render(m, c, r, scale));
    }

    private static Sprite render(Marker m, Color c, double r, double scale) {
        return rasterize(c, r * 1.25, scale, (x, y) -> inside(m, x, y, r));
    }

    private interface Shape {
        boolean contains(double x, double y);
    }

    /** A shape reaching at most {@code extent} from its centre, 4×4 supersampled into premultiplied pixels. */
    private static Sprite rasterize(Color c, double extent, double scale, Shape shape) {
        int size = 2 * (int) Math.ceil(extent * scale + 1) + 1;     // odd: the centre pixel is the point
        double half = size / 2.0;
        int[] px = new int[size * size];
        for (int py = 0; py < size; py++) {
            for (int qx = 0; qx < size; qx++) {
                int inside = 0;
                for (int sy = 0; sy < SUB; sy++) {
                    for (int sx = 0; sx < SUB; sx++) {
                        double x = (qx + (sx + 0.5) / SUB - half) / scale;
                        double y = (py + (sy + 0.5) / SUB - half) / scale;
                        if (shape.contains(x, y)) inside++;
                    }
                }
                double a = c.getOpacity() * inside / (SUB * SUB);
                int ai = (int) Math.round(a * 255);
                if (ai == 0) continue;
                px[py * size + qx] = ai << 24 | (int) Math.round(c.getRed() * a * 255) << 16
                        | (int) Math.round(c.getGreen() * a * 255) << 8 | (int) Math.round(c.getBlue() * a * 255);
            }
        }
        return Sprite.of(size, px);
    }

    /** Whether (x, y), relative to the centre, is inside the marker: the same shapes as ScatterPainter2D.marker. */
    static boolean inside(Marker m, double x, double y, double r) {
        return switch (m) {
            case CIRCLE -> x * x + y * y <= r * r;
            case SQUARE -> Math.abs(x) <= r * 0.88 && Math.abs(y) <= r * 0.88;
            case TRIANGLE -> {
                // apex (0, −1.15r), base corners (±1.05r, 0.8r)
                if (y > r * 0.8 || y < -r * 1.15) yield false;
                double t = (y + r * 1.15) / (r * 1.95);
                yield Math.abs(x) <= t * r * 1.05;
            }
            case DIAMOND -> Math.abs(x) / r + Math.abs(y) / (r * 1.2) <= 1;
            case CROSS -> {
                double t = r * 0.32, l = r * 1.05;
                yield (Math.abs(x) <= l && Math.abs(y) <= t) || (Math.abs(x) <= t && Math.abs(y) <= l);
            }
        };
    }
}
