package org.qkvlens.probe;

import java.util.ArrayList;
import java.util.List;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.data.Tokenizer;
import org.qkvlens.data.Vocab;

/**
 * A probe sentence checked against the model's vocabularies: its source ids ({@code <sos>} … {@code <eos>}), the
 * reference translation's ids if one was given, and either a {@link #problem()} that keeps it out of the probe pass
 * (empty, only unknown words, too long) or a list of unknown words that become {@code <unk>} (a warning).
 * Problems are reported, never thrown: a bad probe must not stop training.
 */
public record Probe(int index, ProbeLine line, List<String> tokens, int[] srcIds, List<String> referenceTokens,
                    int[] referenceIds, List<String> unknownWords, String problem) {

    public String text() {
        return line.text();
    }

    public boolean isValid() {
        return problem == null;
    }

    public boolean hasReference() {
        return referenceIds != null;
    }

    /** Source token labels: {@code <sos>}, the words ({@code <unk:word>} when unknown), {@code <eos>}. */
    public List<String> sourceLabels(Vocab src) {
        List<String> labels = new ArrayList<>();
        labels.add("<sos>");
        for (String t : tokens) labels.add(src.contains(t) ? t : "<unk:" + t + ">");
        labels.add("<eos>");
        return labels;
    }

    /**
     * @param maxLength the positional table's length: longest source (with {@code <sos>}/{@code <eos>})
     * @param maxDecode longest translation the decoder produces; a reference may not be longer
     */
    public static Probe resolve(int index, ProbeLine line, Vocab src, Vocab trg, TokenizerKind kind, int maxLength,
                                int maxDecode) {
        List<String> tokens = Tokenizer.tokenize(line.text(), kind);
        List<String> unknown = tokens.stream().filter(t -> !src.contains(t)).distinct().toList();
        String where = line.origin() + ": ";
        if (tokens.isEmpty()) {
            return new Probe(index, line, tokens, null, null, null, unknown, where + "the probe is empty");
        }
        if (unknown.size() == tokens.stream().distinct().count()) {
            return new Probe(index, line, tokens, null, null, null, unknown,
                    where + "no word of \"" + line.text() + "\" is in the model's English vocabulary");
        }
        if (tokens.size() + 2 > maxLength) {
            return new Probe(index, line, tokens, null, null, null, unknown, where + "the probe has " + (tokens.size() + 2)
                    + " tokens with <sos> and <eos>; the model takes at most " + maxLength);
        }
        int[] srcIds = src.encode(tokens);
        List<String> refTokens = null;
        int[] refIds = null;
        if (line.reference() != null) {
            refTokens = Tokenizer.tokenize(line.reference(), kind);
            if (refTokens.isEmpty()) {
                return new Probe(index, line, tokens, null, null, null, unknown, where + "the reference translation is empty");
            }
            if (refTokens.size() + 1 > maxDecode) {
                return new Probe(index, line, tokens, null, null, null, unknown, where + "the reference translation has "
                        + (refTokens.size() + 1) + " tokens with <eos>; the decoder produces at most " + maxDecode);
            }
            refIds = trg.encode(refTokens);
        }
        return new Probe(index, line, tokens, srcIds, refTokens, refIds, unknown, null);
    }

    /** Resolves every line; index = position in {@code lines}. */
    public static List<Probe> resolveAll(List<ProbeLine> lines, Vocab src, Vocab trg, TokenizerKind kind, int maxLength,
                                         int maxDecode) {
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            probes.add(resolve(i, lines.get(i), src, trg, kind, maxLength, maxDecode));
        }
        return List.copyOf(probes);
    }
}
