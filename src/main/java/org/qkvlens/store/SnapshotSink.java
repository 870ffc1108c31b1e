package org.qkvlens.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.ProbeArrays;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;

/**
 * Takes one snapshot's captures as the probe pass makes them and puts them in the store the cheaper way. A small
 * snapshot (up to {@link #IN_MEMORY_BYTES}) is held and handed to the store's own thread to write, so training does
 * not wait for two dozen file creations per snapshot; it is published at once with arrays that are read from memory
 * until the store has committed them and from the files after (the memory is then let go). A larger one streams into
 * the files probe by probe on the calling thread, so memory never holds more than {@link #IN_MEMORY_BYTES} of it.
 * Leaves out the layout ({@link SnapshotWriter}).
 */
public final class SnapshotSink {
    /** Snapshots up to this size are written in the background; larger ones stream. */
    public static final long IN_MEMORY_BYTES = 16L << 20;

    private final RunStore store;
    private final SnapshotHeader header;
    private final List<ProbeCapture> held = new ArrayList<>();
    private long heldBytes;
    private final long streamAbove;
    private SnapshotWriter streaming;

    SnapshotSink(RunStore store, SnapshotHeader header, long streamAbove) {
        this.store = store;
        this.header = header;
        this.streamAbove = streamAbove;
    }

    public void accept(ProbeCapture c) {
        if (streaming != null) {
            streaming.accept(c);
            return;
        }
        held.add(c);
        for (Tensor t : c.arrays().values()) heldBytes += 4L * t.data().length;
        if (heldBytes > streamAbove) {
            streaming = writer();
            for (ProbeCapture h : held) streaming.accept(h);
            held.clear();
        }
    }

    /** The snapshot, as published: read back from the files when it streamed, else held until the store has it. */
    public Snapshot finish() {
        if (streaming != null) {
            try (SnapshotWriter w = streaming) {
                return w.commit();
            }
        }
        List<ProbeCapture> published = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (ProbeCapture c : held) {
            Pending p = new Pending(c.arrays());
            pending.add(p);
            published.add(new ProbeCapture(c.probe(), c.text(), c.sourceLabels(), c.translation(), c.decoderLabels(),
                    c.fromReference(), p));
        }
        List<ProbeCapture> toWrite = List.copyOf(held);
        store.writeLater(heldBytes, () -> {
            try (SnapshotWriter w = writer()) {
                for (ProbeCapture c : toWrite) w.accept(c);
                Snapshot stored = w.commit();
                Map<Integer, ProbeCapture> byProbe = new HashMap<>();
                for (ProbeCapture c : stored.probes()) byProbe.put(c.probe(), c);
                for (int i = 0; i < toWrite.size(); i++) pending.get(i).moveTo(byProbe.get(toWrite.get(i).probe()).arrays());
            }
        });
        published.sort(java.util.Comparator.comparingInt(ProbeCapture::probe));
        return new Snapshot(header.epoch(), header.step(), header.endOfEpoch(), header.trainLoss(), header.validLoss(),
                published);
    }

    private SnapshotWriter writer() {
        return store.begin(header);
    }

    /** A probe's arrays in memory until the store has written them, then read from the store. */
    private static final class Pending extends ProbeArrays {
        private volatile Map<ArrayKey, Tensor> memory;
        private volatile Map<ArrayKey, Tensor> stored;

        Pending(Map<ArrayKey, Tensor> memory) {
            super(List.copyOf(memory.keySet()));
            this.memory = memory;
        }

        void moveTo(Map<ArrayKey, Tensor> stored) {
            this.stored = stored;
            this.memory = null;
        }

        @Override
        protected Tensor read(ArrayKey key) {
            Map<ArrayKey, Tensor> m = memory;     // moveTo sets stored before it lets memory go
            return m != null ? m.get(key) : stored.get(key);
        }
    }
}
