package org.qkvlens.app;

import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;

/**
 * Where the main window opens and how big: where it was last time (kept in {@link java.util.prefs.Preferences}) if
 * that place is still on a screen, else centred on the primary screen at {@link #PREFERRED_WIDTH} ×
 * {@link #PREFERRED_HEIGHT} or smaller; always inside the visual bounds (screen minus task bars) of the screen it
 * opens on. Leaves out: windows spanning two screens (the one holding the window's centre wins) and full-screen mode.
 */
public final class WindowPlacement {
    static final double PREFERRED_WIDTH = 1480;
    static final double PREFERRED_HEIGHT = 940;
    /** Smallest window the layout is made for; smaller screens get their whole visual bounds. */
    static final double MIN_WIDTH = 800;
    static final double MIN_HEIGHT = 560;

    /** A window's outer bounds and whether it was maximized. */
    public record Bounds(double x, double y, double width, double height, boolean maximized) {
        Rectangle2D rectangle() {
            return new Rectangle2D(x, y, width, height);
        }
    }

    private WindowPlacement() {
    }

    /**
     * The bounds to open at: {@code saved} moved and shrunk into the visual bounds of the screen holding its centre,
     * or, when there is no saved place or its screen is gone, the preferred size shrunk to {@code primary} and centred.
     * {@code screens} are the visual bounds of every screen now attached.
     */
    public static Bounds place(Bounds saved, List<Rectangle2D> screens, Rectangle2D primary) {
        if (saved != null && saved.width() > 0 && saved.height() > 0) {
            double cx = saved.x() + saved.width() / 2, cy = saved.y() + saved.height() / 2;
            for (Rectangle2D s : screens) {
                if (s.contains(cx, cy)) return fit(saved.x(), saved.y(), saved.width(), saved.height(), saved.maximized(), s);
            }
        }
        double w = Math.min(PREFERRED_WIDTH, primary.getWidth()), h = Math.min(PREFERRED_HEIGHT, primary.getHeight());
        return fit(primary.getMinX() + (primary.getWidth() - w) / 2, primary.getMinY() + (primary.getHeight() - h) / 2, w, h,
                false, primary);
    }

    /** The rectangle shrunk to fit {@code screen} and moved inside it. */
    private static Bounds fit(double x, double y, double w, double h, boolean maximized, Rectangle2D screen) {
        w = Math.min(Math.max(w, Math.min(MIN_WIDTH, screen.getWidth())), screen.getWidth());
        h = Math.min(Math.max(h, Math.min(MIN_HEIGHT, screen.getHeight())), screen.getHeight());
        x = Math.max(screen.getMinX(), Math.min(x, screen.getMaxX() - w));
        y = Math.max(screen.getMinY(), Math.min(y, screen.getMaxY() - h));
        return new Bounds(x, y, w, h, maximized);
    }

    /** The bounds saved in {@code node}, or null when none (or unreadable) are there. */
    public static Bounds load(Preferences node) {
        double w = node.getDouble("width", -1), h = node.getDouble("height", -1);
        if (!(w > 0 && h > 0)) return null;
        double x = node.getDouble("x", Double.NaN), y = node.getDouble("y", Double.NaN);
        if (!Double.isFinite(x) || !Double.isFinite(y)) return null;
        return new Bounds(x, y, w, h, node.getBoolean("maximized", false));
    }

    /** Keeps {@code b} in {@code node} for the next start; a store that cannot be written is ignored. */
    public static void save(Preferences node, Bounds b) {
        node.putDouble("x", b.x());
        node.putDouble("y", b.y());
        node.putDouble("width", b.width());
        node.putDouble("height", b.height());
        node.putBoolean("maximized", b.maximized());
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // the next start opens at the default place: nothing to tell the user about
        }
    }
}
