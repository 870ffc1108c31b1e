package org.qkvlens.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.view.MainView;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The export commands reach the window from above: installed into a main window, every exportable view gets its own
 * Export button and File → Export one submenu per view, in the views' order.
 */
@ExtendWith(ApplicationExtension.class)
class ExportsInstallTest {
    private AppModel model;
    private MainView window;

    @Start
    void start(Stage stage) {
        model = new AppModel(Background.direct());
        window = new MainView(model, stage);
        Exports.install(window, model.background(), model.run()::note);
        stage.setScene(new Scene(window, 1400, 900));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> model.shutdown()).get();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }

    @Test
    void everyViewHasAnExportButtonAndASubmenu() throws Exception {
        List<ExportableView> views = fx(() -> window.exportableViews());
        for (ExportableView v : views) {
            long buttons = fx(() -> descendants((Parent) v).stream()
                    .filter(n -> n instanceof MenuButton b && b.getText().equals("Export")).count());
            assertEquals(1, buttons, v.exportName() + " has one Export button");
        }
        Menu file = fx(() -> descendants(window).stream().filter(MenuBar.class::isInstance).map(MenuBar.class::cast)
                .findFirst().orElseThrow().getMenus().getFirst());
        Menu export = (Menu) file.getItems().stream().filter(i -> "menu-export".equals(i.getId())).findFirst().orElseThrow();
        assertEquals(List.of("Scatter 2D", "Scatter 3D", "Joint Q–K", "Head overview", "Cosine heatmap", "Attention matrices",
                "Members", "Nearest neighbours", "Clusters", "Loss chart"),
                export.getItems().stream().map(MenuItem::getText).toList());
        for (MenuItem one : export.getItems()) {
            List<String> items = ((Menu) one).getItems().stream().map(MenuItem::getText).toList();
            assertTrue(items.containsAll(List.of("PNG 1×…", "PNG 2×…", "PNG 4×…", "CSV…")), items.toString());
        }
    }

    private static List<Node> descendants(Parent p) {
        List<Node> out = new java.util.ArrayList<>();
        for (Node n : p.getChildrenUnmodifiable()) {
            out.add(n);
            if (n instanceof Parent q) out.addAll(descendants(q));
        }
        return out;
    }
}
