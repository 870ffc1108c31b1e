package org.qkvlens.app;

import java.io.PrintStream;
import java.util.Arrays;
import javafx.animation.AnimationTimer;

/**
 * Measures how smoothly the FX thread runs: the gap between consecutive pulses (frames), as an AnimationTimer sees
 * them. Started with {@code -Dqkvlens.pulses=SECONDS}: after that many seconds it prints the longest gap, the 99th and
 * 50th percentile and the frame count, then the app quits. {@code -Dqkvlens.pulses.skip=SECONDS} leaves start-up out
 * (JIT warm-up, the first layout); {@code -Dqkvlens.pulses.log=true} prints every gap over 50 ms.
 * The README's responsiveness figures come from it. It prints to the stream the front end hands the app (the command
 * line's standard output).
 */
final class PulseMonitor extends AnimationTimer {
    private final PrintStream out;
    private final long[] gaps = new long[1 << 20];
    private final long endNanos;
    private final long start = System.nanoTime();
    private final long skipNanos = (long) (Double.parseDouble(System.getProperty("qkvlens.pulses.skip", "0")) * 1e9);
    private long last;
    private int n;

    private PulseMonitor(double seconds, PrintStream out) {
        this.out = out;
        this.endNanos = System.nanoTime() + (long) (seconds * 1e9) + (long) (Double.parseDouble(System.getProperty("qkvlens.pulses.skip", "0")) * 1e9);
    }

    static void startIfAsked(PrintStream out) {
        String s = System.getProperty("qkvlens.pulses");
        if (s != null) new PulseMonitor(Double.parseDouble(s), out).start();
    }

    @Override
    public void handle(long now) {
        if (now - start < skipNanos) {
            last = now;
            return;
        }
        if (last != 0 && n < gaps.length) {
            gaps[n++] = now - last;
            if (now - last > 50_000_000L && Boolean.getBoolean("qkvlens.pulses.log")) {
                out.printf("long pulse gap %.1f ms at %.1f s%n", (now - last) / 1e6, (System.nanoTime() - start) / 1e9);
            }
        }
        last = now;
        if (System.nanoTime() >= endNanos) {
            stop();
            report();
            javafx.application.Platform.exit();
        }
    }

    private void report() {
        long[] g = Arrays.copyOf(gaps, n);
        Arrays.sort(g);
        if (n == 0) {
            out.println("pulses: none");
            return;
        }
        out.printf("pulses: %d frames, gap max %.1f ms, p99 %.1f ms, p50 %.1f ms%n", n, g[n - 1] / 1e6,
                g[Math.min(n - 1, (int) (n * 0.99))] / 1e6, g[n / 2] / 1e6);
    }
}
