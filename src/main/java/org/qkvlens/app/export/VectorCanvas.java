package org.qkvlens.app.export;

import java.awt.geom.AffineTransform;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.qkvlens.app.draw.Drawing;

/**
 * What the SVG and PDF writers share: walking a {@link Drawing} with GraphicsContext's rules for state (save and
 * restore of transform, paints, line width, dashes, font and alignment) and handing each shape, with the state it is
 * drawn in, to the writer. Leaves out the file formats.
 */
abstract class VectorCanvas {
    /** The drawing state of one shape; the transform maps layout pixels to the figure's top-left frame. */
    static final class State {
        AffineTransform transform = new AffineTransform();
        Paint fill = Color.BLACK, stroke = Color.BLACK;
        double lineWidth = 1;
        List<Double> dashes = List.of();
        Font font = Font.getDefault();
        TextAlignment align = TextAlignment.LEFT;
        /** Where shapes may mark, in the figure's frame (x, y, w, h); null: anywhere. */
        java.awt.geom.Rectangle2D clip;

        State copy() {
            State s = new State();
            s.transform = new AffineTransform(transform);
            s.fill = fill;
            s.stroke = stroke;
            s.lineWidth = lineWidth;
            s.dashes = dashes;
            s.font = font;
            s.align = align;
            s.clip = clip;                                    // replaced, never changed in place
            return s;
        }

        boolean bold() {
            String style = font.getStyle().toLowerCase(java.util.Locale.ROOT);
            return style.contains("bold") || style.contains(FontWeight.BLACK.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Walks the drawing, calling {@link #shape} for each shape. */
    final void walk(Drawing drawing) {
        State state = new State();
        Deque<State> saved = new ArrayDeque<>();
        for (Drawing.Op op : drawing.ops()) {
            switch (op) {
                case Drawing.Save s -> saved.push(state.copy());
                case Drawing.Restore r -> {
                    if (!saved.isEmpty()) state = saved.pop();
                }
                case Drawing.Translate t -> state.transform.translate(t.x(), t.y());
                case Drawing.Scale s -> state.transform.scale(s.x(), s.y());
                case Drawing.Rotate r -> state.transform.rotate(Math.toRadians(r.degrees()));
                case Drawing.Transform t -> state.transform.concatenate(new AffineTransform(t.mxx(), t.myx(), t.mxy(), t.myy(), t.tx(), t.ty()));
                case Drawing.ClipRect c -> {
                    java.awt.geom.Rectangle2D r = state.transform.createTransformedShape(
                            new java.awt.geom.Rectangle2D.Double(c.x(), c.y(), c.w(), c.h())).getBounds2D();
                    state.clip = state.clip == null ? r : state.clip.createIntersection(r);
                }
                case Drawing.Fill f -> state.fill = f.paint();
                case Drawing.Stroke s -> state.stroke = s.paint();
                case Drawing.LineWidth w -> state.lineWidth = w.width();
                case Drawing.Dashes d -> state.dashes = d.lengths();
                case Drawing.FontOp f -> state.font = f.font();
                case Drawing.Align a -> state.align = a.align();
                case Drawing.Shape s -> {
                    if (state.clip == null || !state.clip.isEmpty()) shape(s, state);   // an empty clip shows nothing
                }
            }
        }
    }

    /** Draws one shape in {@code state} (read it, do not keep it). */
    abstract void shape(Drawing.Shape shape, State state);

    /** A colour for a writer that cannot paint the paint (a gradient outside a rectangle): its first stop. */
    static Color solid(Paint p) {
        if (p instanceof Color c) return c;
        if (p instanceof javafx.scene.paint.LinearGradient g && !g.getStops().isEmpty()) return g.getStops().getFirst().getColor();
        return Color.BLACK;
    }
}
