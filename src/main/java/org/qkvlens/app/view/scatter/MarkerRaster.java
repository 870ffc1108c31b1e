package org.qkvlens.app.view.scatter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The 2D scatter's markers as one image: sprites blended into an int array on the FX thread, handed to JavaFX as a
 * PixelBuffer shown by an ImageView. Drawn front to back: each blit and line goes <em>under</em> what is there
 * (premultiplied destination-over), so callers draw the topmost first; a pixel that is already (nearly) opaque is
 * skipped at the cost of one load, which at 100,000 overlapping markers is most pixels. The picture equals
 * back-to-front source-over but for rounding, and for contributions under 1.2% of a pixel left out. The render thread then draws one texture, whatever
 * the number of points; 10,000 canvas shapes would be 10,000 commands for it (and, on the software pipeline,
 * 10,000 rasterized paths). Sized in device pixels (the window's output scale), so markers stay sharp on HiDPI.
 */
final class MarkerRaster {
    final ImageView view = new ImageView();
    private int width, height;
    private double scale = 1;
    /** Logical position of the raster's top-left corner in the view: it covers the plot only. */
    private double ox, oy;
    private int[] pixels = new int[0];
    private IntBuffer buffer;
    private PixelBuffer<IntBuffer> pixelBuffer;

    MarkerRaster() {
        view.setSmooth(false);
        view.setMouseTransparent(true);
    }

    /**
     * Covers the logical area x, y, w × h (the plot) at {@code scale} device pixels per logical pixel; reallocates only
     * when the size changes.
     */
    void resize(double x, double y, double w, double h, double scale) {
        ox = Math.floor(x * scale) / scale;             // on a device pixel, so markers stay sharp
        oy = Math.floor(y * scale) / scale;
        view.setLayoutX(ox);
        view.setLayoutY(oy);
        int dw = Math.max(1, (int) Math.ceil((x + w) * scale - ox * scale));
        int dh = Math.max(1, (int) Math.ceil((y + h) * scale - oy * scale));
        if (dw == width && dh == height && scale == this.scale) return;
        width = dw;
        height = dh;
        this.scale = scale;
        pixels = new int[dw * dh];
        buffer = ByteBuffer.allocateDirect(dw * dh * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
        pixelBuffer = new PixelBuffer<>(dw, dh, buffer, PixelFormat.getIntArgbPreInstance());
        view.setImage(new WritableImage(pixelBuffer));
        view.setFitWidth(dw / scale);
        view.setFitHeight(dh / scale);
    }

    double scale() {
        return scale;
    }

    void clear() {
        Arrays.fill(pixels, 0);
    }

    /** Puts a sprite centred at logical (x, y) under what is drawn, clipped to the logical rectangle [x0, x1) × [y0, y1). */
    void blit(MarkerSprites.Sprite s, double x, double y, double x0, double y0, double x1, double y1) {
        x -= ox;
        y -= oy;
        x0 -= ox;
        y0 -= oy;
        x1 -= ox;
        y1 -= oy;
        int size = s.size(), half = size / 2;
        int left = (int) Math.round(x * scale) - half, top = (int) Math.round(y * scale) - half;
        int cx0 = Math.max(0, (int) Math.ceil(x0 * scale)), cy0 = Math.max(0, (int) Math.ceil(y0 * scale));
        int cx1 = Math.min(width, (int) Math.floor(x1 * scale)), cy1 = Math.min(height, (int) Math.floor(y1 * scale));
        int fromX = Math.max(left, cx0), toX = Math.min(left + size, cx1);
        int fromY = Math.max(top, cy0), toY = Math.min(top + size, cy1);
        if (fromX >= toX || fromY >= toY) return;
        int[] src = s.pixels(), rows = s.rows(), dst = pixels;
        for (int py = fromY; py < toY; py++) {
            int r = (py - top) * 4;
            int a = Math.max(fromX, left + rows[r]), b = Math.min(toX, left + rows[r + 3]);
            if (a >= b) continue;
            int d = py * width, sr = (py - top) * size - left;
            for (int px = a; px < b; px++) under(dst, d + px, src[sr + px]);
        }
    }

    /** Alpha at or above which a pixel counts as covered: what is drawn under it changes it by at most 3/255. */
    private static final int COVERED = 252;

    /** Premultiplied destination-over: colour c goes under dst[i]. */
    private static void under(int[] dst, int i, int c) {
        int b = dst[i], da = b >>> 24;
        if (da >= COVERED || c == 0) return;
        if (da == 0) {
            dst[i] = c;
            return;
        }
        int ia = 255 - da;
        int rb = ((c & 0x00ff00ff) * ia >>> 8) & 0x00ff00ff;
        int ag = (((c >>> 8) & 0x00ff00ff) * ia) & 0xff00ff00;
        dst[i] = b + (rb | ag);
    }

    /**
     * An antialiased one-device-pixel line (Xiaolin Wu) from (ax, ay) to (bx, by), colour rgb at opacity alpha, under
     * what is drawn, clipped to the logical rectangle [x0, x1) × [y0, y1).
     */
    void line(double ax, double ay, double bx, double by, int rgb, double alpha, double x0, double y0, double x1, double y1) {
        double px0 = (ax - ox) * scale, py0 = (ay - oy) * scale, px1 = (bx - ox) * scale, py1 = (by - oy) * scale;
        x0 -= ox;
        y0 -= oy;
        x1 -= ox;
        y1 -= oy;
        clipX0 = Math.max(0, (int) Math.ceil(x0 * scale));
        clipY0 = Math.max(0, (int) Math.ceil(y0 * scale));
        clipX1 = Math.min(width, (int) Math.floor(x1 * scale));
        clipY1 = Math.min(height, (int) Math.floor(y1 * scale));
        boolean steep = Math.abs(py1 - py0) > Math.abs(px1 - px0);
        if (steep) {
            double t = px0; px0 = py0; py0 = t;
            t = px1; px1 = py1; py1 = t;
        }
        if (px0 > px1) {
            double t = px0; px0 = px1; px1 = t;
            t = py0; py0 = py1; py1 = t;
        }
        double dx = px1 - px0, grad = dx < 1e-9 ? 0 : (py1 - py0) / dx;
        int from = (int) Math.round(px0), to = (int) Math.round(px1);
        from = Math.max(from, steep ? clipY0 : clipX0);          // only the part inside the clip along the major axis
        to = Math.min(to, (steep ? clipY1 : clipX1) - 1);
        double y = py0 + grad * (from - px0);
        int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
        for (int x = from; x <= to; x++, y += grad) {
            int yi = (int) Math.floor(y);
            double f = y - yi;
            if (steep) {
                plot(yi, x, r, g, b, (1 - f) * alpha);
                plot(yi + 1, x, r, g, b, f * alpha);
            } else {
                plot(x, yi, r, g, b, (1 - f) * alpha);
                plot(x, yi + 1, r, g, b, f * alpha);
            }
        }
    }

    private int clipX0, clipY0, clipX1, clipY1;

    private void plot(int x, int y, int r, int g, int b, double coverage) {
        if (x < clipX0 || y < clipY0 || x >= clipX1 || y >= clipY1) return;
        int a = (int) (coverage * 255 + 0.5);
        if (a <= 0) return;
        under(pixels, y * width + x, a << 24 | (r * a / 255) << 16 | (g * a / 255) << 8 | b * a / 255);
    }

    /** The pixels drawn since the last clear, premultiplied ARGB, row by row (tests). */
    int[] pixels() {
        return pixels;
    }

    int width() {
        return width;
    }

    /** Hands the pixels to JavaFX; shown from the next pulse. */
    void publish() {
        buffer.clear();
        buffer.put(pixels);
        buffer.flip();
        pixelBuffer.updateBuffer(b -> null);
    }
}
