package org.qkvlens.app.view.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.app.view.scatter.HandMadeScatter;
import org.qkvlens.app.view.scatter.ScatterData;
import org.qkvlens.neighbours.NeighbourMetric;
import org.qkvlens.probe.Kind;
import org.qkvlens.projection.PointKey;

/**
 * The neighbours tab's searches on a hand-made picture whose answers are known: four words at 0, 1, 10 and 11 on a
 * line of the original space (each one's nearest is its pair), drawn at 0, 1, 10 and 20 (w2 is drawn nearer to w1 than
 * to its pair w3).
 */
class NeighboursModelTest {
    private static final float[][] X = {{0, 0, 1}, {1, 0, 1}, {10, 0, 1}, {11, 0, 1}};
    private static final double[][] BENT = {{0, 0}, {1, 0}, {10, 0}, {20, 0}};
    private final ScatterData data = HandMadeScatter.of(X, BENT);

    private static PointKey key(int position) {
        return new PointKey(0, false, position, Kind.K, 0);
    }

    @Test
    void thePickedPointsNeighboursAndHowManyThePictureKeeps() {
        NeighboursModel.PickResult one = NeighboursModel.pick(data, key(2), NeighbourMetric.EUCLIDEAN, 1, () -> false);
        assertEquals(1, one.rows().size());
        NeighbourRow r = one.rows().get(0);
        assertEquals(new NeighbourRow(1, "w3", "a hand made sentence", 3, Kind.K, 1, 1.0, false, key(3)), r);
        assertEquals("0 of 1 are also neighbours in the picture (t-SNE 2D)", one.headline());
        assertEquals(List.of(key(3)), one.lines().neighbours());
        assertEquals(key(2), one.lines().picked());

        // k = 2: w3 (1) and w1 (9) in the original space; in the picture w1 (9), then w0 and w3 tie at 10, w0 first
        NeighboursModel.PickResult two = NeighboursModel.pick(data, key(2), NeighbourMetric.EUCLIDEAN, 2, () -> false);
        assertEquals(List.of(key(3), key(1)), two.rows().stream().map(NeighbourRow::key).toList());
        assertEquals(List.of(false, true), two.rows().stream().map(NeighbourRow::inPicture).toList());
        assertEquals("1 of 2 is also a neighbour in the picture (t-SNE 2D)", two.headline());
        assertTrue(two.status().startsWith("w2@K@1 · a hand made sentence · its 2 nearest of 3 other points at epoch 1"), two.status());

        NeighboursModel.PickResult w0 = NeighboursModel.pick(data, key(0), NeighbourMetric.EUCLIDEAN, 1, () -> false);
        assertEquals("1 of 1 is also a neighbour in the picture (t-SNE 2D)", w0.headline());
    }

    @Test
    void theWholePictureReadout() {
        // w0 ↔ w1 and w3 → w2 kept, w2 → w1 not: 3 of 4
        assertEquals("this picture keeps 75 % of each point's 1 nearest neighbours (Euclidean, t-SNE 2D, epoch 1; all 4 points)",
                NeighboursModel.keeps(data, 0, NeighbourMetric.EUCLIDEAN, 1, () -> false));
    }

    @Test
    void saysWhyThereAreNone() {
        NeighboursModel.PickResult gone = NeighboursModel.pick(data, new PointKey(0, false, 0, Kind.V, 0), NeighbourMetric.COSINE,
                3, () -> false);
        assertTrue(gone.rows().isEmpty());
        assertTrue(gone.status().startsWith("The picked point is not among the points shown now"), gone.status());
        NeighboursModel.PickResult other = NeighboursModel.pick(data, key(1).at(5), NeighbourMetric.COSINE, 3, () -> false);
        assertTrue(other.status().startsWith("The picked token has no point at"), other.status());
        assertFalse(other.lines().picked() != null);
        ScatterData alone = HandMadeScatter.of(new float[][] {{1, 2}}, new double[][] {{0, 0}});
        assertEquals("w0@K@1 is the only point at epoch 1: it has no neighbours.",
                NeighboursModel.pick(alone, key(0), NeighbourMetric.COSINE, 3, () -> false).status());
    }
}
