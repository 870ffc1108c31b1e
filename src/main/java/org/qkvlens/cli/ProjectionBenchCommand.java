package org.qkvlens.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.AtomicFiles;
import org.qkvlens.io.Json;
import org.qkvlens.io.Npy;
import org.qkvlens.io.NpyArray;
import org.qkvlens.io.NpyDtype;
import org.qkvlens.probe.Kind;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;
import org.qkvlens.projection.Projector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qkv-lens bench-projection}: times one layout of a (n, d) float32 .npy of points by the app's own
 * {@link Projector} (the same code path, budgets aside), optionally warm-started from an earlier layout, and writes
 * the layout as a float64 (n, dims) .npy that {@code python/bench/projection_bench.py --layout} scores beside
 * scikit-learn. Point i of the file is point i of the layout and of {@code --init}. Leaves out: reading .npz
 * snapshot files (stack the vectors with numpy first), metrics other than Euclidean.
 */
@Command(name = ProjectionBenchCommand.NAME,
        customSynopsis = "qkv-lens bench-projection --points X.npy --method pca|tsne|umap [--dims 2|3] [--init L.npy] [--out L.npy] [--json]",
        description = {"Time a PCA, t-SNE or UMAP layout of the points in a float32 (n, d) .npy file"})
final class ProjectionBenchCommand implements Callable<Integer> {
    static final String NAME = "bench-projection";

    @Option(names = "--points", paramLabel = "X.npy", required = true, description = "float32 (n, d) points, one per row")
    Path points;
    @Option(names = "--method", paramLabel = "M", required = true, description = "pca, tsne or umap")
    String method;
    @Option(names = "--dims", paramLabel = "D", converter = Values.PositiveInt.class, description = "2 or 3 (${DEFAULT-VALUE})")
    int dims = 2;
    @Option(names = "--init", paramLabel = "L.npy", description = "warm start: an (n, dims) layout of the same points")
    Path init;
    @Option(names = "--rows", paramLabel = "N", converter = Values.PositiveInt.class, description = "use only the first N points")
    Integer rows;
    @Option(names = "--seed", paramLabel = "S", converter = Values.AnyLong.class, description = "seed for jitter and sampling (${DEFAULT-VALUE})")
    long seed = 0x5EEDL;
    @Option(names = "--out", paramLabel = "L.npy", description = "write the layout here (float64, (n, dims))")
    Path out;
    @Option(names = "--json", description = "print one JSON object: method, n, d, dims, warm, seconds")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Method m = Values.method(NAME, "--method", method);
        if (dims != 2 && dims != 3) throw new BadInputException(NAME + ": option --dims expects 2 or 3, got " + dims);
        Values.existingFile(NAME, "--points", points);
        Values.existingFile(NAME, "--init", init);
        Path outFile = Values.outputFile(NAME, "--out", out);      // checked before the layout runs, not after
        float[][] x = matrix(read(points), points, "points", -1, rows);
        int n = x.length;
        if (n == 0) throw new BadInputException(NAME + ": --points " + points + ": no points (0 rows)");
        List<Point> pts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) pts.add(new Point(key(i), Integer.toString(i), 0, 0, x[i]));
        Layout previous = null;
        if (init != null) {
            float[][] y = matrix(read(init), init, "init", dims, null);
            if (y.length < n) throw new BadInputException(init + ": " + y.length + " rows for " + n + " points");
            List<PointKey> keys = new ArrayList<>(n);
            double[][] coords = new double[n][dims];
            for (int i = 0; i < n; i++) {
                keys.add(key(i));
                for (int c = 0; c < dims; c++) coords[i][c] = y[i][c];
            }
            previous = new Layout(m, dims, keys, coords);
        }
        Projector projector = new Projector(seed);
        long t0 = System.nanoTime();
        Layout layout;
        try {
            layout = projector.project(pts, m, dims, previous, null);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(points + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (outFile != null) write(layout, outFile);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", m.name().toLowerCase(Locale.ROOT));
        r.put("n", n);
        r.put("d", x[0].length);
        r.put("dims", dims);
        r.put("warm", previous != null);
        r.put("seconds", seconds);
        r.put("budget", Projector.budget(m));
        r.put("threads", Runtime.getRuntime().availableProcessors());
        if (json) System.out.println(Json.write(r));
        else System.out.printf("%s %dD of %,d × %d points%s: %.3f s%n", m, dims, n, r.get("d"), previous != null ? " (warm)" : "", seconds);
        return 0;
    }

    private static PointKey key(int i) {
        return new PointKey(i, false, 0, Kind.K, 0);
    }

    private static NpyArray read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return Npy.read(in, file.toString(), Files.size(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        }
    }

    /** The rows of a 2-D float32 or float64 array ({@code columns} ≥ 0: exactly that many), the first {@code limit} if given. */
    private static float[][] matrix(NpyArray a, Path file, String option, int columns, Integer limit) {
        int[] shape = a.shape();
        if (shape.length != 2) {
            throw new BadInputException(file + ": --" + option + " needs a 2-D (n, d) array, got shape " + List.of(box(shape)));
        }
        if (a.dtype() != NpyDtype.FLOAT32 && a.dtype() != NpyDtype.FLOAT64) {
            throw new BadInputException(file + ": --" + option + " needs float32 or float64 values, got " + a.dtype());
        }
        if (columns >= 0 && shape[1] != columns) {
            throw new BadInputException(file + ": --" + option + " has " + shape[1] + " columns, expected " + columns);
        }
        int n = limit == null ? shape[0] : Math.min(limit, shape[0]), d = shape[1];
        float[][] rows = new float[n][d];
        float[] f = a.dtype() == NpyDtype.FLOAT32 ? a.floats() : null;
        double[] g = f == null ? a.doubles() : null;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                float v = f != null ? f[i * d + c] : (float) g[i * d + c];
                if (!Float.isFinite(v)) throw new BadInputException(file + ": row " + i + ", column " + c + " is not a finite number");
                rows[i][c] = v;
            }
        }
        return rows;
    }

    private static Integer[] box(int[] v) {
        Integer[] out = new Integer[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private static void write(Layout layout, Path file) throws IOException {
        int n = layout.keys().size(), d = layout.dims();
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(layout.coords()[i], 0, flat, i * d, d);
        AtomicFiles.write(file, tmp -> {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                Npy.write(NpyArray.ofDoubles(flat, n, d), o);
            }
        });
    }
}
