package org.qkvlens.probe;

/**
 * One probe sentence to translate and inspect, with the reference translation if the file gave one
 * ({@code null} if not). {@code text} may be empty (a line holding only a tab and a reference): it is read
 * so it can be flagged when probes are checked against a vocabulary. {@code origin} is "probes.txt:3".
 * {@link #parse} is the one reader of a probe line, for probe files and the app's probe list alike.
 */
public record ProbeLine(String text, String reference, String origin) {

    /**
     * What one line says: a probe, or a problem (without the line's location), or neither for a blank or
     * {@code #} comment line, which holds no probe.
     */
    public record Parsed(ProbeLine probe, String problem) {
        public boolean isProbe() {
            return probe != null;
        }
    }

    /** "sentence" or "sentence&lt;TAB&gt;reference", each stripped; an empty reference is none. */
    public static Parsed parse(String line, String origin) {
        if (line.isBlank() || line.stripLeading().startsWith("#")) return new Parsed(null, null);
        String[] parts = line.split("\t", -1);
        if (parts.length > 2) {
            return new Parsed(null, (parts.length - 1) + " tabs; write the sentence, then optionally one tab and its"
                    + " reference translation");
        }
        String reference = parts.length == 2 && !parts[1].isBlank() ? parts[1].strip() : null;
        return new Parsed(new ProbeLine(parts[0].strip(), reference, origin), null);
    }
}
