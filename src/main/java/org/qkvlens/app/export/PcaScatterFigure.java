package org.qkvlens.app.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.Points;
import smile.feature.extraction.PCA;

/**
 * A plain 2D PCA scatter of the chosen kinds of sentences A and B in one snapshot, for {@code qkv-lens export --view
 * scatter}: points labelled like the article ({@code apple@K@30}), A blue and B vermillion (Okabe–Ito, safe for colour
 * blindness), one marker shape per kind, axes in the same units (distances are honest) with the share of variance
 * each principal component explains. PCA is Smile's, fitted on exactly the points shown. Built from shapes and text,
 * so any export scale is sharp. It is not the app's interactive scatter (no hover, no trajectories).
 */
public final class PcaScatterFigure extends Region implements ExportableView {
    private static final double PAD = 18, PLOT_W = 560, PLOT_H = 420, MARK = 5.5;
    private static final String FAMILY = Font.getDefault().getFamily();
    private static final Font TITLE = Font.font(FAMILY, FontWeight.BOLD, 15);
    private static final Font SUBTITLE = Font.font(FAMILY, 12.5);
    private static final Font AXIS = Font.font(FAMILY, 12.5);
    private static final Font TICK = Font.font(FAMILY, 11.5);
    private static final Font POINT = Font.font(FAMILY, 11);
    private static final Font LEGEND = Font.font(FAMILY, 12.5);
    private static final Color INK = Color.web("#1a1a1a"), MUTED = Color.web("#555555");
    private static final Color[] FILL = {Color.web("#0072B2"), Color.web("#D55E00")};
    private static final Color[] LABEL_INK = {Color.web("#004a75"), Color.web("#8f3f00")};

    private double width = 480, height = 300;

    public PcaScatterFigure(Snapshot s, RunInfo info, Site site, int layer, int head, List<Kind> kinds, int a, int b) {
        getStyleClass().add("pca-scatter-figure");
        setStyle("-fx-background-color: white;");
        int heads = info.heads(site == Site.ENC_SELF);
        String kindNames = String.join(", ", kinds.stream().map(Kind::id).toList());
        String title = "PCA of " + kindNames + " vectors, sentences A and B";
        String heading = head < 0 ? (heads == 1 ? "1 head" : "all " + heads + " heads concatenated") : "head " + head + " of " + heads;
        String epoch = s.endOfEpoch() ? (s.epoch() == 0 ? "before training (epoch 0)" : "epoch " + s.epoch()) : "epoch " + s.epoch() + ", step " + s.step();
        String subtitle = site.label() + " · layer " + layer + " · " + heading + " · " + epoch;
        List<Point> points = Points.collect(List.of(s), new int[] {0}, List.of(a, b), site, layer, kinds, head, heads);
        double y = PAD;
        y = add(text(title, TITLE, INK, PAD, y)) + 2;
        y = add(text(subtitle, SUBTITLE, MUTED, PAD, y)) + 14;
        if (points.size() < 2) {
            add(text(points.isEmpty() ? "nothing to plot: no " + kindNames + " vectors of these probes at this site"
                    : "only one point: nothing to project", AXIS, MUTED, PAD, y + 20));
            width = Math.max(width, getChildren().stream().mapToDouble(n -> n.getBoundsInParent().getMaxX()).max().orElse(0) + PAD);
            return;
        }
        double[][] xy = new double[points.size()][];
        double[] share = project(points, xy);
        draw(points, xy, share, kinds, s.probe(a).text(), s.probe(b).text(), a, y);
    }

