package org.qkvlens.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** Where the main window opens: inside the visual bounds of its screen, where it was last time if that screen is there. */
class WindowPlacementTest {
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 768);
    /** 1366 × 768 with a 40 px task bar at the top. */
    private static final Rectangle2D LAPTOP_PANEL = new Rectangle2D(0, 40, 1366, 728);
    private static final Rectangle2D DESKTOP = new Rectangle2D(0, 0, 1600, 1000);
    private static final Rectangle2D RIGHT_MONITOR = new Rectangle2D(1600, 0, 1920, 1080);

    private static void assertInside(Rectangle2D screen, WindowPlacement.Bounds b) {
        assertTrue(b.x() >= screen.getMinX() && b.y() >= screen.getMinY() && b.x() + b.width() <= screen.getMaxX()
                && b.y() + b.height() <= screen.getMaxY(), b + " inside " + screen);
    }

    @Test
    void aFirstStartFitsTheScreen() {
        WindowPlacement.Bounds b = WindowPlacement.place(null, List.of(LAPTOP), LAPTOP);
        assertInside(LAPTOP, b);
        assertEquals(new WindowPlacement.Bounds(0, 0, 1366, 768, false), b);
        WindowPlacement.Bounds panel = WindowPlacement.place(null, List.of(LAPTOP_PANEL), LAPTOP_PANEL);
        assertEquals(new WindowPlacement.Bounds(0, 40, 1366, 728, false), panel, "the task bar stays visible");
        WindowPlacement.Bounds big = WindowPlacement.place(null, List.of(DESKTOP), DESKTOP);
        assertEquals(new WindowPlacement.Bounds(60, 30, 1480, 940, false), big, "preferred size, centred");
    }

    @Test
    void theLastPlaceIsKeptWhileItsScreenIsThere() {
        WindowPlacement.Bounds last = new WindowPlacement.Bounds(2000, 100, 1200, 800, false);
        assertEquals(last, WindowPlacement.place(last, List.of(DESKTOP, RIGHT_MONITOR), DESKTOP));
        WindowPlacement.Bounds gone = WindowPlacement.place(last, List.of(LAPTOP), LAPTOP);
        assertEquals(new WindowPlacement.Bounds(0, 0, 1366, 768, false), gone, "never restored onto a missing screen");
    }

    @Test
    void aLastPlaceTooBigOrHalfOffTheScreenIsPulledIn() {
        WindowPlacement.Bounds last = new WindowPlacement.Bounds(-57, -57, 1480, 940, true);
        WindowPlacement.Bounds b = WindowPlacement.place(last, List.of(LAPTOP), LAPTOP);
        assertInside(LAPTOP, b);
        assertEquals(new WindowPlacement.Bounds(0, 0, 1366, 768, true), b);
        WindowPlacement.Bounds corner = WindowPlacement.place(new WindowPlacement.Bounds(1000, 500, 900, 600, false),
                List.of(DESKTOP), DESKTOP);
        assertEquals(new WindowPlacement.Bounds(700, 400, 900, 600, false), corner);
    }

    @Test
    void boundsSurviveARestart() throws Exception {
        Preferences node = Preferences.userNodeForPackage(WindowPlacement.class).node("window-test-" + ProcessHandle.current().pid());
        try {
            assertNull(WindowPlacement.load(node), "nothing saved yet");
            WindowPlacement.Bounds b = new WindowPlacement.Bounds(12, 34, 1000, 700, false);
            WindowPlacement.save(node, b);
            assertEquals(b, WindowPlacement.load(node));
        } finally {
            node.removeNode();
        }
    }
}
