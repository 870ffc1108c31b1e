package org.qkvlens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qkvlens.engine.KernelAssert.assertClose;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Adam#step} held to {@link Adam#stepReference} (vectorised and split across threads vs one plain loop), and
 * both to numbers worked out by hand from PyTorch's formulas ({@code torch.optim.Adam} and
 * {@code torch.nn.utils.clip_grad_norm_}; see https://pytorch.org/docs/stable/generated/torch.optim.Adam.html).
 */
class AdamTest {
    /**
     * After each step the distance travelled, params − initial, agrees to 1e-5 × its largest magnitude (comparing
     * the updates, not the parameters, keeps the check sharp when lr is small next to the parameters).
     */
    private static final double REL_TOL = 1e-5;
    /** More than two Adam blocks of 8192 and not a multiple of any vector length: threads split it, lanes leave a tail. */
    private static final int SIZE = 2 * 8192 + 1003;

    private static TrainConfig config(float lr, float clip) {
        return new TrainConfig(8, 1, lr, 0.9f, 0.999f, 1e-8f, clip, 1, 1, 10);
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 3})
    void stepMatchesTheReferenceWithClippingOffInactiveAndActive(int threads) {
        // clip 0: off; clip 1e6: on but never reached; clip 0.5: active on every step (gradient norms are ~80).
        for (float clip : new float[] {0f, 1e6f, 0.5f}) {
            Random rng = new Random(7);
            float[] initial = KernelAssert.uniform(rng, SIZE, 1f);
            float[] fastParams = initial.clone(), refParams = initial.clone();
            try (Parallel parallel = new Parallel(threads, true); Parallel single = new Parallel(1)) {
                Adam fast = new Adam(SIZE, config(1e-2f, clip), parallel);
                Adam ref = new Adam(SIZE, config(1e-2f, clip), single);
                for (int step = 1; step <= 4; step++) {
                    float[] grads = KernelAssert.uniform(rng, SIZE, step);  // a growing scale exercises the moments
                    float[] gradsCopy = grads.clone();
                    double normFast = fast.step(fastParams, grads);
                    double normRef = ref.stepReference(refParams, gradsCopy);
                    String what = "clip " + clip + ", step " + step + ", " + threads + " thread(s)";
                    assertEquals(normRef, normFast, 0.0, what + ": the norm is summed in fixed blocks");
                    assertClose(what + ": params − initial", minus(refParams, initial), minus(fastParams, initial), REL_TOL);
                    assertEquals(step, fast.steps());
                }
            }
        }
    }

    /*
     * Worked by hand from PyTorch's update with lr 0.1, β1 0.9, β2 0.999, ε 1e-8, p₀ = (1, −2, 0.5):
     *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε).
     * Step 1 always moves each element by lr·sign(g) (m̂ = g, v̂ = g²). Step 2, element 0 without clipping, g = (0.1, 0.05):
     *   m = 0.9·0.01 + 0.1·0.05 = 0.014, v = 0.999·1e-5 + 0.001·0.0025 = 1.249e-5,
     *   m̂ = 0.014/0.19 = 0.0736842, √v̂ = √(1.249e-5/0.001999) = 0.0790449, p = 0.9 − 0.1·0.0736842/0.0790449 = 0.8067821.
     * With clipping at max_norm 1, g is scaled by 1/(‖g‖ + 1e-6) when ‖g‖ > 1: g₁ = (3, −4, 0) (norm 5) and
     * g₂ = (1, 2, 2) (norm 3) become (0.6, −0.8, 0) and (1/3, 2/3, 2/3).
     */
    private static final float[] P0 = {1f, -2f, 0.5f};
    /** Float arithmetic against 8-digit hand values: 1e-6 × the largest parameter (2), a few float ulps. */
    private static final double HAND_TOL = 1e-6;

    @Test
    void twoStepsWithoutClippingMatchPyTorchByHand() {
        float[][] grads = {{0.1f, -0.2f, 0.3f}, {0.05f, 0.4f, -0.1f}};
        float[][] expected = {{0.9f, -1.9f, 0.4f}, {0.80678206f, -1.93661036f, 0.35997815f}};
        checkByHand(0f, grads, expected);
    }

    @Test
    void twoStepsWithClippingMatchPyTorchByHand() {
        float[][] grads = {{3f, -4f, 0f}, {1f, 2f, 2f}};
        // Without clipping step 2 would give (0.81289361, −1.87336630, 0.42558632): clipping changes the answer.
        float[][] expected = {{0.9f, -1.9f, 0.5f}, {0.80528099f, -1.89618779f, 0.42558632f}};
        checkByHand(1f, grads, expected);
    }

    private static void checkByHand(float clip, float[][] grads, float[][] expected) {
        try (Parallel parallel = new Parallel(1)) {
            Adam fast = new Adam(3, config(0.1f, clip), parallel);
            Adam ref = new Adam(3, config(0.1f, clip), parallel);
            float[] pFast = P0.clone(), pRef = P0.clone();
            for (int t = 0; t < grads.length; t++) {
                fast.step(pFast, grads[t].clone());
                ref.stepReference(pRef, grads[t].clone());
                assertClose("step " + (t + 1) + " (step)", expected[t], pFast, HAND_TOL);
                assertClose("step " + (t + 1) + " (stepReference)", expected[t], pRef, HAND_TOL);
            }
        }
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }
}
