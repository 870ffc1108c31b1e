package org.qkvlens.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.qkvlens.io.Json;
import org.qkvlens.io.NpyAppender;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;

/**
 * Writes one snapshot into a run directory as its probes are captured: each {@link #accept}ed probe's rows are
 * appended to one .npy file per array (see {@link StoreLayout}), so memory holds one probe's arrays at a time;
 * {@link #commit} writes the token tables and {@code snapshot.json} and renames the directory into place. Until then
 * the snapshot is invisible to readers; {@link #close} without commit deletes it. A killed process loses nothing
 * committed (the files are in the operating system's cache); forcing them to the disk itself, against power loss,
 * happens on the store's own thread ({@link RunStore#syncLater}) so training does not wait for the disk.
 * Leaves out choosing what to capture (the probe pass's {@link org.qkvlens.probe.CaptureFilter}).
 */
public final class SnapshotWriter implements AutoCloseable {
    private final RunStore store;
    private final Path temp;
    private final Path target;
    private final SnapshotHeader header;
    private final int srcWidth, decWidth;
    private final Map<ArrayKey, NpyAppender> files = new TreeMap<>(SnapshotWriter::compare);
    private final List<Map<String, Object>> probes = new ArrayList<>();
    private final StringBuilder tokensSrc = new StringBuilder("row\tprobe\tposition\ttoken\n");
    private final StringBuilder tokensDec = new StringBuilder("row\tprobe\tposition\ttoken\tlabel\n");
    private List<ArrayKey> keys;
    private int srcRows, decRows;
    private boolean committed;

    SnapshotWriter(RunStore store, SnapshotHeader header) throws IOException {
        this.store = store;
        this.header = header;
        this.srcWidth = header.srcWidth();
        this.decWidth = header.decWidth();
        String name = header.dirName();
        Path dir = store.dir().resolve(StoreLayout.SNAPSHOTS);
        this.target = dir.resolve(name);
        this.temp = dir.resolve("." + name + ".partial");
        if (Files.exists(target)) throw new IOException(target + " exists already: a run directory is append-only");
        RunStore.deleteTree(temp);
        Files.createDirectories(temp);
    }

    /** Appends one probe's capture; every probe of a snapshot must hold the same arrays. */
    public void accept(ProbeCapture c) {
        timed(() -> {
            appendProbe(c);
            return null;
        });
    }

    private void appendProbe(ProbeCapture c) throws IOException {
        List<ArrayKey> have = new ArrayList<>(c.arrays().keySet());
        have.sort(SnapshotWriter::compare);
        if (keys == null) {
            keys = have;
            for (ArrayKey k : keys) files.put(k, open(k, c.array(k)));
        } else if (!keys.equals(have)) {
            throw new IllegalArgumentException("probe " + c.probe() + " holds other arrays than the probes before it");
        }
        int s = c.sourceLabels().size(), t = c.decoderLabels().size();
        for (ArrayKey k : keys) append(k, c.array(k));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probe", c.probe());
        m.put("text", c.text());
        m.put("source", c.sourceLabels());
        m.put("translation", c.translation());
        m.put("decoder_labels", c.decoderLabels());
        m.put("from_reference", c.fromReference());
        m.put("src_row", srcRows);
        m.put("dec_row", decRows);
        probes.add(m);
        for (int i = 0; i < s; i++) {
            tokensSrc.append(srcRows + i).append('\t').append(c.probe()).append('\t').append(i).append('\t')
                    .append(c.sourceLabels().get(i)).append('\n');
        }
        for (int i = 0; i < t; i++) {
            tokensDec.append(decRows + i).append('\t').append(c.probe()).append('\t').append(i).append('\t')
                    .append(c.translation().get(i)).append('\t').append(c.decoderLabels().get(i)).append('\n');
        }
        srcRows += s;
        decRows += t;
    }

