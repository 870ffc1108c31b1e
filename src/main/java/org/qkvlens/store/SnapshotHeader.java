package org.qkvlens.store;

/**
 * What a snapshot is, apart from its probes: when it was taken (epoch, global step, at the epoch's end or not), the
 * epoch's losses (NaN when not measured), and how wide its attention rows are ({@code srcWidth} keys over source
 * tokens, {@code decWidth} over decoder positions: at least the most tokens any probe has on that side).
 */
public record SnapshotHeader(int epoch, long step, boolean endOfEpoch, double trainLoss, double validLoss,
                             int srcWidth, int decWidth) {
    /** Its directory's name (see {@link StoreLayout#snapshotDir}). */
    String dirName() {
        return StoreLayout.snapshotDir(epoch, step, endOfEpoch);
    }
}
