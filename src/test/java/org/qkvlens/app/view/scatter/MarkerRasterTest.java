package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.figure.Marker;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * MarkerRaster's front-to-back compositing held to a plain back-to-front source-over in doubles: many overlapping
 * translucent and opaque sprites, the raster placed away from the view's origin and clipped, as the 2D view uses it.
 */
@ExtendWith(ApplicationExtension.class)
class MarkerRasterTest {

    @Test
    void frontToBackEqualsBackToFrontSourceOver() throws Exception {
        org.testfx.util.WaitForAsyncUtils.asyncFx(() -> {
            check();
            return null;
        }).get();
    }

    private static void check() {
        MarkerSprites sprites = new MarkerSprites();
        MarkerRaster raster = new MarkerRaster();
        double ox = 30, oy = 20, w = 80, h = 50;
        raster.resize(ox, oy, w, h, 1);
        raster.clear();
        Random rnd = new Random(3);
        int n = 600;
        MarkerSprites.Sprite[] drawn = new MarkerSprites.Sprite[n];
        double[] xs = new double[n], ys = new double[n];
        Marker[] markers = Marker.values();
        for (int i = 0; i < n; i++) {
            Color c = Color.hsb(rnd.nextDouble() * 360, 0.8, 0.8, i % 3 == 0 ? 1 : 0.2 + 0.6 * rnd.nextDouble());
            drawn[i] = sprites.sprite(markers[i % markers.length], c, 3 + rnd.nextInt(3), 1);
            xs[i] = ox - 5 + rnd.nextDouble() * (w + 10);
            ys[i] = oy - 5 + rnd.nextDouble() * (h + 10);
        }
        double cx0 = ox + 1, cy0 = oy + 1, cx1 = ox + w - 1, cy1 = oy + h - 1;
        for (int i = n - 1; i >= 0; i--) raster.blit(drawn[i], xs[i], ys[i], cx0, cy0, cx1, cy1);   // topmost first
        // reference: sprites in drawing order, source-over, in doubles
        int width = raster.width(), height = raster.pixels().length / width;
        double[][] ref = new double[width * height][4];
        for (int i = 0; i < n; i++) {
            MarkerSprites.Sprite s = drawn[i];
            int size = s.size(), left = (int) Math.round(xs[i]) - size / 2, top = (int) Math.round(ys[i]) - size / 2;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int vx = left + x, vy = top + y;                        // view coordinates
                    if (vx < cx0 || vy < cy0 || vx >= cx1 || vy >= cy1) continue;
                    int c = s.pixels()[y * size + x];
                    double a = (c >>> 24) / 255.0;
                    double[] d = ref[(vy - (int) oy) * width + vx - (int) ox];
                    for (int k = 0; k < 4; k++) {
                        double sc = (c >>> (24 - 8 * k) & 0xff) / 255.0;
                        d[k] = sc + d[k] * (1 - a);
                    }
                }
            }
        }
        int[] px = raster.pixels();
        int worst = 0, covered = 0;
        for (int i = 0; i < px.length; i++) {
            if (ref[i][0] > 0.5) covered++;
            for (int k = 0; k < 4; k++) {
                int got = px[i] >>> (24 - 8 * k) & 0xff;
                worst = Math.max(worst, Math.abs(got - (int) Math.round(ref[i][k] * 255)));
            }
        }
        assertTrue(covered > px.length / 2, "the sprites overlap and cover most of the raster: " + covered);
        assertTrue(worst <= 6, "largest difference from source-over, in 1/255: " + worst);
    }
}
