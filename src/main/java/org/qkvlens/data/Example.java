package org.qkvlens.data;

/**
 * One training or validation pair as token ids, each array {@code <sos>} … {@code <eos>}.
 * {@code origin} points back at the corpus line ("eng_de.csv:12"). Arrays are shared, not copied: treat them
 * as read-only (records compare arrays by reference, so two equal-looking examples are not {@code equals}).
 */
public record Example(int[] src, int[] trg, String origin) {
}
