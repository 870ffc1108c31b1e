package org.qkvlens.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;
import org.qkvlens.io.Npy;
import org.qkvlens.io.NpyArray;
import org.qkvlens.io.NpyDtype;

/**
 * Everything training needs to go on exactly where it stopped: the weights, Adam's step count and moments, the global
 * step (dropout is keyed by seed and step, batch order by seed and epoch, so nothing else is random), and — for a
 * checkpoint in the middle of an epoch — the steps taken in it and their loss sum and tokens. {@code epoch} counts the
 * epochs done. Stored in a run directory as {@code checkpoints/s000000120/} (by global step) — {@code params.npy},
 * {@code adam_m.npy}, {@code adam_v.npy} (float32, one row) and {@code checkpoint.json} with the counters and each
 * file's CRC-32 — written into a dot-directory, synced, and renamed into place, so a checkpoint is whole or absent;
 * older ones are then deleted. Reading checks sizes before allocating and the CRCs after. Leaves out what to train
 * (the run's own setup).
 */
public record TrainingCheckpoint(int epoch, long globalStep, int adamSteps, int stepInEpoch, double epochLossSum,
                                 long epochTokens, float[] params, float[] firstMoments, float[] secondMoments) {
    public static final String DIR = "checkpoints";
    private static final String JSON = "checkpoint.json";
    private static final String[] FILES = {"params.npy", "adam_m.npy", "adam_v.npy"};
    private static final Pattern NAME = Pattern.compile("s(\\d{9,18})");

    /** After a whole epoch: nothing of the next one taken yet. */
    public TrainingCheckpoint(int epoch, long globalStep, int adamSteps, float[] params, float[] firstMoments,
                              float[] secondMoments) {
        this(epoch, globalStep, adamSteps, 0, 0, 0, params, firstMoments, secondMoments);
    }

    /** Writes this checkpoint into {@code runDir}, whole or not at all, then deletes the older ones; fsyncs when asked. */
    public void write(Path runDir, boolean fsync) {
        Path parent = runDir.resolve(DIR);
        String name = String.format("s%09d", globalStep);
        Path partial = parent.resolve("." + name + ".partial"), target = parent.resolve(name);
        try {
            Files.createDirectories(parent);
            RunStore.deleteTree(partial);
            Files.createDirectories(partial);
            Map<String, Object> crcs = new LinkedHashMap<>();
            float[][] arrays = {params, firstMoments, secondMoments};
            for (int i = 0; i < FILES.length; i++) crcs.put(FILES[i], writeArray(partial.resolve(FILES[i]), arrays[i], fsync));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", "qkv-lens-checkpoint");
            m.put("version", 1);
            m.put("epoch", epoch);
            m.put("global_step", globalStep);
            m.put("adam_steps", adamSteps);
            m.put("step_in_epoch", stepInEpoch);
            m.put("epoch_loss_sum", epochLossSum);
            m.put("epoch_tokens", epochTokens);
            m.put("parameters", params.length);
            m.put("crc32", crcs);
            Path json = partial.resolve(JSON);
            try (FileChannel ch = FileChannel.open(json, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(Json.writePretty(m).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                if (fsync) ch.force(true);
            }
            if (fsync) RunStore.syncDirectory(partial);
            RunStore.deleteTree(target);                           // a resumed run writing its epoch again
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            if (fsync) RunStore.syncDirectory(parent);
            try (DirectoryStream<Path> all = Files.newDirectoryStream(parent)) {
                for (Path p : all) {
                    Matcher mm = NAME.matcher(p.getFileName().toString());
                    if (mm.matches() && Long.parseLong(mm.group(1)) < globalStep) RunStore.deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(runDir + ": could not write the checkpoint at step " + globalStep + ": "
                    + e.getMessage(), e);
        }
    }

    private static long writeArray(Path file, float[] data, boolean fsync) throws IOException {
        CRC32 crc = new CRC32();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new java.util.zip.CheckedOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20), crc);
            Npy.write(NpyArray.ofFloats(data, data.length), out);
            out.flush();
            if (fsync) ch.force(true);
        }
        return crc.getValue();
    }

    /** The newest whole checkpoint in {@code runDir}, or null when it has none; a damaged one is a message naming it. */
    public static TrainingCheckpoint latest(Path runDir) {
        Path newest = newest(runDir);
        return newest == null ? null : read(newest, stepOf(newest));
    }

    /** How far the newest checkpoint in {@code runDir} got, read from its JSON alone (no arrays); null when it has none. */
    public static Progress latestProgress(Path runDir) {
        Path newest = newest(runDir);
        if (newest == null) return null;
        Path jsonFile = newest.resolve(JSON);
        JsonObject m = JsonObject.of(Json.parseFile(jsonFile), jsonFile.toString());
        return new Progress(m.getInt("epoch"), m.getLong("global_step"), m.getInt("step_in_epoch"));
    }

    /** Epochs done, global step and steps into the next epoch of a checkpoint. */
    public record Progress(int epoch, long globalStep, int stepInEpoch) {
    }

    private static long stepOf(Path checkpointDir) {
        Matcher m = NAME.matcher(checkpointDir.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(checkpointDir.toString());
        return Long.parseLong(m.group(1));
    }

    private static Path newest(Path runDir) {
        Path parent = runDir.resolve(DIR);
        if (!Files.isDirectory(parent)) return null;
        Path newest = null;
        long best = -1;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(parent)) {
            for (Path p : all) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p) && Long.parseLong(m.group(1)) > best) {
                    best = Long.parseLong(m.group(1));
                    newest = p;
                }
            }
        } catch (IOException e) {
            throw new BadInputException(parent + ": could not list the checkpoints: " + e.getMessage(), e);
        }
        return newest;
    }

    private static TrainingCheckpoint read(Path dir, long stepOfName) {
        Path jsonFile = dir.resolve(JSON);
        JsonObject m = JsonObject.of(Json.parseFile(jsonFile), jsonFile.toString());
        int epoch = m.getInt("epoch"), adamSteps = m.getInt("adam_steps"), parameters = m.getInt("parameters");
        int stepInEpoch = m.getInt("step_in_epoch");
        long globalStep = m.getLong("global_step"), tokens = m.getLong("epoch_tokens");
        double lossSum = m.getDouble("epoch_loss_sum");
        if (globalStep != stepOfName || epoch < 0 || adamSteps < 0 || parameters < 0 || stepInEpoch < 0 || tokens < 0
                || !Double.isFinite(lossSum)) {
            throw new BadInputException(jsonFile + ": epoch " + epoch + ", global step " + globalStep + ", Adam steps "
                    + adamSteps + ", " + parameters + " parameters, step " + stepInEpoch + " of its epoch do not describe"
                    + " the checkpoint " + dir.getFileName());
        }
        JsonObject crcs = m.getObject("crc32");
        float[][] arrays = new float[FILES.length][];
        for (int i = 0; i < FILES.length; i++) {
            Path f = org.qkvlens.data.RegularFile.check(dir.resolve(FILES[i]));
            CRC32 crc = new CRC32();
            try (InputStream in = new java.util.zip.CheckedInputStream(new java.io.BufferedInputStream(Files.newInputStream(f)), crc)) {
                NpyArray a = Npy.read(in, f.toString(), Files.size(f));
                if (a.dtype() != NpyDtype.FLOAT32 || a.shape().length != 1 || a.shape()[0] != parameters) {
                    throw new BadInputException(f + ": a " + a.dtype() + " array of shape "
                            + java.util.Arrays.toString(a.shape()) + ", not the " + parameters + " float32 values "
                            + jsonFile.getFileName() + " declares");
                }
                if (in.read() != -1) throw new BadInputException(f + ": damaged: more bytes follow its data");
                arrays[i] = a.floats();
            } catch (IOException e) {
                throw new BadInputException(f + ": could not read: " + e.getMessage(), e);
            }
            if (crc.getValue() != crcs.getLong(FILES[i])) {
                throw new BadInputException(f + ": damaged: its CRC-32 is not the one " + jsonFile.getFileName() + " records");
            }
        }
        return new TrainingCheckpoint(epoch, globalStep, adamSteps, stepInEpoch, lossSum, tokens, arrays[0], arrays[1],
                arrays[2]);
    }
}
