package org.qkvlens.projection;

import java.util.ArrayList;
import java.util.List;
import org.qkvlens.data.SplitMix64;
import org.qkvlens.probe.Kind;

/** Synthetic points for the projection tests: Gaussian clusters, their next "epoch", and layout measures. */
final class TestPoints {
    private TestPoints() {
    }

    /**
     * n points in p dimensions around k centres drawn with standard deviation {@code separation}, unit noise.
     * Point i belongs to cluster i % k, recorded as its probe, at position i, snapshot {@code snapshot}.
     */
    static List<Point> clusters(int n, int p, int k, double separation, long seed, int snapshot) {
        SplitMix64 rng = new SplitMix64(seed);
        double[][] centres = new double[k][p];
        for (double[] c : centres) for (int f = 0; f < p; f++) c[f] = separation * gaussian(rng);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[p];
            for (int f = 0; f < p; f++) v[f] = (float) (centres[i % k][f] + gaussian(rng));
            points.add(new Point(new PointKey(i % k, false, i, Kind.K, snapshot), "t" + i, snapshot, 0, v));
        }
        return points;
    }

    /** The same tracks at another snapshot, each vector moved by Gaussian noise of the given size. */
    static List<Point> nextSnapshot(List<Point> points, int snapshot, double noise, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        List<Point> out = new ArrayList<>();
        for (Point pt : points) {
            float[] v = pt.vector().clone();
            for (int f = 0; f < v.length; f++) v[f] += (float) (noise * gaussian(rng));
            out.add(new Point(pt.key().at(snapshot), pt.token(), snapshot, 0, v));
        }
        return out;
    }

    /**
     * The same tracks at another snapshot where every {@code every}-th point took the vector of the next point (one
     * cluster over): its key's probe is set to that cluster, so {@link #purity} expects it there.
     */
    static List<Point> jumped(List<Point> points, int snapshot, int every) {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point pt = points.get(i);
            Point source = i % every == 0 ? points.get((i + 1) % points.size()) : pt;
            PointKey key = new PointKey(source.key().probe(), false, pt.key().position(), pt.key().kind(), snapshot);
            out.add(new Point(key, pt.token(), snapshot, 0, source.vector()));
        }
        return out;
    }

    /** Share of the points of one snapshot whose k nearest layout neighbours are mostly in their cluster. */
    static double purityOf(Layout layout, int snapshot, int k) {
        double[][] y = layout.coords();
        int n = y.length, counted = 0, good = 0;
        for (int i = 0; i < n; i++) {
            if (layout.keys().get(i).snapshot() != snapshot) continue;
            double[] dist = new double[n];
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
                dist[j] = j == i ? Double.POSITIVE_INFINITY : squared(y[i], y[j]);
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
            int same = 0;
            for (int q = 0; q < k; q++) if (layout.keys().get(order[q]).probe() == layout.keys().get(i).probe()) same++;
            counted++;
            if (2 * same > k) good++;
        }
        return good / (double) counted;
    }

    static double gaussian(SplitMix64 rng) {
        double u = ((rng.nextU64() >>> 11) + 1) * 0x1.0p-53, v = (rng.nextU64() >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Share of each point's k nearest layout neighbours that are in its cluster (the key's probe). */
    static double purity(Layout layout, int k) {
        double[][] y = layout.coords();
        int n = y.length, good = 0;
        for (int i = 0; i < n; i++) {
            double[] dist = new double[n];
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
                dist[j] = j == i ? Double.POSITIVE_INFINITY : squared(y[i], y[j]);
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
            for (int q = 0; q < k; q++) {
                if (layout.keys().get(order[q]).probe() == layout.keys().get(i).probe()) good++;
            }
        }
        return good / (double) (n * k);
    }

    /** Mean distance a key moved from {@code before} to {@code after} (keys of {@code before} only). */
    static double meanMove(Layout before, Layout after) {
        var now = after.byKey();
        double s = 0;
        for (int i = 0; i < before.keys().size(); i++) {
            s += Math.sqrt(squared(before.coords()[i], now.get(before.keys().get(i))));
        }
        return s / before.keys().size();
    }

    /** Root-mean-square distance from the centroid. */
    static double spread(Layout layout) {
        int n = layout.coords().length, d = layout.dims();
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(layout.coords()[i], 0, flat, i * d, d);
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        return Projector.spread(flat, all, n, d);
    }

    static double squared(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) s += (a[c] - b[c]) * (a[c] - b[c]);
        return s;
    }

    static void assertFinite(Layout layout) {
        for (double[] row : layout.coords()) {
            for (double v : row) if (!Double.isFinite(v)) throw new AssertionError("non-finite coordinate in " + layout);
        }
    }
}
