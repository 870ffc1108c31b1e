package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.TestFiles;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.Preset;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeLine;
import org.qkvlens.probe.Site;

/**
 * recipe.json gives back the request it was written from (every field, floats exactly, the capture filter), the
 * probes in order with their references, the typed count, and the corpus as copied (aligned files too); a recipe whose
 * fields are wrong is one message naming the file and field.
 */

class RunRecipeTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldComesBack() throws Exception {
        RunRequest r = new RunRequest(Preset.TUTORIAL, 96, 2, 3, 4, 2, 200, 300, 0.15f, 80, 16, 7, 3.3e-4f, 0.7f, 99L, 2,
                40, BatchOrder.RANDOM, TokenizerKind.SPACES, 2, 0.125f, 5, null,
                new CaptureFilter(Set.of(Site.DEC_CROSS, Site.ENC_SELF), Set.of(0, 2), Set.of(Kind.K, Kind.Q)));
        Path src = TestFiles.write(dir, "a.en", "we eat\n"), trg = TestFiles.write(dir, "a.de", "wir essen\n");
        Path run = Files.createDirectories(dir.resolve("run"));
        List<ProbeLine> probes = List.of(new ProbeLine("we eat", "wir essen", "probe 1"), new ProbeLine("eat", null, "set:3"));
        RunRecipe.write(run, r, "a.en + a.de", true, List.of(src, trg), probes, 1);
        Files.delete(src);                                      // the copies are what counts
        RunRecipe back = RunRecipe.read(run);
        assertEquals(r, back.request());
        assertEquals(probes, back.probes());
        assertEquals(1, back.typed());
        assertTrue(back.aligned());
        assertEquals("a.en + a.de", back.corpusLabel());
        assertEquals(1, back.pairs().size());
        RunRecipe.setEpochs(run, 12);
        assertEquals(r.withEpochs(12), RunRecipe.read(run).request());
    }

    @Test
    void aWrongFieldIsNamed() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        RunRecipe.write(run, RunRequest.of(Preset.ARTICLE), "tiny.csv", false,
                List.of(TestFiles.write(dir, "tiny.csv", TestFiles.TINY_CORPUS)), List.of(), 0);
        Path file = run.resolve(RunRecipe.FILE);
        String good = Files.readString(file);
        Files.writeString(file, good.replace("\"article\"", "\"huge\""));
        BadInputException e = assertThrows(BadInputException.class, () -> RunRecipe.read(run));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("request"), e.getMessage());
        Files.writeString(file, good.replaceAll("\"typed_probes\"\\s*:\\s*0", "\"typed_probes\": 5"));
        e = assertThrows(BadInputException.class, () -> RunRecipe.read(run));
        assertTrue(e.getMessage().contains("typed_probes"), e.getMessage());
        Files.writeString(file, good.replace("corpus/pairs/tiny.csv", "../../etc/passwd"));
        e = assertThrows(BadInputException.class, () -> RunRecipe.read(run));
        assertTrue(e.getMessage().contains("not in the run's corpus/ folder"), e.getMessage());
    }
}
