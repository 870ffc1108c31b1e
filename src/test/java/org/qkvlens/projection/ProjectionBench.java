package org.qkvlens.projection;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * Timings of the projection engine on synthetic clusters (not a test: run it by hand). Prints, per case, the first
 * call in this JVM (LAPACK loading and JIT warm-up included), the median wall time of the next three calls and
 * their mean process CPU time (all threads), and for warm starts how far points moved relative to the spread.
 * <pre>
 * ./mvnw -q test-compile
 * ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp target/classes:target/test-classes:$(cat target/cp.txt) org.qkvlens.projection.ProjectionBench
 * </pre>
 */
final class ProjectionBench {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Projector PROJECTOR = new Projector();

    public static void main(String[] args) {
        System.out.printf("%d processors, load average %.1f%n", OS.getAvailableProcessors(), OS.getSystemLoadAverage());
        List<Point> tenThousand = TestPoints.clusters(10_000, 64, 5, 3, 1, 0);
        List<Point> thousand = TestPoints.clusters(1_000, 64, 3, 2, 2, 0);
        time("PCA   10,000 × 64 → 2D", tenThousand, Method.PCA, false);
        time("t-SNE  1,000 × 64 → 2D fresh", thousand, Method.TSNE, false);
        time("t-SNE  1,000 × 64 → 2D warm (same points)", thousand, Method.TSNE, true);
        time("UMAP   1,000 × 64 → 2D fresh", thousand, Method.UMAP, false);
        time("UMAP   1,000 × 64 → 2D warm (same points)", thousand, Method.UMAP, true);
    }

    private static void time(String name, List<Point> points, Method method, boolean warm) {
        Layout previous = warm ? PROJECTOR.project(points, method, 2, null, null) : null;
        long w0 = System.nanoTime();
        Layout first = PROJECTOR.project(points, method, 2, previous, null);
        double firstMs = (System.nanoTime() - w0) / 1e6;
        double[] wall = new double[3];
        double cpu = 0;
        for (int r = 0; r < 3; r++) {
            long c = OS.getProcessCpuTime(), w = System.nanoTime();
            PROJECTOR.project(points, method, 2, previous, null);
            wall[r] = (System.nanoTime() - w) / 1e6;
            cpu += (OS.getProcessCpuTime() - c) / 1e6 / 3;
        }
        Arrays.sort(wall);
        String moved = warm ? String.format(", moved %.1f%% of the spread", 100 * TestPoints.meanMove(previous, first) / TestPoints.spread(previous)) : "";
        System.out.printf("%-44s first %6.0f ms, then %6.0f ms wall, %6.0f ms CPU%s%n", name, firstMs, wall[1], cpu, moved);
    }
}
