package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkvlens.engine.Trainer;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Snapshot;

/**
 * The same seed gives bit-identical losses and snapshots, run after run, and whatever the number of threads the
 * kernels split the work over.
 */
class TrainingSessionDeterminismTest {
    private static final int EPOCHS = 3;

    /** The losses and snapshots of a finished run. */
    private record Outcome(List<Trainer.EpochResult> epochs, List<Snapshot> snapshots) {
    }

    private static Outcome train(long seed, int threads) {
        try (TrainingSession session = new TrainingSession(ArticleRuns.setup(EPOCHS, seed, threads, true))) {
            assertEquals(TrainingSession.State.FINISHED, session.run());
            return new Outcome(session.epochs(), session.snapshots().history());
        }
    }

    @Test
    void sameSeedAndThreadsTwiceIsBitIdentical() {
        assertIdentical(train(1234, 2), train(1234, 2));
    }

    @Test
    void oneThreadAndTwoThreadsAreBitIdentical() {
        assertIdentical(train(1234, 1), train(1234, 2));
    }

    @Test
    void anotherSeedGivesAnotherRun() {
        // guards the two tests above against comparing runs that ignore the seed
        assertNotEquals(train(1234, 2).epochs().getFirst().trainLoss(), train(99, 2).epochs().getFirst().trainLoss());
    }

    private static void assertIdentical(Outcome a, Outcome b) {
        assertEquals(EPOCHS, a.epochs().size());
        assertEquals(EPOCHS, b.epochs().size());
        for (int e = 0; e < EPOCHS; e++) {
            // assertEquals(double, double) without a delta compares the bits
            assertEquals(a.epochs().get(e).trainLoss(), b.epochs().get(e).trainLoss(), "train loss, epoch " + (e + 1));
            assertEquals(a.epochs().get(e).validLoss(), b.epochs().get(e).validLoss(), "valid loss, epoch " + (e + 1));
        }
        assertEquals(EPOCHS + 1, a.snapshots().size());
        assertEquals(a.snapshots().size(), b.snapshots().size());
        for (int i = 0; i < a.snapshots().size(); i++) {
            Snapshot sa = a.snapshots().get(i), sb = b.snapshots().get(i);
            assertEquals(9, sa.probes().size());
            assertEquals(sa.probes().size(), sb.probes().size());
            for (int p = 0; p < sa.probes().size(); p++) {
                ProbeCapture ca = sa.probes().get(p), cb = sb.probes().get(p);
                assertEquals(ca.translation(), cb.translation(), "translation, snapshot " + i + ", probe " + p);
                assertEquals(ca.arrays().keySet(), cb.arrays().keySet());
                for (ArrayKey key : ca.arrays().keySet()) {
                    assertEquals(ca.array(key), cb.array(key), "snapshot " + i + ", probe " + p + ", " + key.id());
                }
            }
            assertEquals(sa, sb, "snapshot " + i);
        }
    }
}
