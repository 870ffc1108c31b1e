package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** LabelPlacer on its own: crowded candidates of mixed widths never yield two overlapping labels. */
class LabelPlacerTest {

    @Test
    void placedLabelsNeverOverlapEvenWhenWideAndCrowded() {
        LabelPlacer placer = new LabelPlacer();
        Random rnd = new Random(7);
        for (int round = 0; round < 20; round++) {
            placer.reset(0, 0, 800, 500);
            for (int i = 0; i < 5000 && !placer.full(); i++) {
                // a dense blob and some very wide labels (up to 6 grid cells), which once lost their overlap checks
                double x = 400 + rnd.nextGaussian() * 120, y = 250 + rnd.nextGaussian() * 80;
                double w = i % 7 == 0 ? 150 + rnd.nextDouble() * 140 : 20 + rnd.nextDouble() * 60;
                placer.place(i, x, y, 3, w, 13);
            }
            assertTrue(placer.placed > 20, "some labels fit: " + placer.placed);
            for (int a = 0; a < placer.placed; a++) {
                assertTrue(placer.lx[a] >= 0 && placer.ly[a] >= 0 && placer.lx[a] + placer.lw[a] <= 800
                        && placer.ly[a] + placer.lh[a] <= 500, "label " + a + " inside the area");
                for (int b = a + 1; b < placer.placed; b++) {
                    boolean overlap = placer.lx[a] < placer.lx[b] + placer.lw[b] && placer.lx[b] < placer.lx[a] + placer.lw[a]
                            && placer.ly[a] < placer.ly[b] + placer.lh[b] && placer.ly[b] < placer.ly[a] + placer.lh[a];
                    assertTrue(!overlap, "labels " + placer.item[a] + " and " + placer.item[b] + " overlap");
                }
            }
        }
    }

    @Test
    void aLabelThatFitsNowhereIsLeftOut() {
        LabelPlacer placer = new LabelPlacer();
        placer.reset(0, 0, 400, 300);
        assertTrue(placer.place(1, 200, 150, 3, 60, 13));          // right of the point
        assertTrue(placer.place(2, 200, 150, 3, 60, 13));          // left of it
        assertFalse(placer.place(3, 200, 150, 3, 60, 13));         // above and below overlap both
        assertEquals(2, placer.placed);
        assertFalse(placer.place(4, 395, 150, 3, 60, 13) && placer.lx[2] + placer.lw[2] > 400, "never outside the area");
    }
}
