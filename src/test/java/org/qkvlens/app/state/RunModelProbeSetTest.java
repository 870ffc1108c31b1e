package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.TestFiles;
import org.qkvlens.probe.Probe;
import org.qkvlens.session.ProbeSet;

/**
 * The app's probe set goes through the same run request as the command line's: sampled training pairs follow the
 * typed probes; a set the corpus cannot give is left out with the problem shown, and training goes on.
 */
class RunModelProbeSetTest {
    private static final String TINY = TestFiles.TINY_CORPUS;

    @TempDir
    Path dir;

    private RunModel run(ProbeSet set) {
        RunModel run = new RunModel(Background.direct(), new LiveRun());
        run.chooseCorpus(new CorpusChoice(TestFiles.write(dir, "tiny.csv", TINY), null, null));
        run.probeLines().setAll("we eat apple");
        run.probeSetProperty().set(set);
        run.start();
        return run;
    }

    @Test
    void sampledPairsFollowTheTypedProbes() {
        RunModel run = run(new ProbeSet.Sampled(3, 5L));
        try {
            List<Probe> probes = run.session().probes();
            assertEquals(4, probes.size());
            assertEquals("we eat apple", probes.getFirst().text());
            assertTrue(probes.get(1).line().origin().startsWith("tiny.csv:"), probes.get(1).line().origin());
        } finally {
            run.stop();
        }
    }

    @Test
    void aSetTheCorpusCannotGiveIsShownAndTrainingGoesOn() {
        RunModel run = run(new ProbeSet.Sampled(99, null));
        try {
            assertEquals(1, run.session().probes().size());
            String message = run.messageProperty().get();
            assertTrue(message.startsWith("training on 4 pairs") && message.contains("only 4 training pairs")
                    && message.contains("left out"), message);
        } finally {
            run.stop();
        }
    }
}
