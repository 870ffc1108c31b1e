package org.qkvlens.app.export;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.qkvlens.app.figure.Marker;
import org.qkvlens.app.figure.Palette;
import org.qkvlens.app.figure.ScatterFigure;
import org.qkvlens.app.figure.Ticks;

/**
 * Draws a {@link ScatterFigure} (the command line's still PCA scatter) with shapes and text, so any export scale is
 * sharp: title, subtitle, a plot with equal units on both axes (distances are honest), grid and ticks
 * ({@link Ticks}), the dots with the app's marker per kind and colour per sentence, labels placed where they hide
 * least, and the legend right of the plot. Leaves out everything interactive (hover, zoom, trajectories): that is
 * the app's scatter view.
 */
public final class ScatterFigureNode extends Region {
    private static final double PAD = 18, PLOT_W = 560, PLOT_H = 420, MARK = 5.5;
    private static final String FAMILY = Font.getDefault().getFamily();
    private static final Font TITLE = Font.font(FAMILY, FontWeight.BOLD, 15);
    private static final Font SUBTITLE = Font.font(FAMILY, 12.5);
    private static final Font AXIS = Font.font(FAMILY, 12.5);
    private static final Font TICK = Font.font(FAMILY, 11.5);
    private static final Font POINT = Font.font(FAMILY, 11);
    private static final Font LEGEND = Font.font(FAMILY, 12.5);
    private static final Color INK = Color.web("#1a1a1a"), MUTED = Color.web("#555555");

    private double width = 480, height = 300;

    public ScatterFigureNode(ScatterFigure figure) {
        getStyleClass().add("pca-scatter-figure");
        setStyle("-fx-background-color: white;");
        double y = PAD;
        y = add(text(figure.title(), TITLE, INK, PAD, y)) + 2;
        y = add(text(figure.subtitle(), SUBTITLE, MUTED, PAD, y)) + 14;
        if (figure.isEmpty()) {
            add(text(figure.message(), AXIS, MUTED, PAD, y + 20));
            width = Math.max(width, getChildren().stream().mapToDouble(n -> n.getBoundsInParent().getMaxX()).max().orElse(0) + PAD);
            return;
        }
        draw(figure, y);
    }

    private void draw(ScatterFigure figure, double top) {
        List<ScatterFigure.Dot> dots = figure.dots();
        // equal units on both axes: widen the narrower range to the plot's aspect
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (ScatterFigure.Dot d : dots) {
            minX = Math.min(minX, d.x());
            maxX = Math.max(maxX, d.x());
            minY = Math.min(minY, d.y());
            maxY = Math.max(maxY, d.y());
        }
        double rx = Math.max(maxX - minX, 1e-6) * 1.16, ry = Math.max(maxY - minY, 1e-6) * 1.16;
        double unit = Math.min(PLOT_W / rx, PLOT_H / ry);
        double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
        double x0 = cx - PLOT_W / unit / 2, y1 = cy + PLOT_H / unit / 2;

        double left = PAD + 62, plotTop = top;
        // ticks and grid
        double step = Ticks.step(Math.max(PLOT_W, PLOT_H) / unit / 7);
        for (double t = Math.ceil(x0 / step) * step; t <= x0 + PLOT_W / unit + 1e-9; t += step) {
            double px = left + (t - x0) * unit;
            add(line(px, plotTop, px, plotTop + PLOT_H, Color.web("#ececec"), 1));
            Text label = text(Ticks.label(t, step), TICK, MUTED, 0, plotTop + PLOT_H + 5);
            label.setX(px - label.getLayoutBounds().getWidth() / 2);
            add(label);
        }
        for (double t = Math.ceil((y1 - PLOT_H / unit) / step) * step; t <= y1 + 1e-9; t += step) {
            double py = plotTop + (y1 - t) * unit;
            add(line(left, py, left + PLOT_W, py, Color.web("#ececec"), 1));
            Text label = text(Ticks.label(t, step), TICK, MUTED, 0, 0);
            label.setX(left - 6 - label.getLayoutBounds().getWidth());
            label.setTextOrigin(VPos.CENTER);
            label.setY(py);
            add(label);
        }
        Rectangle frame = new Rectangle(left + 0.5, plotTop + 0.5, PLOT_W - 1, PLOT_H - 1);
        frame.setFill(null);
        frame.setStroke(Color.gray(0.55));
        add(frame);
        Text xTitle = text(figure.xTitle(), AXIS, MUTED, 0, plotTop + PLOT_H + 24);
        xTitle.setX(left + PLOT_W / 2 - xTitle.getLayoutBounds().getWidth() / 2);
        add(xTitle);
        Text yTitle = text(figure.yTitle(), AXIS, MUTED, 0, 0);
        double yw = yTitle.getLayoutBounds().getWidth();
        yTitle.setTextOrigin(VPos.CENTER);
        yTitle.setX(PAD + 8 - yw / 2);
        yTitle.setY(plotTop + PLOT_H / 2);
        yTitle.setRotate(-90);
        add(yTitle);

        // points, then labels placed where they hide nothing
        List<Bounds> taken = new ArrayList<>();
        double[][] screen = new double[dots.size()][];
        for (int i = 0; i < dots.size(); i++) {
            ScatterFigure.Dot d = dots.get(i);
            double px = left + (d.x() - x0) * unit, py = plotTop + (y1 - d.y()) * unit;
            screen[i] = new double[] {px, py};
            Shape m = marker(d.marker(), px, py, Palette.sentence(d.slot()));
            add(m);
            taken.add(m.getBoundsInParent());
        }
        for (int i = 0; i < dots.size(); i++) {
            ScatterFigure.Dot d = dots.get(i);
            Text t = text(d.label(), POINT, Palette.label(d.slot(), 1), 0, 0);
            t.setTextOrigin(VPos.CENTER);
            place(t, screen[i][0], screen[i][1], taken, left, plotTop);
            taken.add(t.getBoundsInParent());
            add(t);
        }

        // legend right of the plot: the sentences' colours, then the kinds' markers
        double lx = left + PLOT_W + 24, ly = plotTop + 8;
        for (ScatterFigure.Sentence s : figure.sentences()) {
            Rectangle swatch = new Rectangle(lx + 1, ly - 5, 10, 10);
            swatch.setArcWidth(3);
            swatch.setArcHeight(3);
            swatch.setFill(Palette.sentence(s.slot()));
            add(swatch);
            Text t = text(s.name(), LEGEND, INK, lx + 18, ly);
            t.setTextOrigin(VPos.CENTER);
            add(t);
            ly += 22;
        }
        ly += 10;
        for (ScatterFigure.KindEntry k : figure.kinds()) {
            add(marker(k.marker(), lx + 6, ly, Color.gray(0.45)));
            Text t = text(k.name(), LEGEND, INK, lx + 18, ly);
            t.setTextOrigin(VPos.CENTER);
            add(t);
            ly += 22;
        }
        double right = getChildren().stream().mapToDouble(n -> n.getBoundsInParent().getMaxX()).max().orElse(0);
        width = Math.ceil(Math.max(right, left + PLOT_W) + PAD);
        height = Math.ceil(plotTop + PLOT_H + 24 + 20 + PAD);
    }

