package org.qkvlens.app.view.scatter;

import javafx.scene.control.Label;
import javafx.scene.layout.Pane;

/**
 * The hover tooltip both scatter views show: a point's sentence, position, kind, epoch and norm
 * ({@link PointInfo#describe}) beside the cursor, flipped to the other side near the plot's right or bottom edge.
 * Lives in its own mouse-transparent {@link #layer()} above the plot. Leaves out delays and animation.
 */
final class PointTip {
    private final Label tip = new Label();
    private final Pane layer = new Pane(tip);

    PointTip() {
        tip.getStyleClass().add("scatter-tip");
        tip.setStyle("-fx-background-color: rgba(255,255,255,0.96); -fx-border-color: #999; -fx-padding: 4 6 4 6;"
                + " -fx-font-size: 11px;");
        tip.setVisible(false);
        tip.setManaged(false);
        tip.setMouseTransparent(true);
        layer.setMouseTransparent(true);
    }

    /** The pane to put over the plot. */
    Pane layer() {
        return layer;
    }

    /** Shows data point {@code point} of {@code data} next to (x, y), kept inside a plot of plotW × plotH. */
    void show(ScatterData data, int point, double x, double y, double plotW, double plotH) {
        tip.setText(PointInfo.describe(data, point));
        tip.autosize();
        double w = tip.getWidth(), h = tip.getHeight();
        double tx = x + 14 + w > plotW ? x - 14 - w : x + 14;
        double ty = y + 12 + h > plotH ? y - 12 - h : y + 12;
        tip.relocate(Math.max(0, tx), Math.max(0, ty));
        tip.setVisible(true);
    }

    void hide() {
        tip.setVisible(false);
    }
}
