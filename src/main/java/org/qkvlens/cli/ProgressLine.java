package org.qkvlens.cli;

import java.io.PrintStream;
import org.qkvlens.engine.Trainer;

/**
 * The per-epoch progress bar of {@code train}: redrawn in place on stderr (at most ten times a second) when that is
 * a terminal, and cleared when the epoch's summary line goes to stdout; on a pipe only the summary lines appear.
 */
final class ProgressLine {
    private static final int WIDTH = 24;
    private final PrintStream bar;
    private final PrintStream out;
    private final boolean live;
    private long lastDraw;

    ProgressLine(PrintStream bar, PrintStream out, boolean live) {
        this.bar = bar;
        this.out = out;
        this.live = live;
    }

    void step(Trainer.StepProgress p) {
        if (!live) return;
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && p.step() < p.stepsInEpoch()) return;
        lastDraw = now;
        int filled = (int) ((long) WIDTH * p.step() / p.stepsInEpoch());
        bar.printf("\repoch %3d [%s%s] %d/%d steps  loss %.3f  %,.0f tok/s ", p.epoch(), "#".repeat(filled),
                "-".repeat(WIDTH - filled), p.step(), p.stepsInEpoch(), p.epochLoss(), p.tokensPerSecond());
        bar.flush();
    }

    void epoch(Trainer.EpochResult r) {
        if (live) {
            bar.print("\r\033[K");
            bar.flush();
        }
        out.printf("epoch %3d/%d  train loss %.3f  valid loss %s  %.2f s  %,.0f tok/s%n", r.epoch(), r.epochs(),
                r.trainLoss(), Double.isNaN(r.validLoss()) ? "-" : String.format("%.3f", r.validLoss()), r.seconds(),
                r.tokensPerSecond());
        out.flush();
    }
}