    /** Puts a label beside its point: right, left, above, below or diagonally, wherever it overlaps least. */
    private static void place(Text t, double px, double py, List<Bounds> taken, double left, double top) {
        double w = t.getLayoutBounds().getWidth(), h = t.getLayoutBounds().getHeight();
        double d = MARK + 3;
        double[][] spots = {{d, 0}, {-d - w, 0}, {-w / 2, -d - h / 2}, {-w / 2, d + h / 2}, {d, -d}, {d, d}, {-d - w, -d}, {-d - w, d}};
        double best = Double.MAX_VALUE;
        double[] bestSpot = spots[0];
        for (double[] s : spots) {
            double x = px + s[0], y = py + s[1];
            double minX = x, minY = y - h / 2, maxX = x + w, maxY = y + h / 2;
            double cost = 0;
            if (minX < left || maxX > left + PLOT_W || minY < top || maxY > top + PLOT_H) cost += 1e6;
            for (Bounds b : taken) {
                double ox = Math.min(maxX, b.getMaxX()) - Math.max(minX, b.getMinX());
                double oy = Math.min(maxY, b.getMaxY()) - Math.max(minY, b.getMinY());
                if (ox > 0 && oy > 0) cost += ox * oy;
            }
            if (cost < best) {
                best = cost;
                bestSpot = s;
                if (cost == 0) break;
            }
        }
        t.setX(px + bestSpot[0]);
        t.setY(py + bestSpot[1]);
    }

    /** A marker of the app's shapes (its 2D scatter's proportions) centred at (x, y), with a white rim. */
    static Shape marker(Marker marker, double x, double y, Color fill) {
        double r = MARK;
        Shape s = switch (marker) {
            case CIRCLE -> new Circle(x, y, r);
            case SQUARE -> new Rectangle(x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
            case TRIANGLE -> new Polygon(x, y - r * 1.15, x + r * 1.05, y + r * 0.8, x - r * 1.05, y + r * 0.8);
            case DIAMOND -> new Polygon(x, y - r * 1.2, x + r, y, x, y + r * 1.2, x - r, y);
            case CROSS -> {
                double t = r * 0.32, a = r * 1.05;
                yield new Polygon(x - t, y - a, x + t, y - a, x + t, y - t, x + a, y - t, x + a, y + t, x + t, y + t,
                        x + t, y + a, x - t, y + a, x - t, y + t, x - a, y + t, x - a, y - t, x - t, y - t);
            }
        };
        s.setFill(fill);
        s.setOpacity(0.88);
        s.setStroke(Color.WHITE);
        s.setStrokeWidth(1);
        return s;
    }

    private static Text text(String s, Font font, Color ink, double x, double y) {
        Text t = new Text(x, y, s);
        t.setFont(font);
        t.setFill(ink);
        t.setTextOrigin(VPos.TOP);
        return t;
    }

    private static Line line(double x1, double y1, double x2, double y2, Color stroke, double w) {
        Line l = new Line(x1, y1, x2, y2);
        l.setStroke(stroke);
        l.setStrokeWidth(w);
        return l;
    }

    /** Adds a node (unmanaged: positions are absolute) and returns its bottom edge. */
    private double add(Node n) {
        n.setManaged(false);
        getChildren().add(n);
        return n.getBoundsInParent().getMaxY();
    }

    @Override
    protected double computePrefWidth(double h) {
        return width;
    }

    @Override
    protected double computePrefHeight(double w) {
        return height;
    }
}
