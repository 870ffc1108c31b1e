package org.qkvlens.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** {@link ProbeLine#parse}, the one reader of a probe line (probe files and the app's probe list). */
class ProbeLineTest {
    @Test
    void aSentenceWithAnOptionalReference() {
        assertEquals(new ProbeLine.Parsed(new ProbeLine("i eat bread", "ich essen brot", "p:1"), null),
                ProbeLine.parse(" i eat bread \t ich essen brot ", "p:1"));
        assertEquals(new ProbeLine("book", null, "p:2"), ProbeLine.parse("book\t ", "p:2").probe());
        assertEquals(new ProbeLine("", "nur eine referenz", "p:3"), ProbeLine.parse("\tnur eine referenz", "p:3").probe());
    }

    @Test
    void blankAndCommentLinesHoldNoProbeAndNoProblem() {
        for (String line : new String[] {"", "   ", " # comment", "#\tx\ty"}) {
            ProbeLine.Parsed p = ProbeLine.parse(line, "p:1");
            assertFalse(p.isProbe(), line);
            assertEquals(null, p.problem(), line);
        }
    }

    @Test
    void moreThanOneTabIsAProblemWithoutALocation() {
        ProbeLine.Parsed p = ProbeLine.parse("a\tb\tc", "p:1");
        assertFalse(p.isProbe());
        assertEquals("2 tabs; write the sentence, then optionally one tab and its reference translation", p.problem());
    }
}
