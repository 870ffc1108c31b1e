package org.qkvlens.app.state;

/**
 * One token of one probe, the unit of the shared highlight: clicking it in any view highlights it in all.
 * {@code decoder} tells the side: encoder (source tokens, with {@code <sos>}/{@code <eos>}) or decoder
 * ({@code prev->next} positions); {@code position} counts from 0 on that side.
 */
public record TokenRef(int probe, boolean decoder, int position) {
}