    private NpyAppender open(ArrayKey k, Tensor t) throws IOException {
        Path f = temp.resolve(StoreLayout.file(k));
        if (k.kind() == Kind.ATTENTION) {
            return new NpyAppender(f, t.dim(0), StoreLayout.sourceKeys(k) ? srcWidth : decWidth);
        }
        return new NpyAppender(f, t.dim(1));
    }

    private void append(ArrayKey k, Tensor t) throws IOException {
        NpyAppender out = files.get(k);
        if (k.kind() != Kind.ATTENTION) {
            out.append(t.data(), 0, t.dim(0));
            return;
        }
        // (H, tq, tk) → rows of (H, width), keys past tk are 0 (masked)
        int h = t.dim(0), tq = t.dim(1), tk = t.dim(2);
        int width = StoreLayout.sourceKeys(k) ? srcWidth : decWidth;
        if (tk > width) throw new IllegalArgumentException(k.id() + ": " + tk + " keys exceed the store's width " + width);
        float[] rows = new float[tq * h * width];
        float[] data = t.data();
        for (int head = 0; head < h; head++) {
            for (int i = 0; i < tq; i++) {
                System.arraycopy(data, (head * tq + i) * tk, rows, (i * h + head) * width, tk);
            }
        }
        out.append(rows, 0, tq);
    }

    /** Makes the snapshot durable and visible; returns it as read back from the store (arrays on demand). */
    public Snapshot commit() {
        return timed(this::commitFiles);
    }

    private Snapshot commitFiles() throws IOException {
        for (NpyAppender f : files.values()) f.finish(false);
        write(temp.resolve(StoreLayout.TOKENS_SRC), tokensSrc.toString());
        write(temp.resolve(StoreLayout.TOKENS_DEC), tokensDec.toString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", RunStore.SNAPSHOT_FORMAT);
        m.put("version", RunStore.VERSION);
        m.put("epoch", header.epoch());
        m.put("step", header.step());
        m.put("end_of_epoch", header.endOfEpoch());
        m.put("train_loss", header.trainLoss());
        m.put("valid_loss", header.validLoss());
        m.put("src_rows", srcRows);
        m.put("dec_rows", decRows);
        m.put("src_width", srcWidth);
        m.put("dec_width", decWidth);
        List<Object> arrays = new ArrayList<>();
        for (ArrayKey k : keys == null ? List.<ArrayKey>of() : keys) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("file", StoreLayout.file(k));
            a.put("site", k.site().id());
            a.put("layer", k.layer());
            a.put("kind", k.kind().id());
            a.put("rows", StoreLayout.sourceRows(k) ? "src" : "dec");
            arrays.add(a);
        }
        m.put("arrays", arrays);
        m.put("probes", probes);
        write(temp.resolve(StoreLayout.SNAPSHOT_JSON), Json.write(m));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        store.syncLater(target);
        return StoredSnapshot.read(target, store.cache());
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    /** Runs {@code io}, counting its time as writing and reporting a failure with the run directory's name. */
    private <T> T timed(Io<T> io) {
        long t0 = System.nanoTime();
        try {
            return io.run();
        } catch (IOException e) {
            throw new UncheckedIOException(store.dir() + ": could not write the snapshot: " + e.getMessage(), e);
        } finally {
            store.countWriting(System.nanoTime() - t0);
        }
    }

    private static void write(Path file, String text) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            var buf = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) ch.write(buf);
        }
    }

    static int compare(ArrayKey a, ArrayKey b) {
        return a.site() != b.site() ? a.site().compareTo(b.site())
                : a.layer() != b.layer() ? Integer.compare(a.layer(), b.layer()) : a.kind().compareTo(b.kind());
    }

    /** Without a commit: closes the files and deletes the partial snapshot. */
    @Override
    public void close() {
        if (committed) return;
        for (NpyAppender f : files.values()) {
            try {
                f.close();
            } catch (IOException ignored) {
                // deleting it next
            }
        }
        try {
            RunStore.deleteTree(temp);
        } catch (IOException ignored) {
            // a leftover dot-directory is ignored by readers and replaced by the next attempt
        }
    }
}
