package org.qkvlens.app.draw;

/**
 * A node that paints itself on a canvas and can paint the same through any {@link Pen}: {@link NodeDrawing} asks it
 * instead of skipping its canvas (the head overview's tiles in their grid). Leaves out when the node repaints.
 */
public interface PenNode {
    /** Paints what the node shows, in its own coordinates, through {@code pen}. FX thread. */
    void paint(Pen pen);
}
