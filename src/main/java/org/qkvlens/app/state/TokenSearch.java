package org.qkvlens.app.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Snapshot;

/**
 * Finds tokens of a snapshot's probes by word or by sentence. A token is what the views show: a source token (with
 * {@code <sos>}/{@code <eos>}) or a decoder position {@code prev->next}; a decoder position matches when either of its
 * two words does (so "apfel" finds {@code sos->apfel}, where the decoder predicts it, and {@code apfel->eos}, where it
 * reads it). Word modes ignore case: exact word, prefix, or a regular expression found anywhere in the word (anchor it
 * with ^…$ for whole words). Sentence mode finds every token of the probes whose text contains the query (ignoring case).
 * Pure; any thread. Leaves out which probes the views show: it searches all of the snapshot's probes.
 */
public final class TokenSearch {
    private TokenSearch() {
    }

    /** How the query matches. */
    public enum Mode {
        EXACT("exact word"), PREFIX("prefix"), REGEX("regex"), SENTENCE("sentence");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * The matches in order (probe, encoder side before decoder, position), how many sentences they are in, and an error
     * (a bad regular expression) or null.
     */
    public record Result(String query, Mode mode, List<TokenRef> matches, int sentences, String error) {
        public static final Result NONE = new Result("", Mode.EXACT, List.of(), 0, null);

        public Result {
            matches = List.copyOf(matches);
        }

        /** "12 tokens in 5 sentences", "no matches", or the error. */
        public String summary() {
            if (error != null) return error;
            if (query.isBlank()) return "";
            if (matches.isEmpty()) return "no matches";
            return matches.size() + (matches.size() == 1 ? " token" : " tokens") + " in " + sentences
                    + (sentences == 1 ? " sentence" : " sentences");
        }
    }

    /** The tokens of {@code s}'s probes that {@code query} matches in {@code mode}; NONE for a blank query or no snapshot. */
    public static Result find(Snapshot s, String query, Mode mode) {
        if (query == null || query.isBlank() || s == null) return new Result(query == null ? "" : query, mode, List.of(), 0, null);
        String q = query.strip();
        Predicate<String> word;
        switch (mode) {
            case EXACT -> word = w -> w.equalsIgnoreCase(q);
            case PREFIX -> {
                String lower = q.toLowerCase(Locale.ROOT);
                word = w -> w.toLowerCase(Locale.ROOT).startsWith(lower);
            }
            case REGEX -> {
                Pattern p;
                try {
                    p = Pattern.compile(q, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                } catch (PatternSyntaxException e) {
                    return new Result(q, mode, List.of(), 0, "bad regular expression: " + e.getDescription()
                            + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
                }
                word = w -> p.matcher(w).find();
            }
            default -> word = null;
        }
        List<TokenRef> out = new ArrayList<>();
        Set<Integer> sentences = new HashSet<>();
        String lowerQuery = q.toLowerCase(Locale.ROOT);
        for (ProbeCapture c : s.probes()) {
            int before = out.size();
            boolean whole = mode == Mode.SENTENCE && c.text().toLowerCase(Locale.ROOT).contains(lowerQuery);
            List<String> src = c.sourceLabels(), dec = c.decoderLabels();
            for (int i = 0; i < src.size(); i++) {
                if (whole || word != null && word.test(src.get(i))) out.add(new TokenRef(c.probe(), false, i));
            }
            for (int i = 0; i < dec.size(); i++) {
                if (whole || word != null && decoderMatches(dec.get(i), word)) out.add(new TokenRef(c.probe(), true, i));
            }
            if (out.size() > before) sentences.add(c.probe());
        }
        out.sort(java.util.Comparator.comparingInt(TokenRef::probe).thenComparing(TokenRef::decoder).thenComparingInt(TokenRef::position));
        return new Result(q, mode, out, sentences.size(), null);
    }

    /** {@code prev->next} matches when either word does. */
    private static boolean decoderMatches(String label, Predicate<String> word) {
        int arrow = label.indexOf("->");
        if (arrow < 0) return word.test(label);
        return word.test(label.substring(0, arrow)) || word.test(label.substring(arrow + 2));
    }
}
