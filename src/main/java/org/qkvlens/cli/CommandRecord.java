package org.qkvlens.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.FileDigest;
import org.qkvlens.io.AtomicFiles;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;

/**
 * {@code command.json} in a run directory: the {@code train} options the run was started with, and the size and
 * SHA-256 of every file it read (corpus, validation data, probes), so {@code train --resume} can rebuild the same run
 * and refuse to go on when a file has changed since. Leaves out the training state (see the store's checkpoints).
 */
final class CommandRecord {
    static final String FILE = "command.json";

    private CommandRecord() {
    }

    /** Writes the record (atomically) into {@code runDir}. */
    static void write(Path runDir, List<String> args, List<Path> inputs) {
        List<Object> files = new ArrayList<>();
        for (Path p : inputs) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", p.toAbsolutePath().normalize().toString());
            f.put("bytes", FileDigest.size(p));
            f.put("sha256", FileDigest.sha256(p));
            files.add(f);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", TrainCommand.NAME);
        m.put("args", args);
        m.put("inputs", files);
        String json = Json.writePretty(m);
        try {
            AtomicFiles.write(runDir.resolve(FILE), temp -> Files.writeString(temp, json));
        } catch (IOException e) {
            throw new BadInputException(runDir + ": could not write " + FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The options the run in {@code runDir} was started with, once every file it read is checked to be as it was;
     * a changed or missing file is one message naming it.
     */
    static List<String> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--resume " + runDir + ": no " + FILE + " inside: not a run directory that train"
                    + " --run wrote (or one from before QKV Lens could resume)");
        }
        JsonObject m = JsonObject.of(Json.parseFile(file), file.toString());
        for (JsonObject f : m.getObjectList("inputs")) {
            Path p = Path.of(f.getString("path"));
            if (!Files.isRegularFile(p)) {
                throw new BadInputException("--resume " + runDir + ": the run read " + p + ", which is gone");
            }
            long bytes = f.getLong("bytes");
            if (FileDigest.size(p) != bytes || !FileDigest.sha256(p).equals(f.getString("sha256"))) {
                throw new BadInputException("--resume " + runDir + ": " + p + " has changed since the run started (it was "
                        + bytes + " bytes, now " + FileDigest.size(p) + "; SHA-256 differs): going on would train on other data;"
                        + " put the file back or start a new run");
            }
        }
        return m.getStringList("args");
    }
}
