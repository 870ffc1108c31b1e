package org.qkvlens.app.draw;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * One figure as a list of drawing operations, {@code width × height} layout pixels on white: the description a view's
 * painter produced through a {@link Recorder}, which the SVG and PDF writers turn into files on any thread (every
 * operation is an immutable value). Text is already resolved to its alphabetic baseline with the screen's font metrics,
 * so a writer only anchors it horizontally. Leaves out the drawing itself: {@link #replay} hands the operations to a
 * {@link Pen}.
 */
public record Drawing(double width, double height, List<Op> ops) {
    public Drawing {
        if (!(width > 0 && height > 0)) throw new IllegalArgumentException("drawing of " + width + " × " + height);
        ops = List.copyOf(ops);
    }

    /** An operation: a change of state or a {@link Shape} drawn with the current state. */
    public sealed interface Op permits Save, Restore, Translate, Scale, Rotate, Transform, ClipRect, Fill, Stroke, LineWidth,
            Dashes, FontOp, Align, Shape {
    }

    /** What leaves a mark; every writer must draw each kind (tests check this through the permitted kinds). */
    public sealed interface Shape extends Op permits Rect, RoundRect, Line, Oval, Poly, Text {
    }

    public record Save() implements Op {
    }

    public record Restore() implements Op {
    }

    public record Translate(double x, double y) implements Op {
    }

    public record Scale(double x, double y) implements Op {
    }

    /** Clockwise on screen, in degrees. */
    public record Rotate(double degrees) implements Op {
    }

    /** (x, y) → (mxx·x + mxy·y + tx, myx·x + myy·y + ty), after the current transform. */
    public record Transform(double mxx, double myx, double mxy, double myy, double tx, double ty) implements Op {
    }

    /** Draw only inside this rectangle (current coordinates) until the matching restore; see {@link Pen#clipRect}. */
    public record ClipRect(double x, double y, double w, double h) implements Op {
    }

    public record Fill(Paint paint) implements Op {
    }

    public record Stroke(Paint paint) implements Op {
    }

    public record LineWidth(double width) implements Op {
    }

    public record Dashes(List<Double> lengths) implements Op {
        public Dashes {
            lengths = List.copyOf(lengths);
        }
    }

    public record FontOp(Font font) implements Op {
    }

    public record Align(TextAlignment align) implements Op {
    }

    /** A rectangle filled with the fill paint or outlined with the stroke. */
    public record Rect(double x, double y, double w, double h, boolean stroked) implements Shape {
    }

    /** A filled rectangle with rounded corners ({@code arcW}, {@code arcH}: the corner ellipse's diameters). */
    public record RoundRect(double x, double y, double w, double h, double arcW, double arcH) implements Shape {
    }

    public record Line(double x1, double y1, double x2, double y2) implements Shape {
    }

    /** The ellipse inside the box, filled or outlined. */
    public record Oval(double x, double y, double w, double h, boolean stroked) implements Shape {
    }

    /** A filled polygon ({@code stroked} false) or an open polyline. */
    public record Poly(List<Double> xs, List<Double> ys, boolean stroked) implements Shape {
        public Poly {
            xs = List.copyOf(xs);
            ys = List.copyOf(ys);
            if (xs.size() != ys.size()) throw new IllegalArgumentException(xs.size() + " x, " + ys.size() + " y");
        }
    }

    /** Text whose alphabetic baseline is at {@code y}, anchored at {@code x} by the current alignment. */
    public record Text(String text, double x, double y) implements Shape {
    }

    /** Hands every operation to {@code pen}, text on its baseline. */
    public void replay(Pen pen) {
        pen.setTextBaseline(VPos.BASELINE);
        for (Op op : ops) {
            switch (op) {
                case Save s -> pen.save();
                case Restore r -> pen.restore();
                case Translate t -> pen.translate(t.x(), t.y());
                case Scale s -> pen.scale(s.x(), s.y());
                case ClipRect c -> pen.clipRect(c.x(), c.y(), c.w(), c.h());
                case Rotate r -> pen.rotate(r.degrees());
                case Transform t -> pen.transform(t.mxx(), t.myx(), t.mxy(), t.myy(), t.tx(), t.ty());
                case Fill f -> pen.setFill(f.paint());
                case Stroke s -> pen.setStroke(s.paint());
                case LineWidth w -> pen.setLineWidth(w.width());
                case Dashes d -> pen.setLineDashes(d.lengths().stream().mapToDouble(Double::doubleValue).toArray());
                case FontOp f -> pen.setFont(f.font());
                case Align a -> pen.setTextAlign(a.align());
                case Rect r -> {
                    if (r.stroked()) pen.strokeRect(r.x(), r.y(), r.w(), r.h());
                    else pen.fillRect(r.x(), r.y(), r.w(), r.h());
                }
                case RoundRect r -> pen.fillRoundRect(r.x(), r.y(), r.w(), r.h(), r.arcW(), r.arcH());
                case Line l -> pen.strokeLine(l.x1(), l.y1(), l.x2(), l.y2());
                case Oval o -> {
                    if (o.stroked()) pen.strokeOval(o.x(), o.y(), o.w(), o.h());
                    else pen.fillOval(o.x(), o.y(), o.w(), o.h());
                }
                case Poly p -> {
                    double[] xs = p.xs().stream().mapToDouble(Double::doubleValue).toArray();
                    double[] ys = p.ys().stream().mapToDouble(Double::doubleValue).toArray();
                    if (p.stroked()) pen.strokePolyline(xs, ys, xs.length);
                    else pen.fillPolygon(xs, ys, xs.length);
                }
                case Text t -> pen.fillText(t.text(), t.x(), t.y());
            }
        }
    }

    /** The shapes only (tests compare what two paints drew). */
    public List<Shape> shapes() {
        List<Shape> out = new ArrayList<>();
        for (Op op : ops) if (op instanceof Shape s) out.add(s);
        return out;
    }
}
