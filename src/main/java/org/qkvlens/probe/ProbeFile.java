package org.qkvlens.probe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.TextFile;

/**
 * Reads a probe file: one English sentence per line, optionally followed by a tab and its reference
 * German translation. Blank lines and lines starting with '#' are skipped; the file may be gzip-compressed.
 * Strict UTF-8, errors name the file and line. A file with no probe at all is an error.
 * Leaves out: checking probes against a vocabulary (an empty probe is read, not rejected, here).
 */
public final class ProbeFile {
    private ProbeFile() {
    }

    public static List<ProbeLine> read(Path file) {
        TextFile text = TextFile.read(file);
        var probes = new ArrayList<ProbeLine>();
        for (int i = 0; i < text.lines().size(); i++) {
            String line = text.lines().get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            if (parts.length > 2) {
                throw new BadInputException(text.at(i) + ": " + (parts.length - 1) + " tabs; write the sentence,"
                        + " then optionally one tab and its reference translation");
            }
            String reference = parts.length == 2 && !parts[1].isBlank() ? parts[1].strip() : null;
            probes.add(new ProbeLine(parts[0].strip(), reference, text.origin(i)));
        }
        if (probes.isEmpty()) {
            throw new BadInputException(file + ": no probe sentences (empty, or only blank and # lines)");
        }
        return List.copyOf(probes);
    }
}
