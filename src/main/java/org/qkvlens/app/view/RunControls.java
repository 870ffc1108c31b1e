package org.qkvlens.app.view;

import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.qkvlens.app.state.RunModel;
import org.qkvlens.engine.Preset;

/**
 * The run's controls: corpus, preset and its fields, seed and epochs; start, pause/resume and stop; a progress bar
 * with epoch, step, loss and tokens/s. Binds to {@link RunModel}; holds no state of its own.
 */
public final class RunControls extends VBox {

    public RunControls(RunModel run, Runnable openCorpus) {
        Label corpus = new Label();
        corpus.setId("run-corpus");
        corpus.textProperty().bind(Bindings.createStringBinding(
                () -> run.corpusProperty().get() == null ? "no corpus" : run.corpusProperty().get().label(), run.corpusProperty()));
        Tooltip corpusTip = new Tooltip();
        corpusTip.textProperty().bind(Bindings.createStringBinding(
                () -> run.corpusProperty().get() == null ? "no corpus" : run.corpusProperty().get().description(), run.corpusProperty()));
        corpus.setTooltip(corpusTip);
        // a long corpus name (two aligned files) shortens itself, never the caption or the button beside it
        corpus.setMinWidth(0);
        corpus.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(corpus, Priority.ALWAYS);
        Button open = new Button("Open…");
        open.setId("run-open-corpus");
        open.setMinWidth(Region.USE_PREF_SIZE);
        open.setTooltip(new Tooltip("Open a corpus: a CSV/TSV file of sentence pairs, or two line-aligned files"));
        open.setOnAction(e -> openCorpus.run());
        Label caption = new Label("Corpus");
        caption.setId("run-corpus-caption");
        caption.setMinWidth(Region.USE_PREF_SIZE);
        HBox corpusRow = new HBox(6, caption, corpus, open);
        corpusRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        ComboBox<Preset> preset = new ComboBox<>();
        preset.setId("run-preset");
        preset.getItems().setAll(Preset.values());
        preset.valueProperty().bindBidirectional(run.presetProperty());
        preset.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Preset p) {
                return p == null ? "" : p.id();
            }

            @Override
            public Preset fromString(String s) {
                return Preset.valueOf(s.toUpperCase(java.util.Locale.ROOT));
            }
        });

        GridPane fields = new GridPane();
        fields.setHgap(6);
        fields.setVgap(4);
        fields.addRow(0, new Label("Preset"), preset, new Label("Capture"), new CaptureChooser(run.captureProperty()));
        fields.addRow(1, new Label("hid_dim"), intSpinner(run.hidDimProperty(), 8, 1024, 8, "run-hid"),
                new Label("Layers"), intSpinner(run.layersProperty(), 1, 12, 1, "run-layers"));
        fields.addRow(2, new Label("Heads"), intSpinner(run.headsProperty(), 1, 32, 1, "run-heads"),
                new Label("pf_dim"), intSpinner(run.pfDimProperty(), 8, 4096, 8, "run-pf"));
        fields.addRow(3, new Label("Dropout"), doubleSpinner(run.dropoutProperty(), 0, 0.9, 0.05, "run-dropout"),
                new Label("Batch"), intSpinner(run.batchSizeProperty(), 1, 1024, 1, "run-batch"));
        fields.addRow(4, new Label("Epochs"), intSpinner(run.epochsProperty(), 1, 1000, 1, "run-epochs"),
                new Label("LR"), doubleSpinner(run.learningRateProperty(), 1e-5, 1e-1, 1e-4, "run-lr"));
        fields.addRow(5, new Label("Seed"), intSpinner(run.seedProperty(), 0, Integer.MAX_VALUE, 1, "run-seed"),
                new Label("Threads"), intSpinner(run.threadsProperty(), 1, 256, 1, "run-threads"));

        Button start = new Button("Start");
        start.setId("run-start");
        start.setDefaultButton(true);
        start.setOnAction(e -> run.start());
        Button pause = new Button();
        pause.setId("run-pause");
        pause.textProperty().bind(Bindings.when(run.statusProperty().isEqualTo(RunModel.Status.PAUSED)).then("Resume").otherwise("Pause"));
        pause.disableProperty().bind(run.statusProperty().isNotEqualTo(RunModel.Status.RUNNING)
                .and(run.statusProperty().isNotEqualTo(RunModel.Status.PAUSED)));
        pause.setOnAction(e -> {
            if (run.statusProperty().get() == RunModel.Status.PAUSED) run.resume();
            else run.pause();
        });
        Button stop = new Button("Stop");
        stop.setId("run-stop");
        stop.disableProperty().bind(pause.disableProperty());
        stop.setOnAction(e -> run.stop());
        HBox buttons = new HBox(6, start, pause, stop);

        ProgressBar progress = new ProgressBar();
        progress.setId("run-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(run.progressProperty());
        Label status = new Label();
        status.setId("run-status");
        status.setWrapText(true);                    // two lines (see statusText); a narrower panel wraps rather than cuts
        Tooltip statusTip = new Tooltip();
        statusTip.textProperty().bind(status.textProperty());
        status.setTooltip(statusTip);
        status.textProperty().bind(Bindings.createStringBinding(() -> statusText(run), run.statusProperty(), run.epochProperty(),
                run.stepProperty(), run.lossProperty(), run.tokensPerSecondProperty(), run.totalEpochsProperty()));
        Label message = new Label();
        message.setId("run-message");
        message.setWrapText(true);
        message.textProperty().bind(run.messageProperty());
        message.getStyleClass().add("run-message");

        getChildren().addAll(corpusRow, fields, buttons, progress, status, message);
        setSpacing(8);
        setPadding(new Insets(8));
    }

    private static String statusText(RunModel run) {
        RunModel.Status s = run.statusProperty().get();
        String state = switch (s) {
            case IDLE -> "idle";
            case LOADING -> "loading…";
            case RUNNING -> "training";
            case PAUSED -> "paused";
            case FINISHED -> "finished";
            case STOPPED -> "stopped";
            case FAILED -> "failed";
            case VIEWING_FILE -> "viewing a file";
        };
        if (run.epochProperty().get() == 0 || s == RunModel.Status.VIEWING_FILE) return state;
        return String.format("%s · epoch %d/%d · step %d/%d\nloss %.3f · %,.0f tok/s", state, run.epochProperty().get(),
                run.totalEpochsProperty().get(), run.stepProperty().get(), run.stepsInEpochProperty().get(),
                run.lossProperty().get(), run.tokensPerSecondProperty().get());
    }

    private static Spinner<Integer> intSpinner(IntegerProperty p, int min, int max, int step, String id) {
        Spinner<Integer> s = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, clamp(p.get(), min, max), step));
        s.setEditable(true);
        s.setPrefWidth(86);
        s.setId(id);
        s.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null && b != p.get()) p.set(b);
        });
        p.addListener((o, a, b) -> s.getValueFactory().setValue(clamp(b.intValue(), min, max)));
        return s;
    }

    private static Spinner<Double> doubleSpinner(DoubleProperty p, double min, double max, double step, String id) {
        Spinner<Double> s = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, p.get(), step));
        s.setEditable(true);
        s.setPrefWidth(86);
        s.setId(id);
        s.getValueFactory().setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : java.math.BigDecimal.valueOf(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
            }

            @Override
            public Double fromString(String text) {
                try {
                    return Double.valueOf(text.strip());
                } catch (NumberFormatException e) {
                    return p.get();
                }
            }
        });
        s.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null && b != p.get()) p.set(b);
        });
        p.addListener((o, a, b) -> s.getValueFactory().setValue(b.doubleValue()));
        return s;
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }
}
