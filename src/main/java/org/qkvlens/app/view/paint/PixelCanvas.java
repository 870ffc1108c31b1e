package org.qkvlens.app.view.paint;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.transform.Scale;

/**
 * Readies a canvas to paint a {@code w × h} figure at {@code pixelScale} device pixels per unit (1 on screen; 2 or 4
 * for a sharper exported picture): sized in pixels, shown shrunk back to {@code w × h}, its drawing transform scaled,
 * cleared to white. The views that paint figures on canvases share it. Leaves out what is painted.
 */
public final class PixelCanvas {
    private PixelCanvas() {
    }

    /** Sizes, scales and clears {@code canvas}; returns its graphics context, ready for figure coordinates. */
    public static GraphicsContext begin(Canvas canvas, double w, double h, double pixelScale) {
        size(canvas, w, h, pixelScale);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setTransform(pixelScale, 0, 0, pixelScale, 0, 0);
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        return g;
    }

    /** Only sizes and scales {@code canvas} (an overlay painted later, transparent). */
    public static void size(Canvas canvas, double w, double h, double pixelScale) {
        canvas.setWidth(Math.ceil(w * pixelScale));
        canvas.setHeight(Math.ceil(h * pixelScale));
        canvas.getTransforms().setAll(new Scale(1 / pixelScale, 1 / pixelScale, 0, 0));
    }
}
