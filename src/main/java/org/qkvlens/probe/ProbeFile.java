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
            ProbeLine.Parsed parsed = ProbeLine.parse(text.lines().get(i), text.origin(i));
            if (parsed.problem() != null) throw new BadInputException(text.at(i) + ": " + parsed.problem());
            if (parsed.isProbe()) probes.add(parsed.probe());
        }
        if (probes.isEmpty()) {
            throw new BadInputException(file + ": no probe sentences (empty, or only blank and # lines)");
        }
        return List.copyOf(probes);
    }
}
