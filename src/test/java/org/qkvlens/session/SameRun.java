package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.store.RunStore;
import org.qkvlens.store.TensorCache;
import org.qkvlens.store.TrainingCheckpoint;

/** Test helper: two run directories hold the same run — checkpoint, losses, translations and every snapshot array, exactly. */
public final class SameRun {
    private SameRun() {
    }

    public static void assertSame(Path a, Path b) {
        TrainingCheckpoint ca = TrainingCheckpoint.latest(a), cb = TrainingCheckpoint.latest(b);
        assertEquals(ca.epoch(), cb.epoch(), b + ": epochs");
        assertEquals(ca.globalStep(), cb.globalStep(), b + ": global step");
        assertArrayEquals(ca.params(), cb.params(), b + ": weights");
        assertArrayEquals(ca.firstMoments(), cb.firstMoments(), b + ": Adam m");
        assertArrayEquals(ca.secondMoments(), cb.secondMoments(), b + ": Adam v");
        RunRecord x = RunDirectory.read(a, new TensorCache(0)), y = RunDirectory.read(b, new TensorCache(0));
        assertEquals(x.losses().size(), y.losses().size());
        for (int i = 0; i < x.losses().size(); i++) {
            assertEquals(x.losses().get(i).train(), y.losses().get(i).train(), "train loss of epoch " + (i + 1));
            assertEquals(x.losses().get(i).valid(), y.losses().get(i).valid(), "valid loss of epoch " + (i + 1));
        }
        List<Snapshot> sx = x.snapshots(), sy = y.snapshots();
        assertEquals(sx.size(), sy.size(), "snapshots");
        for (int s = 0; s < sx.size(); s++) {
            assertEquals(sx.get(s).epoch(), sy.get(s).epoch());
            for (int p = 0; p < sx.get(s).probes().size(); p++) {
                ProbeCapture cx = sx.get(s).probes().get(p), cy = sy.get(s).probes().get(p);
                assertEquals(cx.translation(), cy.translation());
                for (ArrayKey k : cx.arrays().keySet()) {
                    assertNotNull(cy.array(k), k.id());
                    assertArrayEquals(cx.array(k).data(), cy.array(k).data(), "epoch " + sx.get(s).epoch() + " " + k.id());
                }
            }
        }
        assertTrue(RunStore.isRunDirectory(b));
    }
}
