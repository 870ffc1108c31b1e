package org.qkvlens.app.view.scatter;

import java.util.Arrays;
import org.qkvlens.app.state.EpochsShown;

/**
 * Which snapshots the scatter draws and which it lays out. Pure functions over snapshot indices, epochs and the
 * end-of-epoch flags of the run's snapshot list.
 *
 * <p>Drawn: of the laid-out snapshots, the current one is the newest at or before the playback index; with
 * {@link EpochsShown#CURRENT} only it, with {@link EpochsShown#UP_TO_CURRENT} every laid-out snapshot up to it, with
 * {@link EpochsShown#ARTICLE} the first trained epoch (epoch ≥ 1, as in the article's 1/15/30), the one whose epoch is
 * nearest the middle of first and current (ties: the later, i.e. the end-of-epoch snapshot), and the current one.
 */
final class ShownSnapshots {
    private ShownSnapshots() {
    }

    /** Sorted, distinct snapshot indices to draw; the last is the current one. Empty when nothing is laid out. */
    static int[] shown(EpochsShown mode, int[] fitted, int[] epochOf, int index) {
        if (fitted.length == 0) return new int[0];
        int cur = -1;
        for (int i = 0; i < fitted.length; i++) if (fitted[i] <= index) cur = i;
        if (cur < 0) cur = 0;
        return switch (mode) {
            case CURRENT -> new int[] {fitted[cur]};
            case UP_TO_CURRENT -> Arrays.copyOf(fitted, cur + 1);
            case ARTICLE -> {
                int first = 0;
                while (first < cur && epochOf[fitted[first]] < 1) first++;
                int target = (epochOf[fitted[first]] + epochOf[fitted[cur]]) / 2;
                int middle = first;
                for (int i = first; i <= cur; i++) {
                    if (Math.abs(epochOf[fitted[i]] - target) <= Math.abs(epochOf[fitted[middle]] - target)) middle = i;
                }
                yield Arrays.stream(new int[] {fitted[first], fitted[middle], fitted[cur]}).distinct().sorted().toArray();
            }
        };
    }

    /**
     * The snapshots to lay out together: all of them while their points fit {@code budget}; else only end-of-epoch
     * snapshots; else those thinned evenly, keeping the first and the last. {@code pointsOf[s]} counts snapshot s's points.
     */
    static int[] fitSet(int[] pointsOf, boolean[] endOfEpoch, int budget) {
        int n = pointsOf.length;
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        if (total(pointsOf, all) <= budget) return all;
        int[] ends = Arrays.stream(all).filter(i -> endOfEpoch[i] || i == n - 1).toArray();
        if (total(pointsOf, ends) <= budget || ends.length <= 2) return ends;
        double perSnapshot = (double) total(pointsOf, ends) / ends.length;
        int keep = (int) Math.max(2, Math.min(ends.length, Math.floor(budget / Math.max(1, perSnapshot))));
        int[] out = new int[keep];
        for (int i = 0; i < keep; i++) out[i] = ends[(int) Math.round(i * (ends.length - 1) / (double) (keep - 1))];
        return Arrays.stream(out).distinct().toArray();
    }

    private static long total(int[] pointsOf, int[] which) {
        long t = 0;
        for (int s : which) t += pointsOf[s];
        return t;
    }
}
