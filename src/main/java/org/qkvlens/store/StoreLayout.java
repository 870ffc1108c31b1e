package org.qkvlens.store;

import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;

/**
 * Names and shapes inside a run directory (the README's "Run directories" shows them to numpy users):
 * <pre>
 * RUN/run.json                        format, configuration, vocabularies, probe sentences, what is captured
 * RUN/losses.jsonl                    one line per epoch, appended
 * RUN/snapshots/e030/                 one directory per snapshot (mid-epoch: e003-s120), complete once renamed here
 *     snapshot.json                   epoch, step, losses, each probe's tokens, translation and first rows
 *     tokens_src.tsv, tokens_dec.tsv  the token tables: row, probe, position, token (and label on the decoder side)
 *     enc_self_l0_K.npy               float32 (rows, C): one row per source token of every probe
 *     dec_self_l0_attention.npy       float32 (rows, H, width): one row per query token, keys beyond the probe's own
 *                                     count are 0 (they were masked)
 * </pre>
 * A snapshot is written into a dot-directory and renamed into place when complete, so a reader never sees half of one.
 * Leaves out reading and writing (see {@link RunStore}, {@link SnapshotWriter}).
 */
public final class StoreLayout {
    public static final String RUN_JSON = "run.json";
    public static final String LOSSES = "losses.jsonl";
    public static final String SNAPSHOTS = "snapshots";
    public static final String SNAPSHOT_JSON = "snapshot.json";
    public static final String TOKENS_SRC = "tokens_src.tsv";
    public static final String TOKENS_DEC = "tokens_dec.tsv";

    private StoreLayout() {
    }

    /** What {@link #snapshotDir} writes: group 1 the epoch, group 2 (absent at an epoch's end) the step. */
    public static final java.util.regex.Pattern SNAPSHOT_DIR = java.util.regex.Pattern.compile("e(\\d{3,9})(?:-s(\\d+))?");

    /** {@code e030} after epoch 30, {@code e003-s120} during epoch 3 at step 120. */
    public static String snapshotDir(int epoch, long step, boolean endOfEpoch) {
        return String.format("e%03d", epoch) + (endOfEpoch ? "" : "-s" + step);
    }

    public static String file(ArrayKey key) {
        return key.id() + ".npy";
    }

    /** Whether the array's rows are source tokens (else decoder positions). */
    public static boolean sourceRows(ArrayKey key) {
        return switch (key.site()) {
            case ENC_SELF, ENC_OUT -> true;
            case DEC_SELF, DEC_OUT -> false;
            case DEC_CROSS -> key.kind() == Kind.K || key.kind() == Kind.V;
        };
    }

    /** Whether an attention array's keys are source tokens (else decoder positions). */
    public static boolean sourceKeys(ArrayKey key) {
        return key.site() != Site.DEC_SELF;
    }
}
