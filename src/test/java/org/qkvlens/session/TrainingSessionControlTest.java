package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.qkvlens.engine.Trainer;

/** Pause, resume and cancel a session training on its background thread, from the test's thread. */
class TrainingSessionControlTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Far more epochs than a test waits for: these sessions only end by being cancelled. */
    private static final int EPOCHS = 100_000;

    @Test
    void pauseStopsTheStepsResumeRestartsThemCancelEndsTheRun() throws InterruptedException {
        AtomicLong steps = new AtomicLong();
        CountDownLatch atStepFive = new CountDownLatch(1);
        CountDownLatch paused = new CountDownLatch(1);
        TrainingSession session = new TrainingSession(ArticleRuns.setup(EPOCHS, 1234, 2, false));
        session.addListener(new TrainingSession.Listener() {
            @Override
            public void onStep(Trainer.StepProgress p) {
                steps.set(p.globalStep());
                if (p.globalStep() == 5) {
                    // hold the training thread inside step 5 until the test has paused: the pause then lands
                    // between two steps for certain, and nothing may run after step 5
                    atStepFive.countDown();
                    awaitLatch(paused);
                }
            }
        });
        try {
            session.start();
            assertTrue(atStepFive.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "training reaches step 5");
            session.pause();
            paused.countDown();
            assertEquals(TrainingSession.State.PAUSED, session.state());

            Thread.sleep(200);
            assertEquals(5, steps.get(), "steps while paused");
            assertEquals(TrainingSession.State.PAUSED, session.state());

            session.resume();
            assertEquals(TrainingSession.State.RUNNING, session.state());
            awaitTrue(() -> steps.get() > 10, "training goes on after resume");

            session.cancel();
            assertTimeoutPreemptively(PATIENCE, session::await);
            assertEquals(TrainingSession.State.CANCELLED, session.state());
            assertTrue(session.epochs().size() < EPOCHS);
            long stepsAtCancel = steps.get();
            assertTimeoutPreemptively(PATIENCE, session::close);
            Thread.sleep(50);
            assertEquals(stepsAtCancel, steps.get(), "no step after cancel");
        } finally {
            session.cancel(); // a failed assertion must not leave a 100,000-epoch run behind
        }
    }

    @Test
    void cancelWhilePausedEndsTheRun() throws InterruptedException {
        AtomicLong steps = new AtomicLong();
        TrainingSession session = new TrainingSession(ArticleRuns.setup(EPOCHS, 1234, 2, false));
        session.addListener(new TrainingSession.Listener() {
            @Override
            public void onStep(Trainer.StepProgress p) {
                steps.set(p.globalStep());
            }
        });
        try {
            session.start();
            awaitTrue(() -> steps.get() >= 2, "training starts");
            session.pause();
            session.cancel();
            assertTimeoutPreemptively(PATIENCE, session::await);
            assertEquals(TrainingSession.State.CANCELLED, session.state());
            assertTimeoutPreemptively(PATIENCE, session::close);
        } finally {
            session.cancel();
        }
    }

    @Test
    void sessionCancelledBeforeStartEnds() {
        TrainingSession session = new TrainingSession(ArticleRuns.setup(EPOCHS, 1234, 2, false));
        session.cancel();
        assertEquals(TrainingSession.State.CANCELLED, session.state());
        assertTimeoutPreemptively(PATIENCE, session::await);
        assertThrows(IllegalStateException.class, session::start);
        assertTimeoutPreemptively(PATIENCE, session::close);
        assertTrue(session.snapshots().history().isEmpty(), "no probe pass ran");
    }

    @Test
    void closeWithoutStartDoesNotHang() {
        TrainingSession session = new TrainingSession(ArticleRuns.setup(EPOCHS, 1234, 2, false));
        assertTimeoutPreemptively(PATIENCE, session::close);
        assertEquals(TrainingSession.State.CANCELLED, session.state());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out: " + what);
            Thread.sleep(5);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) throw new AssertionError("the test never paused");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
