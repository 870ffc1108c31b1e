package org.qkvlens.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.RunModel;
import org.qkvlens.probe.Snapshot;

/**
 * The app's File → Open model… command ({@link RunModel#openModel}): the checkpoints of a PyTorch directory become the
 * run on screen, one snapshot per checkpoint at its epoch, through the current probe lines; a bad directory is a
 * message. Background work runs on the calling thread here; JavaFX properties need no toolkit.
 */
class OpenModelTest {
    @Test
    void opensEveryCheckpointThroughTheCurrentProbes() {
        LiveRun live = new LiveRun();
        RunModel run = new RunModel(Background.direct(), live);
        run.probeLines().setAll("a man runs in the park .", "the dog sits on the zebra");
        run.openModel(PyTorchFidelityTest.ROOT.resolve("B/bf16/epochs"));
        live.poll();
        assertEquals(RunModel.Status.VIEWING_FILE, run.statusProperty().get(), run.messageProperty().get());
        assertEquals(List.of(1, 2, 5), live.snapshots().stream().map(Snapshot::epoch).toList());
        assertEquals(2, live.snapshots().getFirst().probes().size());
        assertEquals(12, live.infoProperty().get().hidDim());
        assertEquals(3, live.infoProperty().get().decLayers());
        assertEquals(5, run.totalEpochsProperty().get());
        assertEquals("epochs: 3 checkpoints of 2 probes", run.messageProperty().get());
    }

    @Test
    void aBadDirectoryIsAMessage() {
        LiveRun live = new LiveRun();
        RunModel run = new RunModel(Background.direct(), live);
        run.probeLines().setAll("a man runs");
        run.openModel(PyTorchFidelityTest.ROOT.resolve("A/reference"));
        assertEquals(RunModel.Status.FAILED, run.statusProperty().get());
        assertTrue(run.messageProperty().get().endsWith("config.json: missing (a model directory holds config.json,"
                + " vocab.json and the weights in safetensors)"), run.messageProperty().get());
    }
}
