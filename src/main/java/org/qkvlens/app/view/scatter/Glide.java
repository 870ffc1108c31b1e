package org.qkvlens.app.view.scatter;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The points a view draws and where they are on their way to: one item per drawn point, gliding over
 * {@link #DURATION_NANOS} from where it was drawn to its new position whenever the frame changes (playback moved,
 * a refit arrived). Shared by the 2D and 3D views; no Nodes, FX thread only.
 *
 * <p>An item starts from the old item of the same token and kind at the same snapshot, else from the one at the same
 * place counted from the newest (so the "current" point glides from epoch 30 to 29, and a new epoch grows out of the
 * previous one), else it appears in place. The bounds of all positions glide too. Buffers are reused: retargeting
 * and advancing allocate nothing once they have grown, except a track map when the laid-out data itself changes.
 *
 * <p>Trajectories pass through points that are not drawn (the snapshots between the drawn ones): every data point has
 * a path vertex ({@link #path}) that glides with the same easing from where it was drawn, and a point drawn as an item
 * is at that item's position ({@link #itemOfPoint}), so a path always goes through the markers as they are drawn.
 */
final class Glide {
    static final long DURATION_NANOS = 250_000_000L;

    private ScatterData data = ScatterData.EMPTY;
    private int[] shown = new int[0];

    /** Number of items. */
    int count;
    /** Item → data point index. */
    int[] point = new int[0];
    /** Item → 0 for the current snapshot, 1 for the one drawn before it, … */
    int[] fromEnd = new int[0];
    /** Where each item is drawn now, stride 3. */
    double[] cur = new double[0];
    /** Data point → the item drawing it, or −1 (its snapshot is not drawn). */
    int[] itemOfPoint = new int[0];
    /** Where each data point's path vertex is now, stride 3 (a drawn point's is its item's {@link #cur}). */
    double[] path = new double[0];
    /** Bounds now: min x, y, z, max x, y, z. */
    final double[] bounds = new double[6];

    private final double[] boundsFrom = new double[6];
    private final double[] boundsTo = new double[6];
    private long start;
    private boolean animating;

    /** Two generations of item arrays: the drawn one, and a spare the next retarget fills while reading the drawn one. */
    private static final class Items {
        int[] point = new int[0];
        int[] fromEnd = new int[0];
        double[] from = new double[0];
        double[] to = new double[0];
        double[] cur = new double[0];

        void ensure(int n) {
            if (point.length >= n) return;
            int cap = Math.max(n, point.length * 3 / 2);
            point = new int[cap];
            fromEnd = new int[cap];
            from = new double[cap * 3];
            to = new double[cap * 3];
            cur = new double[cap * 3];
        }
    }

    private Items active = new Items();
    private Items spare = new Items();
    private int[] oldItemOfPoint = new int[0];
    private int[] oldItemByTrackEnd = new int[0];
    private int[] trackMap = new int[0];
    private double[] pathFrom = new double[0];

    ScatterData data() {
        return data;
    }

    int[] shown() {
        return shown;
    }

    boolean animating() {
        return animating;
    }

    /** Points the items at {@code frame}; they glide there from where they are when {@code animate}, else jump. */
    void retarget(ScatterFrame frame, long now, boolean animate) {
        ScatterData od = data;
        int oldCount = count, oldSlots = shown.length;
        ScatterData nd = frame.data();
        int[] ns = frame.shown();
        // old lookups: item of each old point, item of each (old track, place from newest)
        if (oldItemOfPoint.length < od.size) oldItemOfPoint = new int[od.size];
        Arrays.fill(oldItemOfPoint, 0, od.size, -1);
        int byEnd = od.trackCount() * oldSlots;
        if (oldItemByTrackEnd.length < byEnd) oldItemByTrackEnd = new int[byEnd];
        Arrays.fill(oldItemByTrackEnd, 0, byEnd, -1);
        for (int i = 0; i < oldCount; i++) {
            oldItemOfPoint[point[i]] = i;
            oldItemByTrackEnd[od.track[point[i]] * oldSlots + fromEnd[i]] = i;
        }
        mapTracks(od, nd);
        Items old = active, next = spare;
        next.ensure(nd.size);
        double[] ocur = old.cur, from = next.from, to = next.to;
        boolean moves = false;
        int n = 0;
        for (int k = 0; k < ns.length; k++) {
            int s = ns[k], fe = ns.length - 1 - k;
            for (int t = 0; t < nd.trackCount(); t++) {
                int p = nd.pointAt(t, s);
                if (p < 0) continue;
                next.point[n] = p;
                next.fromEnd[n] = fe;
                int ot = trackMap[t], match = -1;
                if (ot >= 0 && animate && oldCount > 0) {
                    int oldPoint = od.pointAt(ot, s);
                    if (oldPoint >= 0) match = oldItemOfPoint[oldPoint];
                    if (match < 0 && fe < oldSlots) match = oldItemByTrackEnd[ot * oldSlots + fe];
                }
                for (int c = 0; c < 3; c++) {
                    double target = nd.pos[p * 3 + c];
                    to[n * 3 + c] = target;
                    from[n * 3 + c] = match >= 0 ? ocur[match * 3 + c] : target;
                    moves |= from[n * 3 + c] != target;
                }
                n++;
            }
        }
        retargetPath(od, nd, ocur, animate && oldCount > 0);
        if (itemOfPoint.length < nd.size) itemOfPoint = new int[Math.max(nd.size, itemOfPoint.length * 3 / 2)];
        Arrays.fill(itemOfPoint, 0, nd.size, -1);
        for (int i = 0; i < n; i++) itemOfPoint[next.point[i]] = i;
        for (int i = 0; i < nd.size * 3 && !moves; i++) moves = pathFrom[i] != nd.pos[i];
        active = next;
        spare = old;
        point = next.point;
        fromEnd = next.fromEnd;
        cur = next.cur;
        count = n;
        System.arraycopy(nd.min, 0, boundsTo, 0, 3);
        System.arraycopy(nd.max, 0, boundsTo, 3, 3);
        boolean firstData = od.size == 0 || oldCount == 0;
        System.arraycopy(animate && !firstData ? bounds : boundsTo, 0, boundsFrom, 0, 6);
        moves |= !Arrays.equals(boundsFrom, boundsTo);
        data = nd;
        shown = ns;
        start = now;
        animating = animate && moves;
        advance(now);
    }

    /** Moves the items and path vertices to where they are at time {@code now}; true while still gliding. */
    boolean advance(long now) {
        double t = animating ? Math.max(0, Math.min(1, (now - start) / (double) DURATION_NANOS)) : 1;
        double e = 1 - (1 - t) * (1 - t) * (1 - t);   // ease out: quick to respond while scrubbing
        int m = count * 3;
        double[] from = active.from, to = active.to;
        for (int i = 0; i < m; i++) cur[i] = from[i] + (to[i] - from[i]) * e;
        double[] target = data.pos;
        for (int i = 0, pm = data.size * 3; i < pm; i++) path[i] = pathFrom[i] + (target[i] - pathFrom[i]) * e;
        for (int i = 0; i < count; i++) System.arraycopy(cur, i * 3, path, point[i] * 3, 3);
        for (int i = 0; i < 6; i++) bounds[i] = boundsFrom[i] + (boundsTo[i] - boundsFrom[i]) * e;
        if (t >= 1) animating = false;
        return animating;
    }

    /**
     * Where each new data point's path vertex starts: where the old item of the same point was drawn, else the old
     * path vertex of the same point (same track and snapshot), else its target. Reads the old {@link #path}.
     */
    private void retargetPath(ScatterData od, ScatterData nd, double[] ocur, boolean animate) {
        if (pathFrom.length < nd.size * 3) pathFrom = new double[Math.max(nd.size * 3, pathFrom.length * 3 / 2)];
        System.arraycopy(nd.pos, 0, pathFrom, 0, nd.size * 3);
        if (animate) {
            int f = nd.fitted.length;
            for (int t = 0; t < nd.trackCount(); t++) {
                int ot = trackMap[t];
                if (ot < 0) continue;
                for (int o = 0; o < f; o++) {
                    int p = nd.pointAt[t * f + o], op = od.pointAt(ot, nd.fitted[o]);
                    if (p < 0 || op < 0) continue;
                    int item = oldItemOfPoint[op];
                    System.arraycopy(item >= 0 ? ocur : path, (item >= 0 ? item : op) * 3, pathFrom, p * 3, 3);
                }
            }
        }
        if (path.length < nd.size * 3) path = Arrays.copyOf(path, pathFrom.length);
    }

    private void mapTracks(ScatterData od, ScatterData nd) {
        int nt = nd.trackCount();
        if (trackMap.length < nt) trackMap = new int[nt];
        if (od == nd) {
            for (int t = 0; t < nt; t++) trackMap[t] = t;
            return;
        }
        Map<Object, Integer> old = new HashMap<>(od.trackCount() * 2);
        for (int t = 0; t < od.trackCount(); t++) old.put(od.trackKeys[t], t);
        for (int t = 0; t < nt; t++) trackMap[t] = old.getOrDefault(nd.trackKeys[t], -1);
    }
}
