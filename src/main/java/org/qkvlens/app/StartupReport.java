package org.qkvlens.app;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.session.RunRecord;

/**
 * Measures start-up, for the README's installer figures: started with {@code -Dqkvlens.startup=print}, it prints one
 * line when the first frame of the window is drawn and one when the first epoch of the default run has finished (its
 * loss arrived), each with the milliseconds since this process started; with {@code -Dqkvlens.startup=quit} the app
 * then quits. Whether the JVM is one
 * that {@code Main} relaunched (a jar started without {@code --add-modules jdk.incubator.vector}) is on the first
 * line. A time that includes a relaunch's first JVM is measured outside (dist/measure-startup.sh stamps the lines).
 * Leaves out: anything after the first epoch (PulseMonitor measures smoothness).
 */
final class StartupReport {
    /** The variable Main sets in a JVM it relaunched (org.qkvlens.Main.RELAUNCHED; app cannot depend on Main). */
    private static final String RELAUNCHED = "QKV_LENS_RELAUNCHED";

    private StartupReport() {
    }

    /** Call after the stage is shown (FX thread). */
    static void startIfAsked(LiveRun live, PrintStream out) {
        String mode = System.getProperty("qkvlens.startup");
        if (mode != null) start(live, out, "quit".equals(mode) ? Platform::exit : () -> { });
    }

    /** Prints the two lines to {@code out}; runs {@code afterFirstEpoch} after the second (FX thread). */
    static void start(LiveRun live, PrintStream out, Runnable afterFirstEpoch) {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                out.printf("startup: first frame %d ms after process start (relaunched: %s)%n", sinceStart(),
                        System.getenv(RELAUNCHED) != null ? "yes" : "no");
            }
        }.start();
        live.losses().addListener(new ListChangeListener<RunRecord.EpochLoss>() {
            @Override
            public void onChanged(Change<? extends RunRecord.EpochLoss> c) {
                if (live.losses().isEmpty()) return;
                live.losses().removeListener(this);
                out.printf("startup: first epoch %d ms after process start%n", sinceStart());
                afterFirstEpoch.run();
            }
        });
    }

    private static long sinceStart() {
        Instant start = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        return Duration.between(start, Instant.now()).toMillis();
    }
}
