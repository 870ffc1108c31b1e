package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.RunModel;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.data.Dataset;
import org.qkvlens.data.TextPair;
import org.qkvlens.data.Vocab;
import org.qkvlens.engine.Preset;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.session.RunRequest;
import org.qkvlens.session.RunSetup;
import picocli.CommandLine;

/**
 * The app's run panel and {@code qkv-lens train} reach a {@link RunSetup} by one path ({@link RunRequest}): the same
 * choices give the same model, training and data, and the app's configuration is what it hard-coded before
 * (Adam 0.9/0.999/1e-8, clip 1).
 */
class OneRunPathTest {
    private static final String CORPUS = "sample-sentences/eng_de.csv";
    private static final String PROBES = "sample-sentences/probes.txt";

    /** {@code train ARGS} parsed as the command line does, then built exactly as {@code train} builds its run. */
    private static RunSetup cli(String... args) {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs(args);
        return SetupOptions.build(TrainCommand.NAME, train.model, train.training, train.data);
    }

    /** The app's set-up after the user's choices, built as RunModel.start builds it (on the same files). */
    private static RunSetup app(RunModel run) {
        List<TextPair> pairs = CorpusReader.readPairs(Path.of(CORPUS));
        return run.request().setup(CORPUS, pairs, null, ProbeFile.read(Path.of(PROBES)));
    }

    private static RunModel appWith(Preset preset) {
        RunModel run = new RunModel(Background.direct(), new LiveRun());
        run.presetProperty().set(preset);
        run.threadsProperty().set(2);
        return run;
    }

    @Test
    void eachPresetAsIs() {
        for (Preset preset : Preset.values()) {
            RunSetup app = app(appWith(preset));
            RunSetup cli = cli("--preset", preset.id(), "--threads", "2", "--corpus", CORPUS, "--valid", CORPUS,
                    "--probes", PROBES);
            assertSameRun(app, cli);
            TrainConfig t = app.train();
            assertEquals(new TrainConfig(t.batchSize(), t.epochs(), 5e-4f, 0.9f, 0.999f, 1e-8f, 1f, 1234, 2, t.maxDecode()), t,
                    "the app's configuration before it went through RunRequest");
            assertEquals(preset.training(1234, 2), t);
            assertEquals(preset.model().withVocab(app.model().srcVocab(), app.model().trgVocab()), app.model());
        }
    }

    @Test
    void theSameOverrides() {
        RunModel run = appWith(Preset.TUTORIAL);
        run.hidDimProperty().set(32);
        run.layersProperty().set(2);
        run.headsProperty().set(4);
        run.pfDimProperty().set(48);
        run.dropoutProperty().set(0.25);
        run.batchSizeProperty().set(16);
        run.epochsProperty().set(3);
        run.learningRateProperty().set(0.001f);
        run.seedProperty().set(7);
        run.maxDecodeProperty().set(12);
        run.spacesTokenizerProperty().set(true);
        RunSetup cli = cli("--preset", "tutorial", "--threads", "2", "--hid", "32", "--layers", "2", "--heads", "4",
                "--pf", "48", "--dropout", "0.25", "--batch", "16", "--epochs", "3", "--lr", "0.001", "--seed", "7",
                "--max-decode", "12", "--tokenizer", "spaces", "--corpus", CORPUS, "--valid", CORPUS, "--probes", PROBES);
        RunSetup app = app(run);
        assertSameRun(app, cli);
        assertEquals(32, app.model().hidDim());
        assertEquals(4, app.model().decHeads());
        assertEquals(0.001f, app.train().learningRate());
    }

    private static void assertSameRun(RunSetup a, RunSetup b) {
        assertEquals(a.preset(), b.preset());
        assertEquals(a.model(), b.model());
        assertEquals(a.train(), b.train());
        assertEquals(a.order(), b.order());
        assertEquals(a.snapshotEverySteps(), b.snapshotEverySteps());
        assertEquals(a.probes(), b.probes());
        assertSameData(a.dataset(), b.dataset());
    }

    private static void assertSameData(Dataset a, Dataset b) {
        assertEquals(a.tokenizer(), b.tokenizer());
        assertEquals(tokens(a.srcVocab()), tokens(b.srcVocab()));
        assertEquals(tokens(a.trgVocab()), tokens(b.trgVocab()));
        for (var pair : List.of(List.of(a.train(), b.train()), List.of(a.valid(), b.valid()))) {
            assertEquals(pair.get(0).size(), pair.get(1).size());
            for (int i = 0; i < pair.get(0).size(); i++) {
                assertArrayEquals(pair.get(0).get(i).src(), pair.get(1).get(i).src());
                assertArrayEquals(pair.get(0).get(i).trg(), pair.get(1).get(i).trg());
            }
        }
    }

    private static List<String> tokens(Vocab v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) out.add(v.token(i));
        return out;
    }
}
