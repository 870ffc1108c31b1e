package org.qkvlens.session;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.qkvlens.data.BadInputException;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Preset;

/** A model shape is refused before allocation when its weights, gradients and Adam's moments cannot fit the heap. */
class RunRequestFitTest {
    private static final ModelConfig TUTORIAL = Preset.TUTORIAL.model().withVocab(5_921, 7_859);

    @Test
    void theTutorialOnMulti30kFitsAGigabyteHeap() {
        assertDoesNotThrow(() -> RunRequest.checkFits(TUTORIAL, 1L << 30));
    }

    @Test
    void aModelWhoseStateTakesMoreThanHalfTheHeapIsRefusedWithItsSize() {
        BadInputException e = assertThrows(BadInputException.class, () -> RunRequest.checkFits(TUTORIAL, 100_000_000L));
        assertTrue(e.getMessage().contains("parameters needs") && e.getMessage().contains("-Xmx"), e.getMessage());
    }
}
