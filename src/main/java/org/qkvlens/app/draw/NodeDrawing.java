package org.qkvlens.app.draw;

import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Border;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.ArcTo;
import javafx.scene.shape.Circle;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.QuadCurveTo;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.Ellipse;
import javafx.scene.shape.HLineTo;
import javafx.scene.shape.Line;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.shape.VLineTo;
import javafx.scene.text.Text;
import javafx.scene.transform.Affine;
import javafx.scene.transform.NonInvertibleTransformException;
import javafx.scene.transform.Transform;
import java.util.ArrayList;
import java.util.List;

/**
 * A laid-out tree of JavaFX nodes drawn through a {@link Pen}, for the views built from nodes rather than painted on a
 * canvas (the loss chart's LineChart, the command line's scatter figure): visible nodes in paint order, each in its
 * transform relative to the root, with their opacity; regions' background fills (rounded corners kept) and border
 * strokes; text nodes on their baselines; lines, rectangles, circles, ellipses, polygons, polylines and paths of
 * straight segments. Leaves out images, canvases, clips, effects, CSS shapes of regions and curved path segments
 * (such nodes draw nothing or, for curves, a straight line); a {@link PenNode} paints itself instead of its canvas.
 * FX thread.
 */
public final class NodeDrawing {
    private NodeDrawing() {
    }

    /** The node as shown, {@code root}'s layout bounds from (0, 0). */
    public static Drawing of(Node root) {
        Bounds b = root.getLayoutBounds();
        Recorder r = new Recorder();
        r.translate(-b.getMinX(), -b.getMinY());
        Transform toRoot;
        try {
            toRoot = root.getLocalToSceneTransform().createInverse();
        } catch (NonInvertibleTransformException e) {
            throw new IllegalStateException("the " + root + " node is not drawn (scaled to nothing)", e);
        }
        draw(r, root, toRoot, 1);
        return r.drawing(Math.max(1, Math.ceil(b.getWidth())), Math.max(1, Math.ceil(b.getHeight())));
    }

    private static void draw(Pen g, Node node, Transform toRoot, double opacity) {
        if (!node.isVisible() || node.getOpacity() <= 0 || node instanceof Canvas) return;
        double alpha = opacity * node.getOpacity();
        Affine t = new Affine(toRoot);
        t.append(node.getLocalToSceneTransform());
        g.save();
        g.transform(t.getMxx(), t.getMyx(), t.getMxy(), t.getMyy(), t.getTx(), t.getTy());
        switch (node) {
            case PenNode painted -> painted.paint(g);          // at full opacity: none is faded yet
            case Region region -> region(g, region, alpha);
            case Text text -> text(g, text, alpha);
            case Shape shape -> shape(g, shape, alpha);
            default -> { }
        }
        g.restore();
        if (node instanceof Parent p && !(node instanceof PenNode)) {
            for (Node child : p.getChildrenUnmodifiable()) draw(g, child, toRoot, alpha);
        }
    }

    private static Paint faded(Paint p, double alpha) {
        if (alpha >= 1 || !(p instanceof Color c)) return p;
        return c.deriveColor(0, 1, 1, alpha);
    }

    private static void region(Pen g, Region r, double alpha) {
        double w = r.getWidth(), h = r.getHeight();
        Background bg = r.getBackground();
        if (bg != null) {
            for (BackgroundFill f : bg.getFills()) {
                if (f.getFill() == null || f.getFill() == Color.TRANSPARENT) continue;
                Insets in = f.getInsets();
                double x = in.getLeft(), y = in.getTop(), fw = w - in.getLeft() - in.getRight(), fh = h - in.getTop() - in.getBottom();
                if (fw <= 0 || fh <= 0) continue;
                g.setFill(faded(f.getFill(), alpha));
                double radius = radius(f.getRadii(), fw, fh);
                if (radius > 0) g.fillRoundRect(x, y, fw, fh, 2 * radius, 2 * radius);
                else g.fillRect(x, y, fw, fh);
            }
        }
        Border border = r.getBorder();
        if (border != null) {
            for (BorderStroke s : border.getStrokes()) {
                Insets in = s.getInsets();
                double x0 = in.getLeft(), y0 = in.getTop(), x1 = w - in.getRight(), y1 = h - in.getBottom();
                g.setLineDashes();
                // each side on its own: a region is often outlined on one side only (an axis line)
                double top = s.getWidths().getTop(), bottom = s.getWidths().getBottom();
                double left = s.getWidths().getLeft(), right = s.getWidths().getRight();
                side(g, s.getTopStroke(), top, alpha, x0, y0 + top / 2, x1, y0 + top / 2);
                side(g, s.getBottomStroke(), bottom, alpha, x0, y1 - bottom / 2, x1, y1 - bottom / 2);
                side(g, s.getLeftStroke(), left, alpha, x0 + left / 2, y0, x0 + left / 2, y1);
                side(g, s.getRightStroke(), right, alpha, x1 - right / 2, y0, x1 - right / 2, y1);
            }
        }
    }

    private static void side(Pen g, Paint paint, double width, double alpha, double ax, double ay, double bx, double by) {
        if (paint == null || paint == Color.TRANSPARENT || width <= 0) return;
        if (paint instanceof Color c && c.getOpacity() == 0) return;
        g.setStroke(faded(paint, alpha));
        g.setLineWidth(width);
        g.strokeLine(ax, ay, bx, by);
    }

