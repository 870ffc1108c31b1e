package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.RunModel;
import org.qkvlens.session.ProbeSet;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The probe panel's probe-set row sets the run model's probe set: typed only, then N sampled pairs, then none. */
@ExtendWith(ApplicationExtension.class)
class ProbeSetRowTest {

    @Start
    void start(Stage stage) {
    }

    @Test
    @SuppressWarnings("unchecked")
    void choosingSampledPairsSetsTheRunsProbeSet() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            RunModel run = new RunModel(Background.direct(), new LiveRun());
            ProbeSetRow row = new ProbeSetRow(run);
            new Scene(row, 500, 60);
            ChoiceBox<String> kind = (ChoiceBox<String>) row.lookup("#probe-set-kind");
            Spinner<Integer> count = (Spinner<Integer>) row.lookup("#probe-set-count");
            assertNull(run.probeSetProperty().get());
            kind.setValue(ProbeSetRow.SAMPLED);
            assertEquals(new ProbeSet.Sampled(1000, null), run.probeSetProperty().get());
            count.getValueFactory().setValue(250);
            assertEquals(new ProbeSet.Sampled(250, null), run.probeSetProperty().get());
            kind.setValue(ProbeSetRow.FILE);
            assertNull(run.probeSetProperty().get(), "no file chosen yet");
            kind.setValue(ProbeSetRow.NONE);
            assertNull(run.probeSetProperty().get());
            return null;
        }).get();
    }
}
