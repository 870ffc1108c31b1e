package org.qkvlens.app.exportable;

import javafx.scene.Node;

/**
 * A view that File → Export and its own export button can write: a PNG of {@link #exportNode()} exactly as shown
 * (legend and labels included) at 1×, 2× or 4×, and for views of numbers also a CSV. It has a package of its own,
 * below every view package, because the views of app.view and of app.view.scatter implement it while the main view
 * holds the scatter views: in app.view it tied those two packages into a cycle. Leaves out how a view is exported
 * (that is app.export's business).
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
}
