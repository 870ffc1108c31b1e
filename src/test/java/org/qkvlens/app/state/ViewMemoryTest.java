package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;

/**
 * A run continued (or opened) in a new app shows what was looked at in it last: sentences A and B, the further
 * sentences, site, layer, head and kinds come back from its view.json; a damaged view.json is no view, never an error,
 * and a new run's defaults do not overwrite the view of the run being restored.
 */
class ViewMemoryTest {
    @RegisterExtension
    final RunsFolder runs = new RunsFolder();

    /** One app's worth of models: run, live run, selection, and the memory tying them. */
    private record App(RunModel run, LiveRun live, Selection selection) {
        static App of(RunModel run, LiveRun live) {
            Selection selection = new Selection();
            new ViewMemory(selection, run, live, Background.direct());
            return new App(run, live, selection);
        }
    }

    private static final String[] PROBES = {"we eat apple", "apple eat we", "i eat apple", "we eat", "apple"};

    private App first() {
        LiveRun live = new LiveRun();
        RunModel run = new RunModel(Background.direct(), live);
        run.chooseCorpus(CorpusChoice.pairs(org.qkvlens.data.TestFiles.write(runs.scratch(), "tiny.csv",
                org.qkvlens.data.TestFiles.TINY_CORPUS)));
        run.probeLines().setAll(PROBES);
        run.threadsProperty().set(1);
        run.epochsProperty().set(2);
        return App.of(run, live);
    }

    @Test
    void aContinuedRunComesBackAsItWasLeft() throws Exception {
        App a = first();
        a.run().start();
        a.run().session().await();
        a.live().poll();
        Path dir = a.run().shownRunDirectory();
        a.selection().sentenceAProperty().set(2);
        a.selection().sentenceBProperty().set(3);
        a.selection().setExtraProbes(List.of(0, 4));
        a.selection().siteProperty().set(Site.ENC_SELF);
        a.selection().kinds().retainAll(Set.of(Kind.V));
        a.selection().kinds().add(Kind.Q);
        a.selection().heatmapKindProperty().set(Kind.Q);
        a.run().stop();
        assertTrue(Files.isRegularFile(dir.resolve(ViewMemory.FILE)));

        LiveRun live = new LiveRun();
        App b = App.of(new RunModel(Background.direct(), live), live);      // a new start of the app
        b.run().continueRun(dir, 3);
        b.live().poll();
        b.run().session().await();
        assertEquals(2, b.selection().sentenceAProperty().get());
        assertEquals(3, b.selection().sentenceBProperty().get());
        assertEquals(Set.of(0, 4), Set.copyOf(b.selection().extraProbes()));
        assertEquals(Site.ENC_SELF, b.selection().site());
        assertEquals(Set.of(Kind.Q, Kind.V), Set.copyOf(b.selection().kinds()));
        assertEquals(Kind.Q, b.selection().heatmapKindProperty().get());
        b.run().stop();
    }

    @Test
    void aDamagedViewIsNoView() throws Exception {
        Path dir = Files.createDirectories(runs.scratch().resolve("r"));
        String good = "{\"sentence_a\": 1, \"sentence_b\": 0, \"extra_probes\": [2], \"site\": \"enc_self\", \"layer\": 0,"
                + " \"head\": -1, \"kinds\": [\"K\"], \"heatmap_kind\": \"K\"}";
        Files.writeString(dir.resolve(ViewMemory.FILE), good);
        assertEquals(1, ViewMemory.read(dir).a());
        for (String bad : List.of("{", "[]", good.replace("\"enc_self\"", "\"nowhere\""), good.replace("\"K\"]", "7]"),
                good.replace("\"sentence_a\": 1", "\"sentence_a\": -4"), good.replace("\"heatmap_kind\": \"K\"",
                        "\"heatmap_kind\": \"attention\""))) {
            Files.writeString(dir.resolve(ViewMemory.FILE), bad);
            assertNull(ViewMemory.read(dir), bad);
        }
        Files.delete(dir.resolve(ViewMemory.FILE));
        assertNull(ViewMemory.read(dir));
    }
}
