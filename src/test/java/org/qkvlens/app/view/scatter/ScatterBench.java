package org.qkvlens.app.view.scatter;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.qkvlens.projection.Projector;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Background;
import org.qkvlens.app.state.EpochsShown;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.session.RunRecord;

/**
 * Frame times while scrubbing with about 10,000 points drawn: moves the playback position on every pulse for a few
 * seconds and reports the pulse intervals (what the user sees) and the view's own draw time per frame.
 * {@code ScatterBench 2d|3d all|trail [seconds]}: "all" = 10,000 points all gliding (2 snapshots × 9,960, current
 * epoch), "trail" = 31 snapshots × 324 points, all epochs so far (up to 10,044 drawn), trajectories and a highlight.
 */
public final class ScatterBench {
    private static final long WARM_UP_NANOS = 4_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of the whole process, native threads (Mesa's llvmpipe rasterizer) included. */
    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the threads whose name starts with {@code prefix}. */
    static long cpu(String prefix) {
        long t = 0;
        for (ThreadInfo i : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (i != null && i.getThreadName().startsWith(prefix)) t += THREADS.getThreadCpuTime(i.getThreadId());
        }
        return t;
    }

    public static void main(String[] args) throws Exception {
        String which = args[0], scenario = args[1];
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        boolean all = scenario.equals("all");
        RunRecord run = all ? SyntheticRun.of(830, 6, 2, 1) : SyntheticRun.of(27, 6, 31, 1);
        CountDownLatch done = new CountDownLatch(1);
        Platform.startup(() -> {
            AppModel app = new AppModel(Background.direct());
            app.selection().epochsShownProperty().set(all ? EpochsShown.CURRENT : EpochsShown.UP_TO_CURRENT);
            for (int p = 2; p < run.probes().size(); p++) app.selection().extraProbes().add(p);
            app.live().load(RunInfo.of("bench", run), run);
            app.ticker().tick();
            ScatterModel model = new ScatterModel(app, LayoutFunction.projector(new Projector()), which.equals("3d") ? 3 : 2);
            app.ticker().tick();
            model.showLabelsProperty().set(!Boolean.getBoolean("bench.nolabels"));
            if (!all) {
                model.showTrajectoriesProperty().set(true);
                app.selection().highlightedProperty().set(new TokenRef(0, false, 2));
            }
            Region view = which.equals("3d") ? new Scatter3DView(model) : new Scatter2DView(model);
            DrawStats stats = ((ScatterView) view).stats;
            Stage stage = new Stage();
            stage.setScene(new Scene(view, 1200, 760));
            stage.show();
            int snapshots = run.snapshots().size();
            System.out.printf("%s %s: %d points laid out, %d drawn at the last snapshot%n", which, scenario,
                    model.frame().data().size(), model.frame().visiblePoints().length);
            long[] intervals = new long[100_000];
            new AnimationTimer() {
                long warm, start, last, fx0, render0, process0;
                int n, frame;

                @Override
                public void handle(long now) {
                    if (warm == 0) warm = now;
                    if (start == 0 && now - warm < WARM_UP_NANOS) {
                        frame++;
                        app.playback().seek(all ? (frame / 3) % 2 : snapshots - 1 - (frame / 2) % 4);
                        return;
                    }
                    if (start == 0) {
                        start = now;
                        last = now;
                        stats.reset();
                        fx0 = cpu("JavaFX Application");
                        process0 = processCpu();
                        render0 = cpu("QuantumRenderer");
                        return;
                    }
                    intervals[n++] = now - last;
                    last = now;
                    frame++;
                    // scrub: all = flip 0/1 every 3rd frame (so glides run); trail = sweep the last four snapshots
                    int index = all ? (frame / 3) % 2 : snapshots - 1 - (frame / 2) % 4;
                    app.playback().seek(index);
                    if (now - start > seconds * 1e9) {
                        stop();
                        long[] iv = Arrays.copyOf(intervals, n);
                        Arrays.sort(iv);
                        double mean = (now - start) / 1e6 / n;
                        System.out.printf("%d frames in %.1f s: %.1f fps, frame interval mean %.1f ms, p95 %.1f ms, max %.1f ms%n",
                                n, (now - start) / 1e9, 1000 / mean, mean, iv[(int) (n * 0.95)] / 1e6, iv[n - 1] / 1e6);
                        System.out.println("view draw (FX thread) per frame: " + stats + "; view " + view.getWidth() + "x" + view.getHeight());
                        System.out.printf("CPU per frame: FX thread %.2f ms, render thread %.2f ms, whole process %.2f ms"
                                        + " (load average %.1f)%n",
                                (cpu("JavaFX Application") - fx0) / 1e6 / n, (cpu("QuantumRenderer") - render0) / 1e6 / n,
                                (processCpu() - process0) / 1e6 / n,
                                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                        done.countDown();
                    }
                }
            }.start();
        });
        done.await();
        Platform.exit();
        System.exit(0);
    }
}
