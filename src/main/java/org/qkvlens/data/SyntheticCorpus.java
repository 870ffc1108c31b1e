package org.qkvlens.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A made-up translation task that needs no files, for benchmarks and smoke tests; defined so a Python
 * reference reproduces it bit for bit. Ids 0..3 are the specials, words are 4..4+V−1 on both sides (V =
 * wordsPerSide). From one SplitMix64(seed): a Fisher–Yates permutation {@code perm} of 0..V−1 maps source word
 * w to target word perm[w]; then each pair draws its length L = 5 + nextInt(11) and L source words
 * nextInt(V); its target is the mapped words with neighbours swapped (0↔1, 2↔3, …; an odd last word stays),
 * so the model must learn a lexicon and a little reordering. The first nTrain pairs train, the rest validate.
 * Leaves out: any text; origins are "synthetic:n" (1-based).
 */
public record SyntheticCorpus(List<Example> train, List<Example> valid, int srcVocabSize, int trgVocabSize) {
    public SyntheticCorpus {
        train = List.copyOf(train);
        valid = List.copyOf(valid);
    }

    public static SyntheticCorpus generate(long seed, int nTrain, int nValid, int wordsPerSide) {
        if (nTrain < 1 || nValid < 0 || wordsPerSide < 1) {
            throw new BadInputException("a synthetic corpus needs at least 1 training pair and 1 word per side and no"
                    + " negative count (got " + nTrain + " training pairs, " + nValid + " validation pairs, "
                    + wordsPerSide + " words)");
        }
        int v = wordsPerSide;
        var rng = new SplitMix64(seed);
        int[] perm = new int[v];
        for (int w = 0; w < v; w++) {
            perm[w] = w;
        }
        SplitMix64.shuffle(perm, rng);
        var examples = new ArrayList<Example>(nTrain + nValid);
        for (int n = 0; n < nTrain + nValid; n++) {
            int length = 5 + rng.nextInt(11);
            int[] src = new int[length + 2];
            int[] trg = new int[length + 2];
            for (int i = 1; i <= length; i++) {
                int word = rng.nextInt(v);
                src[i] = Vocab.SPECIALS.size() + word;
                trg[i] = Vocab.SPECIALS.size() + perm[word % v];
            }
            for (int i = 1; i + 1 <= length; i += 2) {                 // swap neighbours 0↔1, 2↔3, …
                int t = trg[i];
                trg[i] = trg[i + 1];
                trg[i + 1] = t;
            }
            src[0] = trg[0] = Vocab.SOS;
            src[length + 1] = trg[length + 1] = Vocab.EOS;
            examples.add(new Example(src, trg, "synthetic:" + (n + 1)));
        }
        int vocabSize = Vocab.SPECIALS.size() + v;
        return new SyntheticCorpus(examples.subList(0, nTrain), examples.subList(nTrain, examples.size()),
                vocabSize, vocabSize);
    }
}
