package org.qkvlens.app.state;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.qkvlens.data.TestFiles;

/**
 * Test extension: the app's runs kept in a folder of the test's own ({@code -Dqkvlens.runs} set for each test, then
 * put back), and run models on the tiny corpus with one training thread. Register with {@code @RegisterExtension}.
 */
public final class RunsFolder implements BeforeEachCallback, AfterEachCallback {
    private Path root;
    private String before;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("qkv-runs-test");
        before = System.getProperty("qkvlens.runs");
        System.setProperty("qkvlens.runs", folder().toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (before == null) System.clearProperty("qkvlens.runs");
        else System.setProperty("qkvlens.runs", before);
        org.qkvlens.store.RunStore.deleteTree(root);
    }

    /** Where the runs go. */
    public Path folder() {
        return root.resolve("runs");
    }

    /** Beside the runs: where a test may put its own files. */
    public Path scratch() {
        return root;
    }

    /** A run model set to train the tiny corpus {@code epochs} epochs on one thread with {@code probes} typed. */
    public RunModel model(int epochs, String... probes) {
        RunModel run = new RunModel(Background.direct(), new LiveRun());
        run.chooseCorpus(CorpusChoice.pairs(TestFiles.write(root, "tiny.csv", TestFiles.TINY_CORPUS)));
        run.probeLines().setAll(probes);
        run.threadsProperty().set(1);
        run.epochsProperty().set(epochs);
        return run;
    }
}
