package org.qkvlens.app.draw;

import javafx.geometry.VPos;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * What the figure painters draw with: the part of JavaFX's GraphicsContext they use (state stack, transform, paints,
 * lines, rectangles, ovals, polygons, text with an anchor), so one painting method serves the screen and the PNG
 * ({@link FxPen}) and the vector files (a {@link Recorder} makes a {@link Drawing} that the SVG and PDF writers replay).
 * Coordinates are layout pixels. Leaves out images, paths with curves and clipping to anything but a rectangle: no
 * figure needs them yet.
 */
public interface Pen {
    void save();

    void restore();

    void translate(double x, double y);

    void scale(double x, double y);

    /** Turns by {@code degrees}, clockwise on screen (y points down), like GraphicsContext. */
    void rotate(double degrees);

    /** Concatenates the affine transform (x, y) → (mxx·x + mxy·y + tx, myx·x + myy·y + ty), like GraphicsContext. */
    void transform(double mxx, double myx, double mxy, double myy, double tx, double ty);

    /**
     * From now until the matching {@link #restore}, draws only inside the rectangle (in the current coordinates; under
     * a rotation, inside its bounding box), intersected with any clip already set — GraphicsContext's rect + clip.
     */
    void clipRect(double x, double y, double w, double h);

    /** A Color, or a LinearGradient (vector files: proportional, along one axis, for rectangles). */
    void setFill(Paint paint);

    void setStroke(Paint paint);

    void setLineWidth(double width);

    /** Dash lengths; none for a solid line. */
    void setLineDashes(double... dashes);

    void setFont(Font font);

    void setTextAlign(TextAlignment align);

    void setTextBaseline(VPos baseline);

    void fillRect(double x, double y, double w, double h);

    void strokeRect(double x, double y, double w, double h);

    void fillRoundRect(double x, double y, double w, double h, double arcWidth, double arcHeight);

    void strokeLine(double x1, double y1, double x2, double y2);

    void fillOval(double x, double y, double w, double h);

    void strokeOval(double x, double y, double w, double h);

    void fillPolygon(double[] xs, double[] ys, int n);

    void strokePolyline(double[] xs, double[] ys, int n);

    /** Text anchored at ({@code x}, {@code y}) by the current alignment and baseline. */
    void fillText(String text, double x, double y);

    /** Like {@link #fillText(String, double, double)}, squeezed sideways to {@code maxWidth} when wider (GraphicsContext). */
    void fillText(String text, double x, double y, double maxWidth);
}
