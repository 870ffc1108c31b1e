package org.qkvlens.app.view.scatter;

/** Time spent drawing, per frame: count, mean and worst, for the frame-time measurements. FX thread. */
final class DrawStats {
    long count;
    long totalNanos;
    long maxNanos;

    void add(long nanos) {
        count++;
        totalNanos += nanos;
        maxNanos = Math.max(maxNanos, nanos);
    }

    void reset() {
        count = 0;
        totalNanos = 0;
        maxNanos = 0;
    }

    double meanMillis() {
        return count == 0 ? 0 : totalNanos / 1e6 / count;
    }

    double maxMillis() {
        return maxNanos / 1e6;
    }

    @Override
    public String toString() {
        return String.format("%d draws, mean %.2f ms, max %.2f ms", count, meanMillis(), maxMillis());
    }
}
