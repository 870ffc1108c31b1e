package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.PythonScript;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.store.TensorCache;

/**
 * The README's numpy recipe for run directories, run as written (only {@code DIR} replaced) on a real run: numpy's
 * memory-mapped K and attention of probe 0 equal what QKV Lens captured, and the token table names K's rows.
 */
class RunDirectoryNumpyTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeRecipeReadsWhatWasCaptured() throws IOException {
        String python = null;
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                PythonScript.run(candidate, "import numpy");
                python = candidate;
                break;
            } catch (IOException | AssertionError notThisOne) {
                // try the next one
            }
        }
        Assumptions.assumeTrue(python != null, "no python3 with numpy found");

        Path run = dir.resolve("run");
        List<Snapshot> snapshots;
        try (TrainingSession session = new TrainingSession(ArticleRuns.setup(1, 1234, 2, true))) {
            session.storeIn(run, new TensorCache(0));
            session.run();
            snapshots = session.snapshots().history();
        }
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Run directories");
        int start = readme.indexOf("```python", section) + "```python".length();
        String recipe = readme.substring(start, readme.indexOf("```", start))
                .replace("DIR/snapshots/e030", run.resolve("snapshots/e001").toString());
        String script = recipe + "\nprint(repr(float(np.asarray(k0, dtype=np.float64).sum())))"
                + "\nprint(repr(float(np.asarray(a0, dtype=np.float64).sum())))"
                + "\nprint(' '.join(words[p['src_row'] : p['src_row'] + len(p['source'])]))"
                + "\nprint(k0.shape, a0.shape)";
        String[] out = PythonScript.run(python, script).strip().split("\n");

        ProbeCapture c = snapshots.getLast().probes().stream().filter(p -> p.probe() == 0).findFirst().orElseThrow();
        Tensor k = c.array(new ArrayKey(Site.ENC_SELF, 0, Kind.K));
        Tensor a = c.array(new ArrayKey(Site.DEC_CROSS, 0, Kind.ATTENTION));
        assertEquals(sum(k), Double.parseDouble(out[0]), 1e-9 * Math.max(1, Math.abs(sum(k))));
        assertEquals(sum(a), Double.parseDouble(out[1]), 1e-9 * Math.max(1, Math.abs(sum(a))));
        assertEquals(String.join(" ", c.sourceLabels()), out[2]);
        String shapes = String.format(Locale.ROOT, "(%d, %d) (%d, %d, %d)", k.dim(0), k.dim(1), a.dim(1), a.dim(0), a.dim(2));
        assertEquals(shapes, out[3]);
        assertTrue(a.dim(2) > 1);
    }

    private static double sum(Tensor t) {
        double s = 0;
        for (float v : t.data()) s += v;
        return s;
    }
}
