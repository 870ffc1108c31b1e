package org.qkvlens.neighbours;

/**
 * Times the brute-force searches at corpus scale (not a test): one picked point's k nearest (exact, double) and the
 * 500-point preservation readout, over n Gaussian points of dimension 256 with a 2D layout, both metrics, k = 10.
 * Run: {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * org.qkvlens.neighbours.NeighboursBench 20000 100000}. Prints the median of 5 runs after 2 warm-ups.
 */
public final class NeighboursBench {
    private NeighboursBench() {
    }

    public static void main(String[] args) {
        for (String a : args.length == 0 ? new String[] {"20000", "100000"} : args) {
            int n = Integer.parseInt(a);
            float[][] x = NearestNeighboursTest.gaussian(n, 256, 1);
            double[][] pos = new double[n][];
            for (int i = 0; i < n; i++) pos[i] = new double[] {x[i][0], x[i][1]};
            for (NeighbourMetric m : NeighbourMetric.values()) {
                double pick = median(() -> NearestNeighbours.inSpace(x, 123, 10, m, () -> false));
                double layout = median(() -> NearestNeighbours.inLayout(pos, 123, 10));
                double keep = median(() -> Preservation.of(x, pos, 10, m, Preservation.SAMPLE, 1, () -> false));
                System.out.printf("n=%,d p=256 %s: picked point %.1f ms, its layout neighbours %.1f ms, preservation (500 points) %.0f ms%n",
                        n, m, pick, layout, keep);
            }
        }
    }

    private static double median(Runnable r) {
        double[] t = new double[7];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] timed = java.util.Arrays.copyOfRange(t, 2, 7);
        java.util.Arrays.sort(timed);
        return timed[2];
    }
}
