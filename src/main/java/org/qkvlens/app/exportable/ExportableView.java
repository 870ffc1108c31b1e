package org.qkvlens.app.exportable;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
import org.qkvlens.app.draw.Drawing;

/**
 * A view that File → Export and its own export button can write: a PNG of {@link #exportNode()} exactly as shown
 * (legend and labels included) at 1×, 2× or 4×, SVG and PDF from its {@link #vectorDrawing()} where it offers one, and for
 * views of numbers also a CSV. The export commands themselves
 * live above the views (org.qkvlens.app.export): a view only offers its picture, its numbers and a place for the
 * button, and never calls the export. It has a package of its own, below every view package, because the views of
 * app.view and of app.view.scatter implement it while the main view holds the scatter views: in app.view it tied
 * those two packages into a cycle.
 */
public interface ExportableView {
    /** A short name for file names: {@code heatmap}, {@code attention}, {@code scatter-2d}, … */
    String exportName();

    /** The node whose picture is exported. */
    Node exportNode();

    /** The numbers shown, as CSV; null for views without a table of numbers. */
    default String csv() {
        return null;
    }

    /**
     * Called on the FX thread right before the export picture is taken at {@code scale} (2 or 4), and with 1 right
     * after. A view that draws on a Canvas repaints at that pixel density here, so its PNG stays sharp instead of being
     * a scaled-up bitmap; views built from shapes and text need nothing (the default).
     */
    default void setExportScale(int scale) {
    }

    /**
     * How to take the picture as a drawing description, for SVG and PDF: the same painting as the screen and the PNG,
     * at the size of {@link #exportNode()}, taken when called (FX thread). Null (the default) for views that export
     * as PNG only.
     */
    default Supplier<Drawing> vectorDrawing() {
        return null;
    }

    /** Puts the export button made for this view into the view's own toolbar. */
    void placeExportButton(Node button);

    /** Where messages about this view's exports go ("saved heatmap.png"); null: the window's status line (the default). */
    default Consumer<String> exportMessages() {
        return null;
    }
}
