package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.chart.NumberAxis;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.session.RunRecord;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The loss chart's ticks are the figures' ticks: a decimal point under a German default locale too. */
@ExtendWith(ApplicationExtension.class)
class LossChartViewTest {

    @Start
    void start(Stage stage) {
    }

    @Test
    void lossTicksIgnoreTheDefaultLocale() throws Exception {
        RunRecord run = ArticleSnapshots.record();
        Locale before = Locale.getDefault();
        List<String> labels;
        try {
            Locale.setDefault(Locale.GERMANY);
            labels = WaitForAsyncUtils.asyncFx(() -> {
                LiveRun live = new LiveRun();
                live.load(RunInfo.of("article3", run), run);
                live.poll();
                LossChartView view = new LossChartView(live);
                new Scene(view, 500, 400);
                view.applyCss();
                view.layout();
                NumberAxis y = (NumberAxis) view.lookupAll(".axis").stream()
                        .filter(n -> n instanceof NumberAxis a && "loss".equals(a.getLabel())).findFirst().orElseThrow();
                assertTrue(y.getTickUnit() < 1, "tick unit " + y.getTickUnit());
                // the tick labels as drawn: the axis's text nodes, its title ("loss") aside
                return y.lookupAll("Text").stream().map(n -> ((Text) n).getText()).filter(t -> !t.equals("loss")).toList();
            }).get();
        } finally {
            Locale.setDefault(before);
        }
        assertFalse(labels.isEmpty());
        assertTrue(labels.stream().anyMatch(l -> l.contains(".")), labels.toString());
        assertFalse(labels.stream().anyMatch(l -> l.contains(",")), labels.toString());
    }
}
