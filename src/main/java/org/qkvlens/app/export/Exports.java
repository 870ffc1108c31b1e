package org.qkvlens.app.export;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.view.MainView;

/**
 * The export commands every view offers, in one place for the views' own Export button and the main window's
 * File → Export: {@link #png}, {@link #vector} and {@link #csv} (take the picture or the numbers on the FX thread, encode and write on
 * the {@link Background} executor, call back on the FX thread), the menu items that ask for a file first, and
 * {@link #install}, which puts them into a main window. This package sits above the views: views offer their picture
 * and numbers ({@link ExportableView}) and never call back into it.
 */
public final class Exports {
    private Exports() {
    }

    /** Writes the view's picture at {@code scale} (1, 2 or 4) to {@code file}. FX thread. */
    public static void png(ExportableView view, Path file, int scale, Background background, Consumer<Path> onDone,
                           Consumer<Throwable> onFailure) {
        PngExport.write(view, file, scale, background, onDone, onFailure);
    }

    /** Writes the view's drawing as SVG or PDF to {@code file}; fails for a view that exports as PNG only. FX thread. */
    public static void vector(ExportableView view, ExportFormat format, Path file, Background background,
                              Consumer<Path> onDone, Consumer<Throwable> onFailure) {
        VectorExport.write(view, format, file, background, onDone, onFailure);
    }

    /** Writes the view's numbers to {@code file}; fails for a view without numbers. FX thread. */
    public static void csv(ExportableView view, Path file, Background background, Consumer<Path> onDone,
                           Consumer<Throwable> onFailure) {
        CsvExport.write(view, file, background, onDone, onFailure);
    }

    /**
     * "PNG 1×…", "PNG 2×…", "PNG 4×…", "SVG…" and "PDF…" (disabled for views that export as PNG only) and "CSV…"
     * (disabled while the view has no numbers): each asks for a file and exports; {@code status} gets
     * "saved heatmap@2x.png" or the error.
     */
    public static List<MenuItem> menuItems(ExportableView view, Background background, Consumer<String> status) {
        Chooser chooser = new Chooser();
        List<MenuItem> items = new ArrayList<>();
        for (int scale : PngExport.SCALES) {
            MenuItem item = new MenuItem("PNG " + scale + "×…");
            item.setOnAction(e -> {
                String name = view.exportName() + (scale == 1 ? "" : "@" + scale + "x") + ".png";
                Path file = chooser.ask(view.exportNode(), "Export " + view.exportName() + " as PNG (" + scale + "×)", name,
                        new FileChooser.ExtensionFilter("PNG image", "*.png"));
                if (file != null) png(view, file, scale, background, f -> status.accept("saved " + f.getFileName()),
                        t -> status.accept("PNG export failed: " + message(t)));
            });
            items.add(item);
        }
        for (ExportFormat format : List.of(ExportFormat.SVG, ExportFormat.PDF)) {
            MenuItem item = new MenuItem(format.name() + "…");
            item.setDisable(view.vectorDrawing() == null);
            item.setOnAction(e -> {
                Path file = chooser.ask(view.exportNode(), "Export " + view.exportName() + " as " + format.name(),
                        view.exportName() + "." + format.extension(),
                        new FileChooser.ExtensionFilter(format.description(), "*." + format.extension()));
                if (file != null) vector(view, format, file, background, f -> status.accept("saved " + f.getFileName()),
                        t -> status.accept(format.name() + " export failed: " + message(t)));
            });
            items.add(item);
        }
        items.add(new SeparatorMenuItem());
        MenuItem csv = new MenuItem("CSV…");
        csv.setOnAction(e -> {
            Path file = chooser.ask(view.exportNode(), "Export " + view.exportName() + " numbers as CSV", view.exportName() + ".csv",
                    new FileChooser.ExtensionFilter("CSV table", "*.csv"));
            if (file != null) csv(view, file, background, f -> status.accept("saved " + f.getFileName()),
                    t -> status.accept("CSV export failed: " + message(t)));
        });
        items.add(csv);
        return items;
    }

    /** A small "Export" menu button for a view's toolbar, with {@link #menuItems}. */
    public static MenuButton menuButton(ExportableView view, Background background, Consumer<String> status) {
        MenuButton button = new MenuButton("Export");
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setTooltip(new Tooltip(view.vectorDrawing() != null ? "save this view as a PNG, SVG or PDF picture or its numbers as CSV"
                : "save this view as a PNG picture or its numbers as CSV"));
        button.getItems().setAll(menuItems(view, background, status));
        MenuItem csv = button.getItems().getLast();
        button.setOnShowing(e -> csv.setDisable(view.csv() == null));
        return button;
    }

    /**
     * Gives every exportable view of the window its Export button and fills File → Export. Messages go to the view's
     * own status line where it has one, else to {@code status}. FX thread.
     */
    public static void install(MainView window, Background background, Consumer<String> status) {
        window.fillExportMenu(v -> menuItems(v, background, messages(v, status)));
        for (ExportableView v : window.exportableViews()) v.placeExportButton(menuButton(v, background, messages(v, status)));
    }

    private static Consumer<String> messages(ExportableView view, Consumer<String> status) {
        return view.exportMessages() != null ? view.exportMessages() : status;
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** A save dialog that remembers the folder it was last pointed at. */
    private static final class Chooser {
        private File directory;

        Path ask(Node owner, String title, String name, FileChooser.ExtensionFilter filter) {
            FileChooser fc = new FileChooser();
            fc.setTitle(title);
            fc.setInitialFileName(name);
            fc.getExtensionFilters().setAll(filter);
            if (directory != null && directory.isDirectory()) fc.setInitialDirectory(directory);
            Window window = owner.getScene() == null ? null : owner.getScene().getWindow();
            File f = fc.showSaveDialog(window);
            if (f == null) return null;
            directory = f.getParentFile();
            String ext = filter.getExtensions().getFirst().substring(1);
            return f.getName().contains(".") ? f.toPath() : f.toPath().resolveSibling(f.getName() + ext);
        }
    }
}
