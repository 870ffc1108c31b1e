package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeArrays;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.store.RunStore;
import org.qkvlens.store.SnapshotWriter;
import org.qkvlens.store.StoreLayout;
import org.qkvlens.store.TensorCache;

/**
 * The snapshot store: a run streamed into a run directory gives bit-identical snapshots to the same run kept in
 * memory (as published, and read back from the directory or through an .npz written from it); the heap holds only
 * what the cache's budget allows; an unfinished snapshot is invisible; a damaged array file is one message naming it.
 */
class RunStoreTest {
    private static final int EPOCHS = 2;

    @TempDir
    Path dir;

    private static List<Snapshot> inMemory(CaptureFilter filter) {
        RunSetup s = ArticleRuns.setup(EPOCHS, 1234, 2, true);
        try (TrainingSession session = new TrainingSession(withCapture(s, filter))) {
            assertEquals(TrainingSession.State.FINISHED, session.run());
            return session.snapshots().history();
        }
    }

    private static RunSetup withCapture(RunSetup s, CaptureFilter filter) {
        return new RunSetup(s.preset(), s.model(), s.train(), s.order(), s.dataset(), s.corpus(), s.probes(),
                s.snapshotEverySteps(), filter);
    }

    private List<Snapshot> stored(Path run, CaptureFilter filter, TensorCache cache) {
        return stored(run, filter, cache, org.qkvlens.store.SnapshotSink.IN_MEMORY_BYTES);
    }

