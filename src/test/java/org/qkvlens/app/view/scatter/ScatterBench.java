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
 * Frame times while playing or panning: every pulse for a few seconds it moves the playback position (or the view)
 * and reports the pulse intervals (what the user sees) and the view's own draw time per frame.
 * {@code ScatterBench 2d|3d play|pan|trail [seconds] [points]}: "play" (alias "all") draws {@code points} points
 * (default 10,000; 6 tokens × K and V per sentence) from two snapshots of half as many each, all epochs so far: the
 * playback goes back to epoch 0 for one pulse in six, so the newest epoch's half keeps growing out of the older one
 * (gliding) and the bounds glide: every pulse moves every point, and five pulses in six draw all of them. (All points
 * of one epoch gliding would need twice as many laid out, over PCA's budget of 100,000.) "pan" = the same points
 * standing still while the 2D view is translated by a few pixels every pulse (3D: the camera turns); "trail" = 31
 * snapshots × 324 points, all epochs so far (up to 10,044 drawn), trajectories and a highlight. {@code -Dbench.shot=FILE} saves a PNG of the window at the end (a Scene snapshot).
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
        int points = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        boolean pan = scenario.equals("pan"), all = pan || scenario.equals("all") || scenario.equals("play");
        if (!all && !scenario.equals("trail")) throw new IllegalArgumentException("scenario: play, pan or trail, not " + scenario);
        RunRecord run = all ? SyntheticRun.of(Math.max(2, points / 2 / 12), 6, 2, 1) : SyntheticRun.of(27, 6, 31, 1);
        CountDownLatch done = new CountDownLatch(1);
        Platform.startup(() -> {
            AppModel app = new AppModel(Background.direct());
            app.selection().epochsShownProperty().set(EpochsShown.UP_TO_CURRENT);
            java.util.List<Integer> extra = new java.util.ArrayList<>();
            for (int p = 2; p < run.probes().size(); p++) extra.add(p);
            app.selection().extraProbes().addAll(extra);
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
                long warm, start, last, fx0, render0, process0, fxThread;
                int n, frame;

                @Override
                public void handle(long now) {
                    if (warm == 0) warm = now;
                    if (start == 0 && now - warm < WARM_UP_NANOS) {
                        frame++;
                        step();
                        return;
                    }
                    if (start == 0) {
                        start = now;
                        last = now;
                        stats.reset();
                        fxThread = Thread.currentThread().threadId();   // the FX thread, whatever the toolkit names it
                        fx0 = THREADS.getThreadCpuTime(fxThread);
                        process0 = processCpu();
                        render0 = cpu("QuantumRenderer");
                        return;
                    }
                    intervals[n++] = now - last;
                    last = now;
                    frame++;
                    step();
                    if (now - start > seconds * 1e9) {
                        stop();
                        String shot = System.getProperty("bench.shot");
                        if (shot != null) {
                            try {
                                javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(
                                        stage.getScene().snapshot(null), null), "png", new java.io.File(shot));
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                        long[] iv = Arrays.copyOf(intervals, n);
                        Arrays.sort(iv);
                        double mean = (now - start) / 1e6 / n;
                        System.out.printf("%d frames in %.1f s: %.1f fps, pulse interval median %.1f ms (%.1f fps), mean %.1f ms,"
                                        + " p95 %.1f ms, longest gap %.1f ms%n", n, (now - start) / 1e9, 1000 / mean,
                                iv[n / 2] / 1e6, 1e9 / iv[n / 2], mean, iv[(int) (n * 0.95)] / 1e6, iv[n - 1] / 1e6);
                        System.out.println("view draw (FX thread) per frame: " + stats + "; view " + view.getWidth() + "x" + view.getHeight());
                        System.out.printf("CPU per frame: FX thread %.2f ms, render thread %.2f ms, whole process %.2f ms"
                                        + " (load average %.1f)%n",
                                (THREADS.getThreadCpuTime(fxThread) - fx0) / 1e6 / n, (cpu("QuantumRenderer") - render0) / 1e6 / n,
                                (processCpu() - process0) / 1e6 / n,
                                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                        done.countDown();
                    }
                }

                /** play: epoch 0 one pulse in six, else 1 (so glides run); pan: move the view; trail: sweep the last four snapshots. */
                private void step() {
                    if (pan) {
                        double dx = 6 * Math.cos(frame * 0.05), dy = 4 * Math.sin(frame * 0.07);
                        // between pulses, as a mouse drag's events come: the view draws in the next pulse
                        Platform.runLater(() -> ((ScatterView) view).benchMove(dx, dy));
                    } else {
                        app.playback().seek(all ? (frame % 6 == 0 ? 0 : 1) : snapshots - 1 - (frame / 2) % 4);
                    }
                }
            }.start();
        });
        done.await();
        Platform.exit();
        System.exit(0);
    }
}