    /** Smile PCA on the points; fills {@code xy} with their first two coordinates, returns each component's share of variance. */
    private static double[] project(List<Point> points, double[][] xy) {
        int n = points.size(), d = points.getFirst().vector().length;
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i][j] = points.get(i).vector()[j];
        PCA pca = PCA.fit(x);
        double[][] y = pca.getProjection(2).apply(x);
        double[] share = pca.varianceProportion();
        for (int i = 0; i < n; i++) {
            xy[i] = new double[] {finite(y[i][0]), y[i].length > 1 ? finite(y[i][1]) : 0};
        }
        return new double[] {finite(share[0]), share.length > 1 ? finite(share[1]) : 0};
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private void draw(List<Point> points, double[][] xy, double[] share, List<Kind> kinds, String textA, String textB, int a, double top) {
        // equal units on both axes: widen the narrower range to the plot's aspect
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] p : xy) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double rx = Math.max(maxX - minX, 1e-6) * 1.16, ry = Math.max(maxY - minY, 1e-6) * 1.16;
        double unit = Math.min(PLOT_W / rx, PLOT_H / ry);
        double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
        double x0 = cx - PLOT_W / unit / 2, y1 = cy + PLOT_H / unit / 2;

        double left = PAD + 62, plotTop = top;
        // ticks and grid
        double step = niceStep(Math.max(PLOT_W, PLOT_H) / unit / 7);
        for (double t = Math.ceil(x0 / step) * step; t <= x0 + PLOT_W / unit + 1e-9; t += step) {
            double px = left + (t - x0) * unit;
            add(line(px, plotTop, px, plotTop + PLOT_H, Color.web("#ececec"), 1));
            Text label = text(tick(t, step), TICK, MUTED, 0, plotTop + PLOT_H + 5);
            label.setX(px - label.getLayoutBounds().getWidth() / 2);
            add(label);
        }
        for (double t = Math.ceil((y1 - PLOT_H / unit) / step) * step; t <= y1 + 1e-9; t += step) {
            double py = plotTop + (y1 - t) * unit;
            add(line(left, py, left + PLOT_W, py, Color.web("#ececec"), 1));
            Text label = text(tick(t, step), TICK, MUTED, 0, 0);
            label.setX(left - 6 - label.getLayoutBounds().getWidth());
            label.setTextOrigin(VPos.CENTER);
            label.setY(py);
            add(label);
        }
        Rectangle frame = new Rectangle(left + 0.5, plotTop + 0.5, PLOT_W - 1, PLOT_H - 1);
        frame.setFill(null);
        frame.setStroke(Color.gray(0.55));
        add(frame);
        Text xTitle = text(String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", 100 * share[0]), AXIS, MUTED, 0, plotTop + PLOT_H + 24);
        xTitle.setX(left + PLOT_W / 2 - xTitle.getLayoutBounds().getWidth() / 2);
        add(xTitle);
        Text yTitle = text(String.format(Locale.ROOT, "PC2 (%.1f%% of variance)", 100 * share[1]), AXIS, MUTED, 0, 0);
        double yw = yTitle.getLayoutBounds().getWidth();
        yTitle.setTextOrigin(VPos.CENTER);
        yTitle.setX(PAD + 8 - yw / 2);
        yTitle.setY(plotTop + PLOT_H / 2);
        yTitle.setRotate(-90);
        add(yTitle);

        // points, then labels placed where they hide nothing
        List<Bounds> taken = new ArrayList<>();
        double[][] screen = new double[points.size()][];
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double px = left + (xy[i][0] - x0) * unit, py = plotTop + (y1 - xy[i][1]) * unit;
            screen[i] = new double[] {px, py};
            int side = p.key().probe() == a ? 0 : 1;
            Shape m = marker(p.key().kind(), px, py, FILL[side]);
            add(m);
            taken.add(m.getBoundsInParent());
        }
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            int side = p.key().probe() == a ? 0 : 1;
            Text t = text(p.label(), POINT, LABEL_INK[side], 0, 0);
            t.setTextOrigin(VPos.CENTER);
            place(t, screen[i][0], screen[i][1], taken, left, plotTop);
            taken.add(t.getBoundsInParent());
            add(t);
        }

        // legend right of the plot
        double lx = left + PLOT_W + 24, ly = plotTop + 8;
        String[] names = {"A: “" + textA + "”", "B: “" + textB + "”"};
        for (int side = 0; side < 2; side++) {
            add(marker(Kind.K, lx + 6, ly, FILL[side]));
            Text t = text(names[side], LEGEND, INK, lx + 18, ly);
            t.setTextOrigin(VPos.CENTER);
            add(t);
            ly += 22;
        }
        ly += 10;
        for (Kind k : kinds) {
            add(marker(k, lx + 6, ly, Color.gray(0.45)));
            Text t = text(k.id(), LEGEND, INK, lx + 18, ly);
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

    /** One marker shape per kind: K circle, V square, Q triangle, x1 diamond, x4 triangle pointing down. */
    static Shape marker(Kind kind, double x, double y, Color fill) {
        double r = MARK;
        Shape s = switch (kind) {
            case K -> new Circle(x, y, r);
            case V -> new Rectangle(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
            case Q -> new Polygon(x, y - r * 1.15, x + r * 1.1, y + r * 0.8, x - r * 1.1, y + r * 0.8);
            case X1 -> new Polygon(x, y - r * 1.25, x + r * 1.1, y, x, y + r * 1.25, x - r * 1.1, y);
            default -> new Polygon(x, y + r * 1.15, x + r * 1.1, y - r * 0.8, x - r * 1.1, y - r * 0.8);
        };
        s.setFill(fill);
        s.setOpacity(0.88);
        s.setStroke(Color.WHITE);
        s.setStrokeWidth(1);
        return s;
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
    }

    private static String tick(double v, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        String s = String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 1e6 ? 0 : v);
        return s.replace('-', '\u2212');
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

    @Override
    public String exportName() {
        return "scatter-2d";
    }

    @Override
    public Node exportNode() {
        return this;
    }
}
