package org.qkvlens.app.view.scatter;

import javafx.geometry.VPos;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * Point labels on screen as a fixed pool of Text nodes (with a translucent box behind each), moved and re-texted per
 * frame. A Text node keeps its glyph layout between frames; a canvas fillText lays the text out again every frame on
 * the render thread, which made labels the costliest part of a frame. Nodes are created once; nothing per frame.
 */
final class LabelPool {
    /** The translucent box behind a label. */
    static final Color BOX = Color.rgb(255, 255, 255, 0.72);
    final Pane layer = new Pane();
    private final Text[] texts;
    private final Rectangle[] boxes;
    private int used;

    LabelPool(int size) {
        texts = new Text[size];
        boxes = new Rectangle[size];
        for (int i = 0; i < size; i++) {
            Rectangle r = new Rectangle();
            r.setFill(BOX);
            r.setManaged(false);
            r.setVisible(false);
            Text t = new Text();
            t.setFont(ScatterStyle.LABEL_FONT);
            t.setTextOrigin(VPos.TOP);
            t.setManaged(false);
            t.setVisible(false);
            boxes[i] = r;
            texts[i] = t;
        }
        layer.getChildren().addAll(boxes);
        layer.getChildren().addAll(texts);
        layer.setMouseTransparent(true);
        layer.setPickOnBounds(false);
    }

    void begin() {
        used = 0;
    }

    /** Shows the next label: text at top-left (x, y), box w × h. */
    void add(String text, Color color, double x, double y, double w, double h) {
        if (used >= texts.length) return;
        Text t = texts[used];
        Rectangle r = boxes[used++];
        t.setText(text);
        t.setFill(color);
        t.setLayoutX(x);
        t.setLayoutY(y);
        r.setX(x - 1);
        r.setY(y);
        r.setWidth(w + 2);
        r.setHeight(h);
        if (!t.isVisible()) {
            t.setVisible(true);
            r.setVisible(true);
        }
    }

    /** Hides the labels not used this frame. */
    void end() {
        for (int i = used; i < texts.length; i++) {
            if (!texts[i].isVisible()) break;
            texts[i].setVisible(false);
            boxes[i].setVisible(false);
        }
    }

    int shown() {
        return used;
    }

    /** Box of label i: x, y, width, height (tests). */
    double[] box(int i) {
        Rectangle r = boxes[i];
        return new double[] {r.getX(), r.getY(), r.getWidth(), r.getHeight()};
    }

    /** Text of label i (tests). */
    String text(int i) {
        return texts[i].getText();
    }
}
