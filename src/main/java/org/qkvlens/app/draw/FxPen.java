package org.qkvlens.app.draw;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A {@link Pen} that hands every call to a JavaFX GraphicsContext, one to one: what the screen and the PNG show is
 * exactly what the painters drew before they were written against Pen. Leaves out everything else of the context.
 */
public final class FxPen implements Pen {
    private final GraphicsContext g;

    public FxPen(GraphicsContext g) {
        this.g = g;
    }

    @Override
    public void save() {
        g.save();
    }

    @Override
    public void restore() {
        g.restore();
    }

    @Override
    public void translate(double x, double y) {
        g.translate(x, y);
    }

    @Override
    public void scale(double x, double y) {
        g.scale(x, y);
    }

    @Override
    public void rotate(double degrees) {
        g.rotate(degrees);
    }

    @Override
    public void transform(double mxx, double myx, double mxy, double myy, double tx, double ty) {
        g.transform(mxx, myx, mxy, myy, tx, ty);
    }

    @Override
    public void clipRect(double x, double y, double w, double h) {
        g.beginPath();
        g.rect(x, y, w, h);
        g.closePath();
        g.clip();
        g.beginPath();                      // the clip path is not a path to fill later
    }

    @Override
    public void setFill(Paint paint) {
        g.setFill(paint);
    }

    @Override
    public void setStroke(Paint paint) {
        g.setStroke(paint);
    }

    @Override
    public void setLineWidth(double width) {
        g.setLineWidth(width);
    }

    @Override
    public void setLineDashes(double... dashes) {
        g.setLineDashes(dashes);
    }

    @Override
    public void setFont(Font font) {
        g.setFont(font);
    }

    @Override
    public void setTextAlign(TextAlignment align) {
        g.setTextAlign(align);
    }

    @Override
    public void setTextBaseline(VPos baseline) {
        g.setTextBaseline(baseline);
    }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        g.fillRect(x, y, w, h);
    }

    @Override
    public void strokeRect(double x, double y, double w, double h) {
        g.strokeRect(x, y, w, h);
    }

    @Override
    public void fillRoundRect(double x, double y, double w, double h, double arcWidth, double arcHeight) {
        g.fillRoundRect(x, y, w, h, arcWidth, arcHeight);
    }

    @Override
    public void strokeLine(double x1, double y1, double x2, double y2) {
        g.strokeLine(x1, y1, x2, y2);
    }

    @Override
    public void fillOval(double x, double y, double w, double h) {
        g.fillOval(x, y, w, h);
    }

    @Override
    public void strokeOval(double x, double y, double w, double h) {
        g.strokeOval(x, y, w, h);
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n) {
        g.fillPolygon(xs, ys, n);
    }

    @Override
    public void strokePolyline(double[] xs, double[] ys, int n) {
        g.strokePolyline(xs, ys, n);
    }

    @Override
    public void fillText(String text, double x, double y) {
        g.fillText(text, x, y);
    }

    @Override
    public void fillText(String text, double x, double y, double maxWidth) {
        g.fillText(text, x, y, maxWidth);
    }
}
