package org.qkvlens.app.view.joint;

import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import org.qkvlens.app.draw.FxPen;
import org.qkvlens.app.draw.Pen;
import org.qkvlens.app.draw.PenNode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.qkvlens.app.figure.JointFigure;
import org.qkvlens.app.figure.Palette;
import org.qkvlens.joint.AttentionLines;
import org.qkvlens.probe.Kind;
import org.qkvlens.projection.Point;

/**
 * Draws a {@link JointFigure} on a Canvas: caption and faithfulness readout on top, a legend, queries as green
 * circles and keys as pink squares (AttentionViz's colours), sentence A and B ringed in their colours and labelled
 * {@code word@Q@epoch} as in the scatter, the other sentences' points lighter; lines from a picked query to its keys,
 * width and opacity ∝ attention weight; the hovered point outlined. Equal scales on both axes, so distances on screen
 * are the layout's (which the readout measures). Used by the app's joint view and by the headless export.
 * Leaves out zoom and pan, and everything that is not drawing (the view-model picks and hovers).
 */
public final class JointCanvas extends Region implements PenNode {
    static final Color QUERY = Color.web("#1b9e55");
    static final Color KEY = Color.web("#e7298a");
    private static final double TOP = 58, MARGIN = 14, RADIUS = 3.5;
    /** Beyond this many points only A's, B's and the picked lines' points are labelled. */
    private static final int LABEL_ALL_BELOW = 80;

    private final Canvas canvas = new Canvas();
    private JointFigure figure = JointFigure.EMPTY;
    private int picked = -1, hovered = -1;
    private List<AttentionLines.Line> lines = List.of();
    private boolean labels = true;
    private int pixelScale = 1;
    private String drawnReadout = "";
    // the mapping from layout to screen of the last paint
    private double scale = 1, offsetX, offsetY;

    public JointCanvas() {
        getChildren().add(canvas);
        setPrefSize(720, 560);
        setMinSize(200, 160);
    }

    public void show(JointFigure f, int picked, List<AttentionLines.Line> lines, int hovered, boolean labels) {
        JointFigure shown = f == null ? JointFigure.EMPTY : f;
        if (shown != figure) indexOfKey = null;
        this.figure = shown;
        this.picked = picked;
        this.lines = lines;
        this.hovered = hovered;
        this.labels = labels;
        paint();
    }

    /** Repaints at {@code scale} device pixels per layout pixel (PNG export), or back at 1. */
    public void setPixelScale(int scale) {
        pixelScale = Math.max(1, scale);
        paint();
    }

    @Override
    protected void layoutChildren() {
        paint();
    }

    /** The screen position (in this node) of point i of the figure, after a paint. */
    public double[] screenOf(int i) {
        double[] p = figure.xy()[i];
        return new double[] {offsetX + scale * p[0], offsetY - scale * p[1]};
    }

