package org.qkvlens.app.state;

/**
 * One token of one probe, the unit of the shared highlight: clicking it in any view highlights it in all.
 * {@code decoder} tells the side: encoder (source tokens, with {@code <sos>}/{@code <eos>}) or decoder
 * ({@code prev->next} positions); {@code position} counts from 0 on that side.
 */
public record TokenRef(int probe, boolean decoder, int position) {

    /** The token a plotted point stands for (its kind and snapshot left aside). */
    public static TokenRef of(org.qkvlens.projection.PointKey k) {
        return new TokenRef(k.probe(), k.decoder(), k.position());
    }
}
