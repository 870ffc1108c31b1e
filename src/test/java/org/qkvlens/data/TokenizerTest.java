package org.qkvlens.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static List<String> words(String text) {
        return Tokenizer.tokenize(text, TokenizerKind.WORDS);
    }

    private static List<String> spaces(String text) {
        return Tokenizer.tokenize(text, TokenizerKind.SPACES);
    }

    @Test
    void wordsSplitsOffEachPunctuationCharacter() {
        assertEquals(List.of("hello", ",", "world", "!"), words("Hello, world!"));
        assertEquals(List.of("wait", ".", ".", ".", "what", "?", "!"), words("Wait... what?!"));
        assertEquals(List.of("(", "a", ")", "-", "b"), words("(a)-b"));
    }

    @Test
    void wordsMakesApostrophesTokens() {
        assertEquals(List.of("don", "'", "t", "stop"), words("Don't stop"));
        assertEquals(List.of("it", "’", "s"), words("It’s"));
    }

    @Test
    void wordsKeepsDigitsAndLettersOfAnyScriptTogether() {
        assertEquals(List.of("zwei", "männer", "im", "jahr", "2024", "."), words("Zwei Männer im Jahr 2024."));
        assertEquals(List.of("straße", "größer", "été"), words("Straße GRÖẞER Été"));
        assertEquals(List.of("r2d2", "и", "кошка"), words("R2D2 и Кошка"));
    }

    @Test
    void wordsKeepsCombiningMarksInsideTheWord() {
        String decomposedCafe = "cafe\u0301";
        assertEquals(List.of(decomposedCafe, "!"), words("Cafe\u0301!"));
    }

    @Test
    void wordsTreatsEveryKindOfWhitespaceAndControlAsAGap() {
        assertEquals(List.of("a", "b", "c", "d", "e"), words("  a\tb\u00A0c\u200Bd\u0000e \n"));
    }

    @Test
    void wordsOfBlankTextIsEmpty() {
        assertEquals(List.of(), words(""));
        assertEquals(List.of(), words(" \t "));
    }

    @Test
    void wordsLowercasesWithTheRootLocale() {
        assertEquals(List.of("istanbul"), words("ISTANBUL"));             // no Turkish dotless ı
    }

    @Test
    void spacesSplitsOnWhitespaceOnlyAndLowercases() {
        assertEquals(List.of("two", "young", ",", "white", "males", "."), spaces("Two young , White males ."));
        assertEquals(List.of("don't", "stop!"), spaces("  Don't\tstop!  "));
        assertEquals(List.of(), spaces("   "));
    }
}
