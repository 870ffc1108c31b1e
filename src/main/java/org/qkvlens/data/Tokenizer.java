package org.qkvlens.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a sentence into lowercase tokens. Both kinds lowercase with {@link Locale#ROOT} and drop whitespace
 * and control characters. WORDS keeps runs of letters, digits and combining marks (any script) together as
 * words and makes every other character (punctuation, apostrophes, symbols) a token of its own:
 * "Don't stop!" → don ' t stop !. SPACES splits on whitespace only.
 * Leaves out: subword units, language-specific rules (no spaCy-style "n't" splitting), Unicode normalisation.
 */
public final class Tokenizer {
    private Tokenizer() {
    }

    public static List<String> tokenize(String text, TokenizerKind kind) {
        String lower = text.toLowerCase(Locale.ROOT);
        var tokens = new ArrayList<String>();
        int wordStart = -1;                                      // start of the word being read, or -1
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean gap = isGap(cp);
            if (!gap && (kind == TokenizerKind.SPACES || isWordChar(cp))) {
                if (wordStart < 0) {
                    wordStart = i;
                }
            } else {
                if (wordStart >= 0) {
                    tokens.add(lower.substring(wordStart, i));
                    wordStart = -1;
                }
                if (!gap) {
                    tokens.add(lower.substring(i, next));        // punctuation: a token of its own
                }
            }
            i = next;
        }
        if (wordStart >= 0) {
            tokens.add(lower.substring(wordStart));
        }
        return tokens;
    }

    /** Whitespace (including no-break spaces), control and invisible format characters separate tokens. */
    private static boolean isGap(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT;
    }

    private static boolean isWordChar(int cp) {
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> true;
            default -> Character.isLetterOrDigit(cp);
        };
    }
}
