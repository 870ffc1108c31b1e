package org.qkvlens.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The token ↔ id table of one language, built like torchtext legacy's {@code Field.build_vocab}:
 * the four specials at ids 0..3, then every token seen at least {@code minFreq} times, most frequent first,
 * ties in alphabetical order ({@link String#compareTo}, which equals Python's code-point order except between
 * characters beyond U+FFFF and U+E000..U+FFFF). Tokens spelled like a special are not counted, as in torchtext.
 * Leaves out: a maximum size, pretrained vectors.
 */
public final class Vocab {
    public static final int UNK = 0;
    public static final int PAD = 1;
    public static final int SOS = 2;
    public static final int EOS = 3;
    public static final List<String> SPECIALS = List.of("<unk>", "<pad>", "<sos>", "<eos>");

    private final List<String> itos;                  // id → token
    private final Map<String, Integer> stoi;          // token → id

    private Vocab(List<String> itos) {
        this.itos = List.copyOf(itos);
        this.stoi = HashMap.newHashMap(itos.size());
        for (int id = 0; id < itos.size(); id++) {
            stoi.put(itos.get(id), id);
        }
    }

    /** Counts the tokens of {@code sentences} and keeps those seen at least {@code minFreq} times. */
    public static Vocab build(Iterable<List<String>> sentences, int minFreq) {
        if (minFreq < 1) {
            throw new BadInputException("--min-freq must be at least 1, got " + minFreq);
        }
        var counts = new HashMap<String, Integer>();
        for (List<String> sentence : sentences) {
            for (String token : sentence) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        SPECIALS.forEach(counts::remove);
        var kept = new ArrayList<Map.Entry<String, Integer>>();
        for (var entry : counts.entrySet()) {
            if (entry.getValue() >= minFreq) {
                kept.add(entry);
            }
        }
        kept.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        var itos = new ArrayList<>(SPECIALS);
        kept.forEach(entry -> itos.add(entry.getKey()));
        return new Vocab(itos);
    }

    /** A vocabulary read back from a file; {@code where} names that file in error messages. */
    public static Vocab of(List<String> itos, String where) {
        if (itos.size() < SPECIALS.size()) {
            throw new BadInputException(where + ": the vocabulary has " + itos.size()
                    + " entries, fewer than the " + SPECIALS.size() + " specials " + SPECIALS);
        }
        for (int id = 0; id < SPECIALS.size(); id++) {
            if (!SPECIALS.get(id).equals(itos.get(id))) {
                throw new BadInputException(where + ": vocabulary entry " + id + " is \"" + itos.get(id)
                        + "\" but must be \"" + SPECIALS.get(id) + "\"");
            }
        }
        var seen = new HashMap<String, Integer>();
        for (int id = 0; id < itos.size(); id++) {
            String token = itos.get(id);
            if (token == null || token.isEmpty()) {
                throw new BadInputException(where + ": vocabulary entry " + id + " is empty");
            }
            Integer first = seen.putIfAbsent(token, id);
            if (first != null) {
                throw new BadInputException(where + ": vocabulary entries " + first + " and " + id
                        + " are both \"" + token + "\"");
            }
        }
        return new Vocab(itos);
    }

    public int size() {
        return itos.size();
    }

    /** The id of {@code token}, or {@link #UNK} if it is not in the vocabulary. */
    public int id(String token) {
        return stoi.getOrDefault(token, UNK);
    }

    public String token(int id) {
        return itos.get(id);
    }

    /** Id → token, unmodifiable. */
    public List<String> itos() {
        return itos;
    }

    public boolean contains(String token) {
        return stoi.containsKey(token);
    }

    /** {@code <sos>}, the tokens' ids, {@code <eos>}. */
    public int[] encode(List<String> tokens) {
        int[] ids = new int[tokens.size() + 2];
        ids[0] = SOS;
        for (int i = 0; i < tokens.size(); i++) {
            ids[i + 1] = id(tokens.get(i));
        }
        ids[ids.length - 1] = EOS;
        return ids;
    }
}
