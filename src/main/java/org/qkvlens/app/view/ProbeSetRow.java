package org.qkvlens.app.view;

import java.io.File;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import org.qkvlens.app.state.RunModel;
import org.qkvlens.session.ProbeSet;

/**
 * The probe set of the next run, under the typed probes: none, N training pairs sampled with the run's seed, or the
 * sentences of a file. It only sets {@link RunModel#probeSetProperty()}; the run request does the rest. Leaves out the
 * validation split (the app trains without one) and a seed of its own.
 */
final class ProbeSetRow extends HBox {
    static final String NONE = "typed probes only", SAMPLED = "training pairs, sampled:", FILE = "sentences of a file";

    ProbeSetRow(RunModel run) {
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.setId("probe-set-kind");
        kind.getItems().addAll(NONE, SAMPLED, FILE);
        Spinner<Integer> count = new Spinner<>(1, ProbeSet.MAX_PROBES, 1000, 100);
        count.setId("probe-set-count");
        count.setEditable(true);
        count.setPrefWidth(90);
        Button choose = new Button("Choose…");
        choose.setId("probe-set-file");
        Label file = new Label();
        Runnable apply = () -> {
            String k = kind.getValue();
            count.setVisible(SAMPLED.equals(k));
            count.setManaged(SAMPLED.equals(k));
            choose.setVisible(FILE.equals(k));
            choose.setManaged(FILE.equals(k));
            if (NONE.equals(k)) run.probeSetProperty().set(null);
            else if (SAMPLED.equals(k)) run.probeSetProperty().set(new ProbeSet.Sampled(count.getValue(), null));
            else if (!(run.probeSetProperty().get() instanceof ProbeSet.FromFile)) run.probeSetProperty().set(null);
        };
        kind.valueProperty().addListener((o, x, y) -> apply.run());
        count.valueProperty().addListener((o, x, y) -> apply.run());
        choose.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Probe sentences, one per line");
            File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) run.chooseProbeSetFile(f.toPath());
        });
        run.probeSetProperty().addListener((o, x, y) -> file.setText(y instanceof ProbeSet.FromFile f
                ? f.lines().size() + " from " + new File(f.name()).getName() : ""));
        kind.setValue(NONE);
        getChildren().addAll(new Label("Probe set"), kind, count, choose, file);
        setSpacing(6);
        setAlignment(Pos.CENTER_LEFT);
    }
}
