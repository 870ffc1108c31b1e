package org.qkvlens.probe;

import java.util.List;

/**
 * The probes as the model saw them at one moment of training: after epoch {@code epoch} (1-based) when
 * {@code endOfEpoch}, or during it, after global step {@code step}. Losses are the epoch's (NaN mid-epoch or
 * without validation data). Immutable; published to any number of subscribers.
 */
public record Snapshot(int epoch, long step, boolean endOfEpoch, double trainLoss, double validLoss,
                       List<ProbeCapture> probes) {
    public Snapshot {
        probes = List.copyOf(probes);
    }

    /** The capture of probe {@code index}, or null when that probe was invalid. */
    public ProbeCapture probe(int index) {
        for (ProbeCapture p : probes) if (p.probe() == index) return p;
        return null;
    }

    /** Bytes held by the captured arrays. */
    public long bytes() {
        long n = 0;
        for (ProbeCapture p : probes) for (Tensor t : p.arrays().values()) n += 4L * t.data().length;
        return n;
    }
}
