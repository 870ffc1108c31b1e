package org.qkvlens.app.figure;

import org.qkvlens.probe.Kind;

/**
 * The one legend of kinds that every scatter uses (the app's 2D and 3D views and the command line's export):
 * Q circle, K square, V triangle, x1 diamond, x4 cross; in 3D sphere, cube, tetrahedron, octahedron, 3D cross.
 * Leaves out the drawing: each renderer draws the shape its own way.
 */
public enum Marker {
    CIRCLE, SQUARE, TRIANGLE, DIAMOND, CROSS;

    /** The marker of a kind. */
    public static Marker of(Kind kind) {
        return switch (kind) {
            case Q -> CIRCLE;
            case K -> SQUARE;
            case V -> TRIANGLE;
            case X1 -> DIAMOND;
            default -> CROSS;
        };
    }
}
