package org.qkvlens.data;

import java.util.Arrays;
import java.util.List;

/**
 * A batch of examples as two right-padded id matrices, row-major:
 * {@code src} (size, srcLen) and {@code trg} (size, trgLen), padded with {@link Vocab#PAD}.
 * trgLen counts {@code <sos>} and {@code <eos>}: the decoder reads trg[:, :-1] and is scored on trg[:, 1:].
 * {@code tokens} is the number of non-pad ids in src and trg together, {@code <sos>}/{@code <eos>} included.
 */
public record Batch(int size, int srcLen, int trgLen, int[] src, int[] trg, int tokens) {
    public Batch {
        if (src.length != size * srcLen || trg.length != size * trgLen) {
            throw new IllegalArgumentException("batch arrays do not match (" + size + ", " + srcLen + ") and ("
                    + size + ", " + trgLen + ")");
        }
    }

    public static Batch of(List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int size = examples.size();
        int srcLen = examples.stream().mapToInt(e -> e.src().length).max().orElseThrow();
        int trgLen = examples.stream().mapToInt(e -> e.trg().length).max().orElseThrow();
        int[] src = new int[size * srcLen];
        int[] trg = new int[size * trgLen];
        Arrays.fill(src, Vocab.PAD);
        Arrays.fill(trg, Vocab.PAD);
        int tokens = 0;
        for (int b = 0; b < size; b++) {
            Example e = examples.get(b);
            System.arraycopy(e.src(), 0, src, b * srcLen, e.src().length);
            System.arraycopy(e.trg(), 0, trg, b * trgLen, e.trg().length);
            tokens += e.src().length + e.trg().length;
        }
        return new Batch(size, srcLen, trgLen, src, trg, tokens);
    }
}