    /**
     * The point nearest (x, y) within 8 px, or −1. Points that coincide on screen (within half a pixel: the same
     * decoder prefix gives the same query in many sentences) go to sentence A, then B, then queries before keys.
     */
    public int pointAt(double x, double y) {
        int n = figure.xy().length;
        double bestD = 64;
        for (int i = 0; i < n; i++) bestD = Math.min(bestD, distance(i, x, y));    // called per mouse move: no allocation
        if (bestD >= 8) return -1;
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (distance(i, x, y) > bestD + 0.5) continue;
            if (best < 0 || rank(i) < rank(best)) best = i;
        }
        return best;
    }

    /** Screen distance of point i from (x, y). */
    private double distance(int i, double x, double y) {
        double[] p = figure.xy()[i];
        double dx = offsetX + scale * p[0] - x, dy = offsetY - scale * p[1] - y;
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** Preference among coinciding points: A's, B's, the others'; queries first. */
    private int rank(int i) {
        Point p = figure.points().get(i);
        return 2 * figure.role(p.key().probe()) + (p.key().kind() == Kind.Q ? 0 : 1);
    }

    private void paint() {
        double w = Math.max(1, getWidth()), h = Math.max(1, getHeight());
        paint(new FxPen(org.qkvlens.app.view.paint.PixelCanvas.begin(canvas, w, h, pixelScale)));
    }

    /** The view as shown (caption, readout, legend, lines, points, rings, labels) through {@code g}. FX thread. */
    @Override
    public void paint(Pen g) {
        double w = Math.max(1, getWidth()), h = Math.max(1, getHeight());
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(Color.web("#222"));
        double size = width(figure.caption(), 13) < w - 2 * MARGIN ? 13 : 11;   // a narrow view: a smaller caption
        g.setFont(Font.font(size));
        g.fillText(figure.caption(), MARGIN, 6, w - 2 * MARGIN);
        g.setFont(Font.font(12));
        String why = " — how faithfully this picture shows attention";
        drawnReadout = figure.isEmpty() ? "" : figure.readout() + (width(figure.readout() + why, 12) < w - 2 * MARGIN ? why : "");
        g.fillText(drawnReadout, MARGIN, 24);
        legend(g);
        fit(w, h);
        if (figure.isEmpty()) return;
        List<Point> pts = figure.points();
        // dense clouds of further sentences stay see-through
        double othersAlpha = Math.max(0.12, Math.min(0.45, 0.45 * Math.sqrt(1000.0 / pts.size())));
        // lines of the picked query, under the points
        for (AttentionLines.Line line : lines) {
            int k = indexOf(line.key());
            if (k < 0 || picked < 0) continue;
            double[] a = screenOf(picked), b = screenOf(k);
            g.setStroke(Color.color(0.15, 0.15, 0.15, 0.15 + 0.85 * line.weight()));
            g.setLineWidth(0.5 + 6 * line.weight());
            g.strokeLine(a[0], a[1], b[0], b[1]);
        }
        for (int pass = 2; pass >= 0; pass--) {            // other sentences first, then B, A on top (as pointAt picks)
            for (int i = 0; i < pts.size(); i++) {
                int role = figure.role(pts.get(i).key().probe());
                if (role != pass) continue;
                marker(g, i, role, role < 2 ? 1 : othersAlpha);
            }
        }
        if (labels) {
            g.setFont(Font.font(10));
            java.util.Set<org.qkvlens.projection.PointKey> onLines = new java.util.HashSet<>();
            for (AttentionLines.Line l : lines) onLines.add(l.key());
            // most telling first — the picked query and its keys, then A, B, the rest — and a label that would cover
            // one already drawn is left out (hover still names the point)
            List<Integer> order = new java.util.ArrayList<>();
            for (int i = 0; i < pts.size(); i++) {
                int role = figure.role(pts.get(i).key().probe());
                boolean onLine = picked >= 0 && onLines.contains(pts.get(i).key());
                if (role < 2 || onLine || i == picked || pts.size() < LABEL_ALL_BELOW) order.add(i);
            }
            order.sort(java.util.Comparator.comparingInt(i -> i == picked || onLines.contains(pts.get(i).key()) ? -1
                    : figure.role(pts.get(i).key().probe())));
            List<double[]> taken = new java.util.ArrayList<>();
            for (int i : order) {
                double[] s = screenOf(i);
                double[] box = {s[0] + RADIUS + 2, s[1] - 7, s[0] + RADIUS + 2 + 5.6 * pts.get(i).label().length(), s[1] + 5};
                boolean free = true;
                for (double[] t : taken) free &= box[2] < t[0] || t[2] < box[0] || box[3] < t[1] || t[3] < box[1];
                if (!free) continue;
                taken.add(box);
                label(g, i, figure.role(pts.get(i).key().probe()));
            }
        }
        if (picked >= 0 && picked < pts.size()) ring(g, picked, Color.BLACK, 2);
        if (hovered >= 0 && hovered < pts.size()) ring(g, hovered, Color.web("#555"), 1);
    }

    private void marker(Pen g, int i, int role, double alpha) {
        double[] s = screenOf(i);
        boolean q = figure.points().get(i).key().kind() == Kind.Q;
        Color c = q ? QUERY : KEY;
        g.setFill(Color.color(c.getRed(), c.getGreen(), c.getBlue(), alpha));
        double r = role < 2 ? RADIUS + 0.5 : RADIUS - 0.5;
        if (q) g.fillOval(s[0] - r, s[1] - r, 2 * r, 2 * r);
        else g.fillRect(s[0] - r, s[1] - r, 2 * r, 2 * r);
        if (role < 2) {
            g.setStroke(Palette.sentence(role));
            g.setLineWidth(1.3);
            if (q) g.strokeOval(s[0] - r, s[1] - r, 2 * r, 2 * r);
            else g.strokeRect(s[0] - r, s[1] - r, 2 * r, 2 * r);
        }
    }

    private void ring(Pen g, int i, Color c, double width) {
        double[] s = screenOf(i);
        g.setStroke(c);
        g.setLineWidth(width);
        g.strokeOval(s[0] - RADIUS - 3, s[1] - RADIUS - 3, 2 * RADIUS + 6, 2 * RADIUS + 6);
    }

    private void label(Pen g, int i, int role) {
        double[] s = screenOf(i);
        Point p = figure.points().get(i);
        g.setFill(role < 2 ? Palette.sentence(role).darker() : Color.web("#666"));
        g.fillText(p.label(), s[0] + RADIUS + 2, s[1] - 6);
    }

    /** The width of {@code text} at {@code size} px in the default font. */
    private static double width(String text, double size) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(Font.font(size));
        return t.getLayoutBounds().getWidth();
    }

    /** The faithfulness readout as last drawn ("" for an empty figure). */
    public String drawnReadout() {
        return drawnReadout;
    }

    private void legend(Pen g) {
        double x = MARGIN, y = 40;
        g.setFont(Font.font(11));
        g.setFill(QUERY);
        g.fillOval(x, y + 2, 8, 8);
        g.setFill(Color.web("#222"));
        g.fillText("query Q", x + 12, y);
        g.setFill(KEY);
        g.fillRect(x + 70, y + 2, 8, 8);
        g.setFill(Color.web("#222"));
        g.fillText("key K", x + 82, y);
        g.setLineWidth(1.3);
        g.setStroke(Palette.A);
        g.strokeOval(x + 130, y + 2, 8, 8);
        g.setFill(Palette.A.darker());
        g.fillText("sentence A", x + 142, y);
        g.setStroke(Palette.B);
        g.strokeOval(x + 210, y + 2, 8, 8);
        g.setFill(Palette.B.darker());
        g.fillText("sentence B", x + 222, y);
        g.setFill(Color.web("#777"));
        g.fillText("others lighter", x + 290, y);
    }

    /** Equal-scale mapping of the layout's bounds into the plot area below the caption. */
    private void fit(double w, double h) {
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = minX, maxY = maxX;
        for (double[] p : figure.xy()) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        if (figure.xy().length == 0) {
            minX = minY = -1;
            maxX = maxY = 1;
        }
        double spanX = Math.max(maxX - minX, 1e-9), spanY = Math.max(maxY - minY, 1e-9);
        // room on the right for the labels of the rightmost points ("<eos>@K@30" is about 90 px)
        double areaW = Math.max(10, w - 2 * MARGIN - 100), areaH = Math.max(10, h - TOP - 2 * MARGIN);
        scale = Math.min(areaW / spanX, areaH / spanY);
        offsetX = MARGIN + (areaW - scale * spanX) / 2 - scale * minX;
        offsetY = TOP + MARGIN + (areaH + scale * spanY) / 2 + scale * minY;
    }

    /** Point i of the figure by key, for the attention lines; built once per figure. */
    private java.util.Map<org.qkvlens.projection.PointKey, Integer> indexOfKey;

    private int indexOf(org.qkvlens.projection.PointKey key) {
        if (indexOfKey == null) {
            List<Point> pts = figure.points();
            indexOfKey = new java.util.HashMap<>();
            for (int i = 0; i < pts.size(); i++) indexOfKey.putIfAbsent(pts.get(i).key(), i);
        }
        return indexOfKey.getOrDefault(key, -1);
    }

    /** A point's text for the hover line: {@code query "wir" · sentence A (probe 0) · position 1 · Q}. */
    public static String describe(JointFigure f, int i) {
        Point p = f.points().get(i);
        int role = f.role(p.key().probe());
        String who = role == 0 ? "sentence A" : role == 1 ? "sentence B" : "sentence";
        return String.format(Locale.ROOT, "%s \"%s\" · %s (probe %d) · position %d · %s",
                p.key().kind() == Kind.Q ? "query" : "key", p.token(), who, p.key().probe(), p.key().position(),
                p.key().kind().id());
    }
}
