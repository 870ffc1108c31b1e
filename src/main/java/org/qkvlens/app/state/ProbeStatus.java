package org.qkvlens.app.state;

import java.util.List;

/**
 * How one line of the probe list fares against the current vocabulary: {@code problem} keeps it out of the run
 * (empty, only unknown words, too long), {@code unknownWords} only warns (they become {@code <unk>}).
 */
public record ProbeStatus(String text, String problem, List<String> unknownWords) {
    public ProbeStatus {
        unknownWords = List.copyOf(unknownWords);
    }

    public boolean valid() {
        return problem == null;
    }

    /** One line for a tooltip or an inline note; empty when all is well. */
    public String note() {
        if (problem != null) return problem;
        if (!unknownWords.isEmpty()) return "unknown words become <unk>: " + String.join(", ", unknownWords);
        return "";
    }
}
