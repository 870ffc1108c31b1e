package org.qkvlens.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Sentence pairs made ready for the model: tokenised, a vocabulary per language built from the training pairs
 * only (as in the tutorial), and every sentence encoded as {@code <sos>} ids {@code <eos>}.
 * {@code valid} may be empty. Also splits a single corpus into training and held-out pairs.
 * Leaves out: batching ({@link Batcher}), reading files ({@link CorpusReader}).
 */
public record Dataset(Vocab srcVocab, Vocab trgVocab, TokenizerKind tokenizer, List<Example> train,
                      List<Example> valid) {
    public Dataset {
        train = List.copyOf(train);
        valid = List.copyOf(valid);
    }

    /**
     * @param maxLength the longest encoded sentence (with {@code <sos>} and {@code <eos>}) the model's
     *                  positional table can hold; a longer one is an error, not silently cut
     */
    public static Dataset build(List<TextPair> train, List<TextPair> valid, TokenizerKind kind, int minFreq,
                                int maxLength) {
        if (train.isEmpty()) {
            throw new BadInputException("no training sentence pairs");
        }
        if (maxLength < 3) {
            throw new BadInputException("--max-length must be at least 3 (<sos>, a token, <eos>), got " + maxLength);
        }
        List<Tokens> trainTokens = tokenize(train, kind);
        Vocab src = Vocab.build(trainTokens.stream().map(Tokens::source).toList(), minFreq);
        Vocab trg = Vocab.build(trainTokens.stream().map(Tokens::target).toList(), minFreq);
        return new Dataset(src, trg, kind, encode(trainTokens, src, trg, maxLength),
                encode(tokenize(valid, kind), src, trg, maxLength));
    }

    /**
     * Holds out round(validFraction·n) pairs, the first ones of a SplitMix64({@code seed}) Fisher–Yates
     * shuffle of the indices. Both parts keep the corpus order.
     */
    public static SplitPairs split(List<TextPair> pairs, double validFraction, long seed) {
        if (!(validFraction >= 0 && validFraction < 1)) {
            throw new BadInputException("the validation fraction must be at least 0 and below 1, got " + validFraction);
        }
        int n = pairs.size();
        int held = (int) Math.round(validFraction * n);
        if (held >= n) {
            throw new BadInputException("holding out " + held + " of " + n
                    + " sentence pairs for validation leaves none to train on; lower the validation fraction");
        }
        int[] order = IntStream.range(0, n).toArray();
        SplitMix64.shuffle(order, new SplitMix64(seed));
        boolean[] isValid = new boolean[n];
        Arrays.stream(order, 0, held).forEach(i -> isValid[i] = true);
        var trainPairs = new ArrayList<TextPair>(n - held);
        var validPairs = new ArrayList<TextPair>(held);
        for (int i = 0; i < n; i++) {
            (isValid[i] ? validPairs : trainPairs).add(pairs.get(i));
        }
        return new SplitPairs(trainPairs, validPairs);
    }

    private record Tokens(List<String> source, List<String> target, String origin) {
    }

    private static List<Tokens> tokenize(List<TextPair> pairs, TokenizerKind kind) {
        var result = new ArrayList<Tokens>(pairs.size());
        for (TextPair pair : pairs) {
            var tokens = new Tokens(Tokenizer.tokenize(pair.source(), kind), Tokenizer.tokenize(pair.target(), kind),
                    pair.origin());
            if (tokens.source().isEmpty() || tokens.target().isEmpty()) {
                throw new BadInputException(pair.origin() + ": the " + (tokens.source().isEmpty() ? "English" : "German")
                        + " sentence has no tokens (it is only spaces or control characters)");
            }
            result.add(tokens);
        }
        return result;
    }

    private static List<Example> encode(List<Tokens> pairs, Vocab src, Vocab trg, int maxLength) {
        var examples = new ArrayList<Example>(pairs.size());
        for (Tokens pair : pairs) {
            examples.add(new Example(
                    encodeWithin(src, pair.source(), maxLength, pair.origin(), "English"),
                    encodeWithin(trg, pair.target(), maxLength, pair.origin(), "German"),
                    pair.origin()));
        }
        return examples;
    }

    private static int[] encodeWithin(Vocab vocab, List<String> tokens, int maxLength, String origin, String side) {
        int[] ids = vocab.encode(tokens);
        if (ids.length > maxLength) {
            throw new BadInputException(origin + ": the " + side + " sentence is " + ids.length
                    + " tokens long with <sos> and <eos>, over the limit of " + maxLength
                    + "; use --max-length or shorten it");
        }
        return ids;
    }
}
