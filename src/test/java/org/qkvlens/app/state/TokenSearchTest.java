package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Snapshot;

/**
 * The search's modes on hand-made probes: exact, prefix and regular expression on source tokens and on either word of
 * a decoder position {@code prev->next}, sentence mode, a bad regular expression as a message, and the count line;
 * and its time over 1,014 probes.
 */
class TokenSearchTest {
    private static ProbeCapture probe(int index, String text, List<String> src, List<String> dec) {
        return new ProbeCapture(index, text, src, List.of(), dec, false, Map.of());
    }

    private static final Snapshot SNAP = new Snapshot(1, 10, true, Double.NaN, Double.NaN, List.of(
            probe(0, "we can eat apple", List.of("<sos>", "we", "can", "eat", "apple", "<eos>"),
                    List.of("sos->wir", "wir->können", "können->äpfel", "äpfel->essen", "essen->eos")),
            probe(1, "apple eat can we", List.of("<sos>", "apple", "eat", "can", "we", "<eos>"),
                    List.of("sos->apfel", "apfel->essen", "essen->eos")),
            probe(2, "Applesauce is good", List.of("<sos>", "applesauce", "is", "good", "<eos>"), List.of("sos->gut", "gut->eos"))));

    private static TokenRef src(int p, int i) {
        return new TokenRef(p, false, i);
    }

    private static TokenRef dec(int p, int i) {
        return new TokenRef(p, true, i);
    }

    @Test
    void exactWordIgnoresCaseAndMatchesWholeWords() {
        TokenSearch.Result r = TokenSearch.find(SNAP, "Apple", TokenSearch.Mode.EXACT);
        assertEquals(List.of(src(0, 4), src(1, 1)), r.matches());
        assertEquals("2 tokens in 2 sentences", r.summary());
        assertNull(r.error());
    }

    @Test
    void decoderPositionsMatchOnEitherWord() {
        // "essen" is predicted at äpfel->essen / apfel->essen and read at essen->eos
        TokenSearch.Result r = TokenSearch.find(SNAP, "essen", TokenSearch.Mode.EXACT);
        assertEquals(List.of(dec(0, 3), dec(0, 4), dec(1, 1), dec(1, 2)), r.matches());
        assertEquals(List.of(dec(0, 0), dec(1, 0), dec(2, 0)), TokenSearch.find(SNAP, "sos", TokenSearch.Mode.EXACT).matches());
    }

    @Test
    void prefixMatchesTheStartOfAWord() {
        TokenSearch.Result r = TokenSearch.find(SNAP, "app", TokenSearch.Mode.PREFIX);
        assertEquals(List.of(src(0, 4), src(1, 1), src(2, 1)), r.matches());
        assertEquals("3 tokens in 3 sentences", r.summary());
        assertEquals(List.of(dec(1, 0), dec(1, 1)), TokenSearch.find(SNAP, "apf", TokenSearch.Mode.PREFIX).matches());
    }

    @Test
    void regularExpressionIsFoundInAWordAndAnchorsWork() {
        assertEquals(List.of(src(0, 1), src(1, 4)), TokenSearch.find(SNAP, "^we$", TokenSearch.Mode.REGEX).matches());
        // "e.t" is only in "eat", once per sentence
        assertEquals(List.of(src(0, 3), src(1, 2)), TokenSearch.find(SNAP, "e.t", TokenSearch.Mode.REGEX).matches());
        TokenSearch.Result both = TokenSearch.find(SNAP, "^(äpfel|gut)$", TokenSearch.Mode.REGEX);
        assertEquals(List.of(dec(0, 2), dec(0, 3), dec(2, 0), dec(2, 1)), both.matches());
    }

    @Test
    void aBadRegularExpressionIsAMessageNotAnException() {
        TokenSearch.Result r = TokenSearch.find(SNAP, "(apple", TokenSearch.Mode.REGEX);
        assertTrue(r.matches().isEmpty());
        assertTrue(r.error().startsWith("bad regular expression: "), r.error());
        assertEquals(r.error(), r.summary());
    }

    @Test
    void sentenceModeFindsEveryTokenOfTheSentencesContainingIt() {
        TokenSearch.Result r = TokenSearch.find(SNAP, "EAT APPLE", TokenSearch.Mode.SENTENCE);
        assertEquals(6 + 5, r.matches().size());
        assertTrue(r.matches().stream().allMatch(t -> t.probe() == 0));
        assertEquals("11 tokens in 1 sentence", r.summary());
    }

    @Test
    void blankQueryNoSnapshotAndNoMatches() {
        assertEquals("", TokenSearch.find(SNAP, "  ", TokenSearch.Mode.EXACT).summary());
        assertEquals("no matches", TokenSearch.find(null, "apple", TokenSearch.Mode.EXACT).summary(), "no snapshot yet");
        assertEquals("no matches", TokenSearch.find(SNAP, "pear", TokenSearch.Mode.EXACT).summary());
        assertEquals("1 token in 1 sentence", TokenSearch.find(SNAP, "good", TokenSearch.Mode.EXACT).summary());
    }

    /** 1,014 probes of 14 source tokens and 13 decoder positions (the Multi30k validation split's size). */
    static Snapshot manyProbes() {
        List<ProbeCapture> ps = new ArrayList<>();
        for (int p = 0; p < 1014; p++) {
            List<String> src = new ArrayList<>(), dec = new ArrayList<>();
            src.add("<sos>");
            for (int i = 0; i < 12; i++) src.add("word" + (p * 7 + i * 13) % 2000);
            src.add("<eos>");
            String prev = "sos";
            for (int i = 0; i < 13; i++) {
                String next = i == 12 ? "eos" : "wort" + (p * 5 + i * 11) % 2500;
                dec.add(prev + "->" + next);
                prev = next;
            }
            ps.add(probe(p, String.join(" ", src.subList(1, 13)), src, dec));
        }
        return new Snapshot(1, 1, true, Double.NaN, Double.NaN, ps);
    }

    @Test
    void searchOverTheValidationSplitsSizeIsQuick() {
        Snapshot s = manyProbes();
        for (int warm = 0; warm < 20; warm++) TokenSearch.find(s, "word1.*", TokenSearch.Mode.REGEX);
        long best = Long.MAX_VALUE;
        int n = 0;
        for (TokenSearch.Mode m : TokenSearch.Mode.values()) {
            long tm = Long.MAX_VALUE;
            TokenSearch.Result r = null;
            for (int rep = 0; rep < 10; rep++) {
                long t0 = System.nanoTime();
                r = TokenSearch.find(s, "word1", m);
                tm = Math.min(tm, System.nanoTime() - t0);
            }
            best = Math.min(best, tm);
            n += r.matches().size();
            System.out.printf("TokenSearch 1014 probes, %s: best of 10 %.2f ms, %d matches%n", m, tm / 1e6, r.matches().size());
        }
        assertTrue(n > 0);
        assertTrue(best < 200_000_000L, "a search over 1,014 probes took " + best / 1e6 + " ms");
    }
}
