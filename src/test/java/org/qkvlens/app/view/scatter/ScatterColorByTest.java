package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.qkvlens.app.FxTesting.fx;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.PointClusters;
import org.qkvlens.projection.PointKey;
import org.qkvlens.projection.Projector;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Colour-by in the scatter's model: a change recolours the laid-out points and never lays them out again. */
@ExtendWith(ApplicationExtension.class)
class ScatterColorByTest {

    @Start
    void start(Stage stage) {
    }

    @Test
    void colourByRecoloursWithoutLayingOut() throws Exception {
        fx(() -> {
            AtomicInteger calls = new AtomicInteger();
            LayoutFunction projector = LayoutFunction.projector(new Projector());
            AppModel app = ArticleFile.openedApp();
            ScatterModel m = new ScatterModel(app, (pts, method, dims, prev, p) -> {
                calls.incrementAndGet();
                return projector.layout(pts, method, dims, prev, p);
            }, 2);
            app.ticker().tick();
            assertEquals(1, calls.get());
            ScatterData before = m.frame().data();
            assertEquals(ColorBy.SENTENCE, before.colorBy());

            m.colorByProperty().set(ColorBy.WORD);
            app.ticker().tick();
            ScatterData word = m.frame().data();
            assertEquals(ColorBy.WORD, word.colorBy());
            assertSame(before.layout(), word.layout());
            assertSame(before.pos, word.pos);
            assertEquals(1, calls.get(), "colour-by does not lay out again");

            // colour by cluster follows the selection's clusters
            m.colorByProperty().set(ColorBy.CLUSTER);
            app.ticker().tick();
            assertEquals(ScatterData.class, m.frame().data().getClass());
            int grey = org.qkvlens.app.figure.Palette.OTHERS_SLOT;
            for (int s : m.frame().data().colorSlot) assertEquals(grey, s, "nothing clustered yet");
            Map<PointKey, Integer> of = new HashMap<>();
            ScatterData d = m.frame().data();
            for (int i = 0; i < d.size(); i++) of.put(d.point(i).key(), i % 2);
            app.selection().clustersProperty().set(new PointClusters("test", 2, of));
            app.ticker().tick();
            ScatterData clustered = m.frame().data();
            assertNotSame(d, clustered);
            Coloring c = clustered.coloring();
            for (int i = 0; i < clustered.size(); i++) assertEquals(String.valueOf(i % 2), c.valueText(i));
            m.colorByProperty().set(ColorBy.SENTENCE);
            app.ticker().tick();
            assertEquals(ColorBy.SENTENCE, m.frame().data().colorBy());
            assertEquals(1, calls.get());
            return null;
        });
    }
}
