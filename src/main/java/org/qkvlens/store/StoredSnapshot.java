package org.qkvlens.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;
import org.qkvlens.io.NpyMapped;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeArrays;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;

/**
 * Reads one committed snapshot directory back: its {@code snapshot.json} becomes a {@link Snapshot} whose probes'
 * arrays are {@link ProbeArrays} cut from the memory-mapped .npy files when asked for (through the
 * {@link TensorCache}), so a snapshot of a thousand probes costs the heap its labels, not its vectors. Every
 * declared row range and shape is checked against the files before use; a bad one is a {@link BadInputException}
 * naming the file and the field. Leaves out writing ({@link SnapshotWriter}).
 */
public final class StoredSnapshot {
    private StoredSnapshot() {
    }

    public static Snapshot read(Path dir, TensorCache cache) {
        Path jsonFile = dir.resolve(StoreLayout.SNAPSHOT_JSON);
        JsonObject m = JsonObject.of(Json.parseFile(jsonFile), jsonFile.toString());
        if (!RunStore.SNAPSHOT_FORMAT.equals(m.getString("format", null))) {
            throw new BadInputException(jsonFile + ": not a QKV Lens snapshot (format is not \"" + RunStore.SNAPSHOT_FORMAT + "\")");
        }
        int srcRows = m.getInt("src_rows"), decRows = m.getInt("dec_rows");
        ArrayFiles files = new ArrayFiles(dir, srcRows, decRows, m.getInt("src_width"), m.getInt("dec_width"));
        List<ArrayKey> keys = new ArrayList<>();
        for (JsonObject a : m.getObjectList("arrays")) {
            ArrayKey key;
            try {
                key = new ArrayKey(Site.fromId(a.getString("site")), a.getInt("layer"), Kind.fromId(a.getString("kind")));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(jsonFile + ": arrays: " + e.getMessage());
            }
            if (!StoreLayout.file(key).equals(a.getString("file"))) {
                throw new BadInputException(jsonFile + ": arrays: " + key.id() + " names file " + a.getString("file"));
            }
            keys.add(key);
        }
        List<ProbeCapture> captures = new ArrayList<>();
        for (JsonObject p : m.getObjectList("probes")) {
            int probe = p.getInt("probe");
            List<String> source = p.getStringList("source"), labels = p.getStringList("decoder_labels");
            int srcRow = p.getInt("src_row"), decRow = p.getInt("dec_row");
            if (srcRow < 0 || decRow < 0 || (long) srcRow + source.size() > srcRows || (long) decRow + labels.size() > decRows) {
                throw new BadInputException(jsonFile + ": probes: probe " + probe + " declares rows past the snapshot's "
                        + srcRows + " source and " + decRows + " decoder rows");
            }
            captures.add(new ProbeCapture(probe, p.getString("text"), source, p.getStringList("translation"), labels,
                    p.getBoolean("from_reference", false),
                    new Stored(keys, files, cache, srcRow, source.size(), decRow, labels.size())));
        }
        captures.sort(java.util.Comparator.comparingInt(ProbeCapture::probe));   // rows are in capture order; probes by index
        return new Snapshot(m.getInt("epoch"), m.getLong("step"), m.getBoolean("end_of_epoch", true),
                nan(m, "train_loss"), nan(m, "valid_loss"), captures);
    }

    private static double nan(JsonObject o, String key) {
        return o.hasValue(key) ? o.getDouble(key) : Double.NaN;
    }

    /** The snapshot's array files, mapped on first use and checked against the declared rows and widths. */
    private static final class ArrayFiles {
        final Path dir;
        final int srcRows, decRows, srcWidth, decWidth;
        final Map<ArrayKey, NpyMapped> mapped = new HashMap<>();

        ArrayFiles(Path dir, int srcRows, int decRows, int srcWidth, int decWidth) {
            this.dir = dir;
            this.srcRows = srcRows;
            this.decRows = decRows;
            this.srcWidth = srcWidth;
            this.decWidth = decWidth;
        }

        synchronized NpyMapped get(ArrayKey key) {
            NpyMapped f = mapped.get(key);
            if (f != null) return f;
            f = NpyMapped.open(dir.resolve(StoreLayout.file(key)));
            int[] shape = f.shape();
            int rows = StoreLayout.sourceRows(key) ? srcRows : decRows;
            boolean ok = shape.length > 0 && shape[0] == rows;
            if (key.kind() == Kind.ATTENTION) {
                ok &= shape.length == 3 && shape[2] == (StoreLayout.sourceKeys(key) ? srcWidth : decWidth);
            } else {
                ok &= shape.length == 2;
            }
            if (!ok) {
                throw new BadInputException(f.file() + ": shape " + java.util.Arrays.toString(shape)
                        + " does not match snapshot.json (" + rows + " rows" + (key.kind() == Kind.ATTENTION ? ", width "
                        + (StoreLayout.sourceKeys(key) ? srcWidth : decWidth) : "") + ")");
            }
            mapped.put(key, f);
            return f;
        }
    }

    /** One probe's rows in the snapshot's files. */
    private static final class Stored extends ProbeArrays {
        private final ArrayFiles files;
        private final TensorCache cache;
        private final int srcRow, srcCount, decRow, decCount;

        Stored(List<ArrayKey> keys, ArrayFiles files, TensorCache cache, int srcRow, int srcCount, int decRow, int decCount) {
            super(keys);
            this.files = files;
            this.cache = cache;
            this.srcRow = srcRow;
            this.srcCount = srcCount;
            this.decRow = decRow;
            this.decCount = decCount;
        }

        private record Key(ArrayFiles files, int row, ArrayKey key) {
        }

        @Override
        protected Tensor read(ArrayKey key) {
            boolean src = StoreLayout.sourceRows(key);
            int row = src ? srcRow : decRow;
            return cache.get(new Key(files, row, key), () -> slice(key, row, src ? srcCount : decCount));
        }

        private Tensor slice(ArrayKey key, int row, int count) {
            NpyMapped f = files.get(key);
            if (key.kind() != Kind.ATTENTION) return new Tensor(new int[] {count, f.dim(1)}, f.rows(row, count));
            // (rows, H, width) → (H, tq, tk) of this probe
            int h = f.dim(1), width = f.dim(2);
            int tk = StoreLayout.sourceKeys(key) ? srcCount : decCount;
            float[] rows = f.rows(row, count);
            float[] out = new float[h * count * tk];
            for (int head = 0; head < h; head++) {
                for (int i = 0; i < count; i++) {
                    System.arraycopy(rows, (i * h + head) * width, out, (head * count + i) * tk, tk);
                }
            }
            return new Tensor(new int[] {h, count, tk}, out);
        }
    }
}