    private static double radius(CornerRadii radii, double w, double h) {
        if (radii == null) return 0;
        double r = radii.getTopLeftHorizontalRadius();
        return radii.isTopLeftHorizontalRadiusAsPercentage() ? r * w : Math.min(r, Math.min(w, h) / 2);
    }

    private static void text(Pen g, Text t, double alpha) {
        if (t.getText() == null || t.getText().isEmpty() || t.getFill() == null) return;
        Bounds b = t.getLayoutBounds();
        String[] lines = t.getText().split("\n", -1);
        double lineHeight = b.getHeight() / lines.length;
        g.setFont(t.getFont());
        g.setFill(faded(t.getFill(), alpha));
        g.setTextAlign(javafx.scene.text.TextAlignment.LEFT);
        g.setTextBaseline(javafx.geometry.VPos.BASELINE);
        double baseline = b.getMinY() + t.getBaselineOffset();
        for (int i = 0; i < lines.length; i++) if (!lines[i].isEmpty()) g.fillText(lines[i], b.getMinX(), baseline + i * lineHeight);
    }

    private static void shape(Pen g, Shape s, double alpha) {
        Paint fill = faded(s.getFill(), alpha), stroke = faded(s.getStroke(), alpha);
        boolean filled = fill != null && fill != Color.TRANSPARENT, stroked = stroke != null && s.getStrokeWidth() > 0;
        if (stroked) {
            g.setStroke(stroke);
            g.setLineWidth(s.getStrokeWidth());
            g.setLineDashes(s.getStrokeDashArray().stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (filled) g.setFill(fill);
        switch (s) {
            case Rectangle r -> {
                if (filled && r.getArcWidth() > 0) {
                    g.fillRoundRect(r.getX(), r.getY(), r.getWidth(), r.getHeight(), r.getArcWidth(), r.getArcHeight());
                }
                if (filled && r.getArcWidth() <= 0) g.fillRect(r.getX(), r.getY(), r.getWidth(), r.getHeight());
                if (stroked) g.strokeRect(r.getX(), r.getY(), r.getWidth(), r.getHeight());
            }
            case Circle c -> oval(g, c.getCenterX(), c.getCenterY(), c.getRadius(), c.getRadius(), filled, stroked);
            case Ellipse e -> oval(g, e.getCenterX(), e.getCenterY(), e.getRadiusX(), e.getRadiusY(), filled, stroked);
            case Line l -> {
                if (stroked) g.strokeLine(l.getStartX(), l.getStartY(), l.getEndX(), l.getEndY());
            }
            case Polygon p -> points(g, p.getPoints(), true, filled, stroked);
            case Polyline p -> points(g, p.getPoints(), false, filled, stroked);
            case Path p -> path(g, p, filled, stroked);
            default -> { }
        }
    }

    private static void oval(Pen g, double cx, double cy, double rx, double ry, boolean filled, boolean stroked) {
        if (filled) g.fillOval(cx - rx, cy - ry, 2 * rx, 2 * ry);
        if (stroked) g.strokeOval(cx - rx, cy - ry, 2 * rx, 2 * ry);
    }

    private static void points(Pen g, List<Double> xy, boolean closed, boolean filled, boolean stroked) {
        int n = xy.size() / 2;
        double[] xs = new double[n + 1], ys = new double[n + 1];
        for (int i = 0; i < n; i++) {
            xs[i] = xy.get(2 * i);
            ys[i] = xy.get(2 * i + 1);
        }
        if (filled) g.fillPolygon(xs, ys, n);
        if (stroked && n > 1) {
            xs[n] = xs[0];
            ys[n] = ys[0];
            g.strokePolyline(xs, ys, closed ? n + 1 : n);
        }
    }

    /** A path of straight segments, one polyline per MoveTo (curves drawn as a straight line to their end). */
    private static void path(Pen g, Path p, boolean filled, boolean stroked) {
        List<double[]> run = new ArrayList<>();
        double x = 0, y = 0, startX = 0, startY = 0;
        for (PathElement e : p.getElements()) {
            switch (e) {
                case MoveTo m -> {
                    flush(g, run, false, filled, stroked);
                    x = startX = m.getX();
                    y = startY = m.getY();
                }
                case LineTo l -> {
                    x = l.getX();
                    y = l.getY();
                }
                case HLineTo h -> x = h.getX();
                case VLineTo v -> y = v.getY();
                case ClosePath c -> {
                    x = startX;
                    y = startY;
                }
                case CubicCurveTo c -> {
                    x = c.getX();
                    y = c.getY();
                }
                case QuadCurveTo q -> {
                    x = q.getX();
                    y = q.getY();
                }
                case ArcTo a -> {
                    x = a.getX();
                    y = a.getY();
                }
                default -> {
                    continue;
                }
            }
            run.add(new double[] {x, y});
            if (e instanceof ClosePath) flush(g, run, true, filled, stroked);
        }
        flush(g, run, false, filled, stroked);
    }

    private static void flush(Pen g, List<double[]> run, boolean closed, boolean filled, boolean stroked) {
        if (run.size() > 1) {
            double[] xs = new double[run.size()], ys = new double[run.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = run.get(i)[0];
                ys[i] = run.get(i)[1];
            }
            if (filled && closed) g.fillPolygon(xs, ys, xs.length);
            if (stroked) g.strokePolyline(xs, ys, xs.length);
        }
        run.clear();
    }
}
