package org.qkvlens.app.view.joint;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import org.qkvlens.app.draw.FxPen;
import org.qkvlens.app.draw.Pen;
import org.qkvlens.app.draw.PenNode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.qkvlens.app.figure.HeadTile;
import org.qkvlens.app.figure.Palette;

/**
 * One small multiple of the head overview: its caption (site, layer, head and Spearman ρ) above a tiny scatter of the
 * tile's points (queries green, keys pink, as in the joint view; one kind in grey; A and B in their colours on top),
 * equal scales on both axes. "…" while its tile is computed. Leaves out labels, hover and zoom.
 */
final class HeadTileNode extends Region implements PenNode {
    static final double SIZE = 150, CAPTION = 16;
    private final Canvas canvas = new Canvas();
    private final HeadTile.Slot slot;
    private HeadTile tile;
    private boolean current;
    private int pixelScale = 1;

    HeadTileNode(HeadTile.Slot slot) {
        this.slot = slot;
        getChildren().add(canvas);
        setPrefSize(SIZE, SIZE + CAPTION);
        setMinSize(SIZE, SIZE + CAPTION);
        setMaxSize(SIZE, SIZE + CAPTION);
        getStyleClass().add("head-tile");
        setStyle("-fx-cursor: hand;");
    }

    HeadTile.Slot slot() {
        return slot;
    }

    /** The tile to draw (null: not computed yet); {@code current}: the head the selection shows (outlined). */
    void show(HeadTile t, boolean current) {
        if (t == tile && current == this.current && t != null) return;     // one new tile must not repaint all 72
        this.tile = t;
        this.current = current;
        paint();
    }

    void setPixelScale(int scale) {
        pixelScale = Math.max(1, scale);
        paint();
    }

    @Override
    protected void layoutChildren() {
        paint();
    }

    private void paint() {
        paint(new FxPen(org.qkvlens.app.view.paint.PixelCanvas.begin(canvas, SIZE, SIZE + CAPTION, pixelScale)));
    }

    /** The tile: frame (black for the selection's head), caption and its points. */
    @Override
    public void paint(Pen g) {
        double w = SIZE, h = SIZE + CAPTION;
        g.setStroke(current ? Color.BLACK : Color.web("#ccc"));
        g.setLineWidth(current ? 2 : 1);
        g.strokeRect(0.5, 0.5, w - 1, h - 1);
        g.setFill(Color.web("#222"));
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(tile == null ? slot.caption() + " …" : tile.caption(), 4, 2);
        if (tile == null || tile.xy().length == 0) return;
        double[][] xy = tile.xy();
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = minX, maxY = maxX;
        for (double[] p : xy) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double pad = 6, area = SIZE - 2 * pad;
        double span = Math.max(Math.max(maxX - minX, maxY - minY), 1e-9), s = area / span;
        double ox = pad + (area - s * (maxX - minX)) / 2 - s * minX;
        double oy = CAPTION + pad + (area + s * (maxY - minY)) / 2 + s * minY;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < xy.length; i++) {
                int role = tile.role()[i];
                if ((role < 2) != (pass == 1)) continue;
                Color c = tile.kind() != null ? Color.web("#555") : tile.query()[i] ? JointCanvas.QUERY : JointCanvas.KEY;
                if (role < 2 && tile.kind() != null) c = Palette.sentence(role);
                g.setFill(Color.color(c.getRed(), c.getGreen(), c.getBlue(), role < 2 ? 0.95 : 0.35));
                double x = ox + s * xy[i][0], y = oy - s * xy[i][1], r = role < 2 ? 2.2 : 1.5;
                if (tile.query()[i]) g.fillOval(x - r, y - r, 2 * r, 2 * r);
                else g.fillRect(x - r, y - r, 2 * r, 2 * r);
            }
        }
    }
}
