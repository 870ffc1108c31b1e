package org.qkvlens.data;

/**
 * One sentence and its translation as read from a corpus file, before tokenising.
 * {@code origin} is "file:line" (1-based, e.g. "eng_de.csv:12") so later errors can point back at the file.
 */
public record TextPair(String source, String target, String origin) {
}
