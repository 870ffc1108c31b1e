package org.qkvlens;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code interpreter -c script args...} for the tests that check our files against numpy and PyTorch, with
 * Debian's OpenBLAS (openmp) first on the library path (else python3-torch falls back to the reference BLAS).
 * Returns standard output and error together; a non-zero exit or two minutes without an end fail the test.
 */
public final class PythonScript {
    private static final String OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-openmp";

    private PythonScript() {
    }

    public static String run(String interpreter, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(interpreter, "-c", script));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().merge("LD_LIBRARY_PATH", OPENBLAS, (a, b) -> b + ":" + a);
        Process process = pb.start();
        try (InputStream in = process.getInputStream()) {
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(interpreter + " failed:\n" + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            process.destroy();
        }
    }
}