    /** Snapshots over {@code streamAbove} bytes stream into the files; smaller ones are written on the store's thread. */
    private List<Snapshot> stored(Path run, CaptureFilter filter, TensorCache cache, long streamAbove) {
        try (TrainingSession session = new TrainingSession(withCapture(ArticleRuns.setup(EPOCHS, 1234, 2, true), filter))) {
            session.storeIn(run, cache).streamAbove(streamAbove);
            assertEquals(TrainingSession.State.FINISHED, session.run());
            return session.snapshots().history();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "stream above {0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(longs = {0, 16L << 20})
    void storedRunEqualsTheRunKeptInMemory(long streamAbove) throws IOException {
        List<Snapshot> want = inMemory(CaptureFilter.ALL);
        Path run = dir.resolve("run");
        List<Snapshot> published = stored(run, CaptureFilter.ALL, new TensorCache(0), streamAbove);
        assertSame(want, published);
        RunRecord back = RunDirectory.read(run, new TensorCache(0));
        assertSame(want, back.snapshots());
        assertEquals(EPOCHS, back.losses().size());
        assertEquals(9, back.probes().size());
        assertEquals("article", back.config().get("preset"));
        // an .npz written from the stored run holds the same arrays
        Path npz = dir.resolve("run.npz");
        SnapshotFile.write(npz, back);
        assertSame(want, SnapshotFile.read(npz).snapshots());
        // the published snapshots read their arrays from the files: nothing is held in memory
        for (Snapshot s : published) for (ProbeCapture c : s.probes()) assertInstanceOf(ProbeArrays.class, c.arrays());
        Path k = run.resolve(StoreLayout.SNAPSHOTS).resolve("e002").resolve("enc_self_l0_K.npy");
        assertTrue(Files.isRegularFile(k));
        // once the run has ended, even a snapshot first published from memory reads its arrays from the files
        byte[] bytes = Files.readAllBytes(k);
        java.util.Arrays.fill(bytes, 128, bytes.length, (byte) 0);     // same size, header kept, every value 0
        Files.write(k, bytes);
        ArrayKey key = new ArrayKey(Site.ENC_SELF, 0, Kind.K);
        float[] now = published.getLast().probes().getFirst().array(key).data();
        assertEquals(0f, now[0]);
        assertEquals(0f, now[now.length - 1]);
        assertTrue(want.getLast().probes().getFirst().array(key).data()[0] != 0f);
    }

    private static void assertSame(List<Snapshot> want, List<Snapshot> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            Snapshot a = want.get(i), b = got.get(i);
            assertEquals(a.epoch(), b.epoch());
            assertEquals(a.step(), b.step());
            assertEquals(a.trainLoss(), b.trainLoss());
            assertEquals(a.probes().size(), b.probes().size());
            for (int p = 0; p < a.probes().size(); p++) {
                ProbeCapture ca = a.probes().get(p), cb = b.probes().get(p);
                assertEquals(ca.probe(), cb.probe());
                assertEquals(ca.text(), cb.text());
                assertEquals(ca.sourceLabels(), cb.sourceLabels());
                assertEquals(ca.translation(), cb.translation());
                assertEquals(ca.decoderLabels(), cb.decoderLabels());
                assertEquals(ca.arrays().keySet(), cb.arrays().keySet());
                for (ArrayKey key : ca.arrays().keySet()) {
                    assertEquals(ca.array(key), cb.array(key), "snapshot " + i + ", probe " + p + ", " + key.id());
                }
            }
        }
    }

    @Test
    void theCacheStaysWithinItsBudget() {
        long budget = 40_000;   // a few of the article's arrays (57 tokens × 64 floats ≈ 14.6 KB for all probes' K)
        TensorCache cache = new TensorCache(budget);
        List<Snapshot> published = stored(dir.resolve("run"), CaptureFilter.ALL, cache);
        long read = 0;
        for (int round = 0; round < 2; round++) {
            for (Snapshot s : published) {
                for (ProbeCapture c : s.probes()) {
                    for (ArrayKey k : c.arrays().keySet()) {
                        read += 4L * c.array(k).data().length;
                        assertTrue(cache.bytes() <= budget, "cache holds " + cache.bytes() + " > " + budget);
                    }
                }
            }
        }
        assertTrue(read > 10 * budget, "the test must read far more than the budget: " + read);
        assertTrue(cache.bytes() > 0, "the cache keeps what fits");
        // a repeated read of the same array is served from the cache
        ProbeCapture c = published.getLast().probes().getFirst();
        ArrayKey k = new ArrayKey(Site.ENC_SELF, 0, Kind.K);
        c.array(k);
        long hits = cache.hits();
        assertEquals(c.array(k), c.array(k));
        assertEquals(hits + 2, cache.hits());
    }

    @Test
    void captureFilterKeepsOnlyWhatWasChosen() {
        CaptureFilter onlyK = new CaptureFilter(Set.of(Site.ENC_SELF, Site.DEC_CROSS), Set.of(0), Set.of(Kind.K, Kind.ATTENTION));
        List<Snapshot> want = inMemory(onlyK);
        List<Snapshot> got = stored(dir.resolve("run"), onlyK, new TensorCache(1 << 20));
        assertSame(want, got);
        assertEquals(Set.of(new ArrayKey(Site.ENC_SELF, 0, Kind.K), new ArrayKey(Site.ENC_SELF, 0, Kind.ATTENTION),
                new ArrayKey(Site.DEC_CROSS, 0, Kind.K), new ArrayKey(Site.DEC_CROSS, 0, Kind.ATTENTION)),
                got.getLast().probes().getFirst().arrays().keySet());
        // and the full run's K equals the filtered run's K
        List<Snapshot> all = inMemory(CaptureFilter.ALL);
        ArrayKey k = new ArrayKey(Site.ENC_SELF, 0, Kind.K);
        assertEquals(all.getLast().probes().get(3).array(k), got.getLast().probes().get(3).array(k));
    }

    @Test
    void anUnfinishedSnapshotIsInvisibleAndDeleted() {
        RunStore store = RunStore.create(dir.resolve("run"), java.util.Map.of("note", "test"), new TensorCache(0));
        SnapshotWriter w = store.begin(1, 10, true, 1.0, 2.0, 4, 4);
        w.accept(capture(0));
        w.close();   // no commit: as when the process fails mid-snapshot
        assertEquals(List.of(), store.snapshots());
        try (SnapshotWriter w2 = store.begin(1, 10, true, 1.0, 2.0, 4, 4)) {
            w2.accept(capture(0));
            w2.accept(capture(1));
            Snapshot s = w2.commit();
            assertEquals(2, s.probes().size());
            assertEquals(capture(1).array(KEY), s.probes().get(1).array(KEY));
        }
        assertEquals(1, store.snapshots().size());
        // append-only: the same snapshot cannot be written twice
        assertThrows(RuntimeException.class, () -> store.begin(1, 10, true, 1.0, 2.0, 4, 4));
    }

    @Test
    void aDamagedArrayFileIsOneMessageNamingIt() throws IOException {
        RunStore store = RunStore.create(dir.resolve("run"), java.util.Map.of(), new TensorCache(0));
        try (SnapshotWriter w = store.begin(3, 30, true, 1.0, 2.0, 4, 4)) {
            w.accept(capture(0));
            w.commit();
        }
        Path file = dir.resolve("run/snapshots/e003").resolve(StoreLayout.file(KEY));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));   // truncated
        Snapshot s = store.snapshots().getFirst();
        BadInputException e = assertThrows(BadInputException.class, () -> s.probes().getFirst().array(KEY));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("shape"), e.getMessage());
        // a run directory that is not one
        Files.createDirectories(dir.resolve("other"));
        BadInputException e2 = assertThrows(BadInputException.class, () -> RunDirectory.read(dir.resolve("other"), new TensorCache(0)));
        assertTrue(e2.getMessage().contains("not a QKV Lens run directory"), e2.getMessage());
        assertFalse(RunStore.isRunDirectory(dir.resolve("other")));
    }

    private static final ArrayKey KEY = new ArrayKey(Site.ENC_SELF, 0, Kind.K);

    private static ProbeCapture capture(int probe) {
        float[] k = new float[3 * 2];
        for (int i = 0; i < k.length; i++) k[i] = probe * 10 + i;
        return new ProbeCapture(probe, "a b", List.of("<sos>", "a", "b"), List.of("x", "<eos>"), List.of("sos->x", "x->eos"),
                false, java.util.Map.of(KEY, new Tensor(new int[] {3, 2}, k)));
    }
}
