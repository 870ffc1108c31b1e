package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.qkvlens.app.state.EpochsShown;

class ShownSnapshotsTest {
    private static final int[] ALL31 = IntStream.range(0, 31).toArray();
    private static final int[] EPOCH_OF = IntStream.range(0, 31).toArray();   // snapshot i is epoch i (0 = untrained)

    @Test
    void theArticlesEpochsAreTheFirstTrainedTheMiddleAndTheCurrent() {
        assertArrayEquals(new int[] {1, 15, 30}, ShownSnapshots.shown(EpochsShown.ARTICLE, ALL31, EPOCH_OF, 30));
        assertArrayEquals(new int[] {1, 5, 10}, ShownSnapshots.shown(EpochsShown.ARTICLE, ALL31, EPOCH_OF, 10));
        assertArrayEquals(new int[] {1}, ShownSnapshots.shown(EpochsShown.ARTICLE, ALL31, EPOCH_OF, 1));
        assertArrayEquals(new int[] {0}, ShownSnapshots.shown(EpochsShown.ARTICLE, ALL31, EPOCH_OF, 0), "untrained only");
    }

    @Test
    void currentAndAllSoFar() {
        assertArrayEquals(new int[] {7}, ShownSnapshots.shown(EpochsShown.CURRENT, ALL31, EPOCH_OF, 7));
        assertArrayEquals(new int[] {0, 1, 2, 3}, ShownSnapshots.shown(EpochsShown.UP_TO_CURRENT, ALL31, EPOCH_OF, 3));
    }

    @Test
    void theCurrentSnapshotIsTheNewestLaidOutAtOrBeforeThePlaybackIndex() {
        int[] fitted = {0, 10, 20, 30};
        assertArrayEquals(new int[] {20}, ShownSnapshots.shown(EpochsShown.CURRENT, fitted, EPOCH_OF, 27));
        assertArrayEquals(new int[] {0, 10}, ShownSnapshots.shown(EpochsShown.UP_TO_CURRENT, fitted, EPOCH_OF, 12));
        assertEquals(0, ShownSnapshots.shown(EpochsShown.CURRENT, new int[0], EPOCH_OF, 5).length);
    }

    @Test
    void theFitSetKeepsEverythingWithinBudgetThenThinsKeepingFirstAndLast() {
        int[] points = new int[31];
        java.util.Arrays.fill(points, 100);
        boolean[] ends = new boolean[31];
        java.util.Arrays.fill(ends, true);
        assertArrayEquals(ALL31, ShownSnapshots.fitSet(points, ends, 5000));
        int[] thin = ShownSnapshots.fitSet(points, ends, 1000);
        assertEquals(10, thin.length);
        assertEquals(0, thin[0]);
        assertEquals(30, thin[thin.length - 1]);
        // mid-epoch snapshots go first
        boolean[] someEnds = new boolean[31];
        for (int i = 0; i < 31; i += 4) someEnds[i] = true;
        int[] endsOnly = ShownSnapshots.fitSet(points, someEnds, 1200);
        assertEquals(9, endsOnly.length, "the 8 end-of-epoch snapshots and the last");
    }
}
