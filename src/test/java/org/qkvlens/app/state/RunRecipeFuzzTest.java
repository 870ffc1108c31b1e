package org.qkvlens.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.TestFiles;
import org.qkvlens.engine.Preset;
import org.qkvlens.session.RunRecipe;
import org.qkvlens.session.RunRequest;
import org.qkvlens.session.TrainingSession;
import org.qkvlens.store.RunActivity;
import org.qkvlens.store.TensorCache;

/**
 * The files the Runs list and "continue" read, mutated 1,000 times, seeded: {@code recipe.json} (bit flips,
 * truncations, numbers made huge or negative, keys renamed, values of another type) and {@code state.json}. Reading the
 * recipe works or is one {@link BadInputException} naming the run; listing the folder never throws and shows the
 * run; its status is read or "unknown".
 */
class RunRecipeFuzzTest {
    private static final int MUTANTS = 1_000;

    @TempDir
    Path dir;

    @Test
    void everyMutantReadsOrIsOneMessageAndTheListStands() throws Exception {
        Path folder = dir.resolve("runs"), run = folder.resolve("r");
        Path corpus = TestFiles.write(dir, "tiny.csv", TestFiles.TINY_CORPUS);
        RunRequest request = RunRequest.of(Preset.ARTICLE).withEpochs(1);
        try (TrainingSession s = new TrainingSession(request.setup("tiny.csv",
                org.qkvlens.data.CorpusReader.readPairs(corpus), null, List.of(new org.qkvlens.probe.ProbeLine("we eat apple", null, "p"))))) {
            s.storeIn(run, new TensorCache(0));
            RunRecipe.write(run, request, "tiny.csv", false, List.of(corpus), s.setup().probes(), 1);
            s.run();
        }
        byte[] recipe = Files.readAllBytes(run.resolve(RunRecipe.FILE));
        byte[] state = Files.readAllBytes(run.resolve(RunActivity.STATE));
        SplittableRandom rng = new SplittableRandom(20261207);
        int rejected = 0;
        for (int m = 0; m < MUTANTS; m++) {
            boolean ofState = rng.nextInt(4) == 0;
            Path victim = run.resolve(ofState ? RunActivity.STATE : RunRecipe.FILE);
            String how = mutate(victim, ofState ? state : recipe, rng);
            try {
                RunRecipe.read(run);
            } catch (BadInputException e) {
                rejected++;
                assertTrue(e.getMessage() != null && e.getMessage().contains(run.toString()), how + ": " + e.getMessage());
            } catch (RuntimeException | Error e) {
                fail(how + ": " + e, e);
            }
            try {
                List<RunsModel.Entry> list = RunsModel.scan(folder);
                assertEquals(1, list.size(), how);
                list.getFirst().state();
            } catch (RuntimeException | Error e) {
                fail("listing after " + how + ": " + e, e);
            }
            Files.write(run.resolve(RunRecipe.FILE), recipe);
            Files.write(run.resolve(RunActivity.STATE), state);
        }
        assertTrue(rejected > MUTANTS / 4, "most mutants should be caught, got " + rejected);
        System.out.printf("recipe fuzz: %d mutants, %d rejected with a message%n", MUTANTS, rejected);
    }

    private static String mutate(Path f, byte[] original, SplittableRandom rng) throws java.io.IOException {
        byte[] b = original.clone();
        String s = new String(b, StandardCharsets.UTF_8);
        switch (rng.nextInt(5)) {
            case 0 -> {
                int i = rng.nextInt(b.length);
                b[i] ^= (byte) (1 << rng.nextInt(8));
                Files.write(f, b);
                return f.getFileName() + ": bit flip at " + i;
            }
            case 1 -> {
                int n = rng.nextInt(b.length + 1);
                Files.write(f, java.util.Arrays.copyOf(b, n));
                return f.getFileName() + ": truncated to " + n;
            }
            case 2 -> {
                String big = List.of("2147483648", "-7", "99999999999999999999", "1e308", "0").get(rng.nextInt(5));
                java.util.regex.Matcher mm = java.util.regex.Pattern.compile("(\"[a-z_]+\"\\s*:\\s*)-?\\d+(\\.\\d+)?").matcher(s);
                List<int[]> at = new java.util.ArrayList<>();
                while (mm.find()) at.add(new int[] {mm.end(1), mm.end()});
                if (at.isEmpty()) return "no number";
                int[] r = at.get(rng.nextInt(at.size()));
                Files.writeString(f, s.substring(0, r[0]) + big + s.substring(r[1]));
                return f.getFileName() + ": a number set to " + big;
            }
            case 3 -> {
                java.util.regex.Matcher mm = java.util.regex.Pattern.compile("\"([a-z_]+)\"\\s*:").matcher(s);
                List<int[]> at = new java.util.ArrayList<>();
                while (mm.find()) at.add(new int[] {mm.start(1), mm.end(1)});
                int[] r = at.get(rng.nextInt(at.size()));
                Files.writeString(f, s.substring(0, r[0]) + "x" + s.substring(r[1]));
                return f.getFileName() + ": key " + s.substring(r[0], r[1]) + " renamed";
            }
            default -> {
                java.util.regex.Matcher mm = java.util.regex.Pattern.compile(":\\s*(\"[^\"]*\"|-?\\d+(\\.\\d+)?|\\[|\\{)").matcher(s);
                List<int[]> at = new java.util.ArrayList<>();
                while (mm.find()) at.add(new int[] {mm.start(1), mm.end(1)});
                int[] r = at.get(rng.nextInt(at.size()));
                String other = List.of("null", "true", "\"x\"", "[]", "{}").get(rng.nextInt(5));
                String t = s.substring(0, r[0]) + other + s.substring(r[1]);
                Files.writeString(f, t);
                return f.getFileName() + ": a value became " + other;
            }
        }
    }
}
