package org.qkvlens.app;

import java.util.concurrent.Callable;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.view.MainView;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Helpers the headless UI tests share: run code on the FX thread and wait for the events it caused, and open the
 * app's main window at a given size training the article preset, as the app does at start (without its window
 * placement). Leaves out anything a single test needs only once.
 */
public final class FxTesting {
    private FxTesting() {
    }

    /** {@code c} on the FX thread, then every event it posted handled; its result. */
    public static <T> T fx(Callable<T> c) throws Exception {
        T t = WaitForAsyncUtils.asyncFx(c).get();
        WaitForAsyncUtils.waitForFxEvents();
        return t;
    }

    /** After a view test: disposes its view-model and shuts the app model down, on the FX thread. */
    public static void close(Runnable dispose, AppModel app) throws Exception {
        fx(() -> {
            dispose.run();
            app.shutdown();
            return null;
        });
    }

    /** The main window on {@code stage}, {@code width} × {@code height}, with the app's style, training at once. FX thread. */
    public static MainView openMainWindow(Stage stage, AppModel model, double width, double height) {
        MainView view = new MainView(model, stage);
        Scene scene = new Scene(view, width, height);
        scene.getStylesheets().add(QkvLensApp.class.getResource("qkv-lens.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        model.ticker().start();
        QkvLensApp.startDefaultRun(model);
        return view;
    }
}
