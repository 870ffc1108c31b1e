package org.qkvlens.data;

/**
 * How {@link Tokenizer} splits a sentence: WORDS splits off punctuation (for raw text such as eng_de.csv),
 * SPACES splits on whitespace only (for text that is already tokenised, like Multi30k's .lc.norm.tok files).
 */
public enum TokenizerKind {
    WORDS,
    SPACES
}
