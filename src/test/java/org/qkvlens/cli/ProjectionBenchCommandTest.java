package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;
import org.qkvlens.io.Npy;
import org.qkvlens.io.NpyArray;

/** {@code bench-projection}: reads points from .npy, writes the layout, prints one JSON object; bad input exits 2. */
class ProjectionBenchCommandTest {
    @TempDir
    Path dir;

    private Path points(int n, int d) throws IOException {
        Random rng = new Random(3);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextGaussian() + (i / d % 2) * 4;
        Path f = dir.resolve("x.npy");
        try (OutputStream o = Files.newOutputStream(f)) {
            Npy.write(NpyArray.ofFloats(v, n, d), o);
        }
        return f;
    }

    private static NpyArray load(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return Npy.read(in, f.toString(), Long.MAX_VALUE);
        }
    }

    @Test
    void writesTheLayoutAndOneJsonLineThenWarmStartsFromIt() throws IOException {
        Path x = points(120, 8), out = dir.resolve("l.npy"), warm = dir.resolve("w.npy");
        CliRun run = CliRun.of("bench-projection", "--points", x.toString(), "--method", "tsne", "--out", out.toString(), "--json");
        assertEquals(0, run.status(), run.err());
        JsonObject r = JsonObject.of(Json.parse(run.outLines().getFirst(), "out"), "out");
        assertEquals("tsne", r.getString("method"));
        assertEquals(120, r.getInt("n"));
        assertEquals(2, r.getInt("dims"));
        assertTrue(r.getDouble("seconds") > 0);
        NpyArray layout = load(out);
        assertEquals(120, layout.shape()[0]);
        assertEquals(2, layout.shape()[1]);

        CliRun again = CliRun.of("bench-projection", "--points", x.toString(), "--method", "tsne", "--init", out.toString(),
                "--out", warm.toString(), "--json");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("\"warm\":true"), again.out());
        assertEquals(120, load(warm).shape()[0]);
    }

    @Test
    void badInputNamesTheFileAndExitsTwo() throws IOException {
        Path x = points(20, 4), init = dir.resolve("bad.npy");
        try (OutputStream o = Files.newOutputStream(init)) {
            Npy.write(NpyArray.ofFloats(new float[20 * 3], 20, 3), o);
        }
        CliRun wrongDims = CliRun.of("bench-projection", "--points", x.toString(), "--method", "pca", "--init", init.toString());
        assertEquals(2, wrongDims.status());
        assertTrue(wrongDims.err().contains("bad.npy") && wrongDims.err().contains("3 columns"), wrongDims.err());
        assertTrue(!wrongDims.err().contains("Exception"), wrongDims.err());

        CliRun method = CliRun.of("bench-projection", "--points", x.toString(), "--method", "mds");
        assertEquals(2, method.status());
        assertTrue(method.err().contains("--method"), method.err());

        CliRun missing = CliRun.of("bench-projection", "--points", dir.resolve("none.npy").toString(), "--method", "pca");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("none.npy"), missing.err());
    }

    /** Found by a review: these gave a stack trace and exit 1, the --out ones only after the layout had run. */
    @Test
    void directoriesMissingFoldersEmptyPointsAndNonNumbersAreOneLineAndStatusTwo() throws IOException {
        Path x = points(20, 4), empty = dir.resolve("empty.npy");
        try (OutputStream o = Files.newOutputStream(empty)) {
            Npy.write(NpyArray.ofFloats(new float[0], 0, 4), o);
        }
        String p = x.toString();
        CliBadInputTest.assertBadInput(CliRun.of("bench-projection", "--points", dir.toString(), "--method", "pca"),
                "--points", "is a directory");
        CliBadInputTest.assertBadInput(CliRun.of("bench-projection", "--points", p, "--method", "pca", "--out", dir.toString()),
                "--out", "is a directory");
        CliBadInputTest.assertBadInput(CliRun.of("bench-projection", "--points", p, "--method", "pca", "--out",
                dir.resolve("no/l.npy").toString()), "--out", "does not exist");
        CliBadInputTest.assertBadInput(CliRun.of("bench-projection", "--points", empty.toString(), "--method", "pca"),
                "empty.npy", "no points");
        CliBadInputTest.assertBadInput(CliRun.of("bench-projection", "--points", p, "--method", "pca", "--dims", "abc"),
                "--dims", "'abc'");
        CliBadInputTest.assertBadInput(CliRun.of("bench-projection", "--points", p, "--method", "pca", "--seed", "abc"),
                "--seed", "an integer");
    }
}
