package org.qkvlens.app.draw;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.scene.text.TextBoundsType;

/**
 * A {@link Pen} that writes down what a painter draws as a {@link Drawing}, for the vector files. Text anchored at its
 * top, centre or bottom is moved to its alphabetic baseline here, with the ascent and descent JavaFX measures for the
 * font (as the GraphicsContext does on screen), so writers need no font metrics of the screen. FX thread (it measures
 * with a Text node). Leaves out drawing: it only records.
 */
public final class Recorder implements Pen {
    private final List<Drawing.Op> ops = new ArrayList<>();
    private final Deque<State> saved = new ArrayDeque<>();
    private final Map<Font, double[]> metrics = new HashMap<>();
    private State state = new State(Font.getDefault(), VPos.BASELINE);

    private record State(Font font, VPos baseline) {
    }

    /** What was drawn so far, as a figure of {@code width × height}. */
    public Drawing drawing(double width, double height) {
        return new Drawing(width, height, ops);
    }

    @Override
    public void save() {
        saved.push(state);
        ops.add(new Drawing.Save());
    }

    @Override
    public void restore() {
        if (saved.isEmpty()) return;           // like GraphicsContext: a restore without a save does nothing
        state = saved.pop();
        ops.add(new Drawing.Restore());
    }

    @Override
    public void translate(double x, double y) {
        ops.add(new Drawing.Translate(x, y));
    }

    @Override
    public void scale(double x, double y) {
        ops.add(new Drawing.Scale(x, y));
    }

    @Override
    public void rotate(double degrees) {
        ops.add(new Drawing.Rotate(degrees));
    }

    @Override
    public void transform(double mxx, double myx, double mxy, double myy, double tx, double ty) {
        ops.add(new Drawing.Transform(mxx, myx, mxy, myy, tx, ty));
    }

    @Override
    public void setFill(Paint paint) {
        ops.add(new Drawing.Fill(paint));
    }

    @Override
    public void setStroke(Paint paint) {
        ops.add(new Drawing.Stroke(paint));
    }

    @Override
    public void setLineWidth(double width) {
        ops.add(new Drawing.LineWidth(width));
    }

    @Override
    public void setLineDashes(double... dashes) {
        List<Double> d = new ArrayList<>();
        if (dashes != null) for (double x : dashes) d.add(x);
        ops.add(new Drawing.Dashes(d));
    }

    @Override
    public void setFont(Font font) {
        state = new State(font, state.baseline());
        ops.add(new Drawing.FontOp(font));
    }

    @Override
    public void setTextAlign(TextAlignment align) {
        ops.add(new Drawing.Align(align));
    }

    @Override
    public void clipRect(double x, double y, double w, double h) {
        ops.add(new Drawing.ClipRect(x, y, w, h));
    }

    @Override
    public void setTextBaseline(VPos baseline) {
        state = new State(state.font(), baseline);
    }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        ops.add(new Drawing.Rect(x, y, w, h, false));
    }

    @Override
    public void strokeRect(double x, double y, double w, double h) {
        ops.add(new Drawing.Rect(x, y, w, h, true));
    }

    @Override
    public void fillRoundRect(double x, double y, double w, double h, double arcWidth, double arcHeight) {
        ops.add(new Drawing.RoundRect(x, y, w, h, arcWidth, arcHeight));
    }

    @Override
    public void strokeLine(double x1, double y1, double x2, double y2) {
        ops.add(new Drawing.Line(x1, y1, x2, y2));
    }

    @Override
    public void fillOval(double x, double y, double w, double h) {
        ops.add(new Drawing.Oval(x, y, w, h, false));
    }

    @Override
    public void strokeOval(double x, double y, double w, double h) {
        ops.add(new Drawing.Oval(x, y, w, h, true));
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n) {
        ops.add(poly(xs, ys, n, false));
    }

    @Override
    public void strokePolyline(double[] xs, double[] ys, int n) {
        ops.add(poly(xs, ys, n, true));
    }

    private static Drawing.Poly poly(double[] xs, double[] ys, int n, boolean stroked) {
        List<Double> x = new ArrayList<>(n), y = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            x.add(xs[i]);
            y.add(ys[i]);
        }
        return new Drawing.Poly(x, y, stroked);
    }

    @Override
    public void fillText(String text, double x, double y) {
        if (text == null || text.isEmpty()) return;
        double[] m = metrics.computeIfAbsent(state.font(), Recorder::ascentDescent);
        double ascent = m[0], descent = m[1];
        double baseline = switch (state.baseline()) {
            case TOP -> y + ascent;
            case CENTER -> y + (ascent - descent) / 2;
            case BOTTOM -> y - descent;
            case BASELINE -> y;
        };
        ops.add(new Drawing.Text(text, x, baseline));
    }

    /** Squeezed as GraphicsContext does: scaled sideways about {@code x} to {@code maxWidth} when the text is wider. */
    @Override
    public void fillText(String text, double x, double y, double maxWidth) {
        if (text == null || text.isEmpty()) return;
        double width = width(text, state.font());
        if (width <= maxWidth || maxWidth <= 0) {
            fillText(text, x, y);
            return;
        }
        save();
        translate(x, 0);
        scale(maxWidth / width, 1);
        fillText(text, 0, y);
        restore();
    }

    private static double width(String s, Font font) {
        Text t = new Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    /** The font's ascent and descent as JavaFX lays text out (logical bounds around the baseline). */
    private static double[] ascentDescent(Font font) {
        Text t = new Text("Hg");
        t.setFont(font);
        t.setBoundsType(TextBoundsType.LOGICAL);
        t.setTextOrigin(VPos.BASELINE);
        return new double[] {-t.getLayoutBounds().getMinY(), t.getLayoutBounds().getMaxY()};
    }
}
