package org.qkvlens.app.state;

import java.nio.file.Path;
import java.util.List;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.data.TextPair;

/**
 * The corpus the user picked: one file of pairs (CSV/TSV) or two line-aligned files. Reading it happens off the FX
 * thread ({@link #read()}); a bad file raises the data layer's BadInputException with file and line.
 */
public record CorpusChoice(Path pairs, Path source, Path target) {

    public static CorpusChoice pairs(Path file) {
        return new CorpusChoice(file, null, null);
    }

    public static CorpusChoice aligned(Path source, Path target) {
        return new CorpusChoice(null, source, target);
    }

    public List<TextPair> read() {
        return pairs != null ? CorpusReader.readPairs(pairs) : CorpusReader.readAligned(source, target);
    }

    /** A short name for the status line. */
    public String label() {
        return pairs != null ? String.valueOf(pairs.getFileName())
                : source.getFileName() + " + " + target.getFileName();
    }

    public String description() {
        return pairs != null ? pairs.toString() : source + " + " + target;
    }
}
