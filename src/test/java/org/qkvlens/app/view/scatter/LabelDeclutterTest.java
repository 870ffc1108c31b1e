package org.qkvlens.app.view.scatter;

import static org.qkvlens.app.FxTesting.fx;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.qkvlens.app.FxTesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.EpochsShown;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.RunRecord;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Labels of a crowded 2D scatter (9,600 points of 400 sentences, headless): no two drawn labels overlap, and the
 * highlighted token's labels come first, then the selected sentences' (A, B), then the others, so an ordinary label
 * never takes a highlighted one's place.
 */
@ExtendWith(ApplicationExtension.class)
class LabelDeclutterTest {
    private static final int PROBES = 400;
    private static final TokenRef HIGHLIGHT = new TokenRef(PROBES - 3, false, 3);
    private AppModel app;
    private ScatterModel model;
    private Scatter2DView view;

    @Start
    void start(Stage stage) {
        RunRecord run = SyntheticRun.of(PROBES, 6, 2, 5);
        app = new AppModel(Background.direct());
        app.selection().epochsShownProperty().set(EpochsShown.UP_TO_CURRENT);
        List<Integer> extra = new ArrayList<>();
        for (int p = 2; p < PROBES; p++) extra.add(p);
        app.selection().extraProbes().addAll(extra);
        app.live().load(RunInfo.of("declutter", run), run);
        app.ticker().tick();
        model = new ScatterModel(app, LayoutFunction.projector(new Projector()), 2);
        app.ticker().tick();
        view = new Scatter2DView(model);
        stage.setScene(new Scene(view, 900, 640));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        FxTesting.close(model::dispose, app);
    }

    @Test
    void labelsNeverOverlapAndTheHighlightedAndSelectedComeFirst() throws Exception {
        List<String> texts = new ArrayList<>();
        List<double[]> boxes = new ArrayList<>();
        fx(() -> {
            app.selection().highlightedProperty().set(HIGHLIGHT);
            app.ticker().tick();
            view.settle();
            for (int i = 0; i < view.labelsPlaced(); i++) {
                texts.add(view.labelPool().text(i));
                boxes.add(view.labelPool().box(i));
            }
            return null;
        });
        assertTrue(view.itemCount() > 9000, "crowded: " + view.itemCount());
        assertTrue(texts.size() > 30 && texts.size() < view.itemCount() / 10, "decluttered, not all: " + texts.size());
        for (int a = 0; a < boxes.size(); a++) {
            double[] p = boxes.get(a);
            for (int b = a + 1; b < boxes.size(); b++) {
                double[] q = boxes.get(b);
                boolean overlap = p[0] < q[0] + q[2] && q[0] < p[0] + p[2] && p[1] < q[1] + q[3] && q[1] < p[1] + p[3];
                assertTrue(!overlap, "labels " + texts.get(a) + " and " + texts.get(b) + " overlap");
            }
        }
        // the pool holds labels in the order they were placed: highlighted token, then A and B, then the others
        String mine = "w" + HIGHLIGHT.probe() + "_" + HIGHLIGHT.position() + "@";
        int lastHighlighted = -1, firstSelected = -1, lastSelected = -1, firstOther = -1;
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t.startsWith("<")) continue;                       // <sos>, <eos>: every sentence has them
            if (t.startsWith(mine)) lastHighlighted = i;
            else if (t.startsWith("w0_") || t.startsWith("w1_")) {
                if (firstSelected < 0) firstSelected = i;
                lastSelected = i;
            } else if (firstOther < 0) firstOther = i;
        }
        assertTrue(lastHighlighted >= 1, "both of the highlighted token's current points (K and V) are labelled: " + texts);
        assertTrue(firstSelected > lastHighlighted && firstSelected >= 0, "A and B after the highlight: " + texts);
        assertTrue(firstOther > lastSelected, "the other sentences after A and B: " + texts);
    }
}
