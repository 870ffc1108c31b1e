package org.qkvlens.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The article's corpus and probes the app starts with: {@code sample-sentences/} in the working directory when it is
 * there (running from the project), else the copies bundled in the jar, unpacked once to a temporary directory.
 */
public final class SampleFiles {
    private static Path unpacked;

    private SampleFiles() {
    }

    public static Path corpus() {
        return find("eng_de.csv");
    }

    public static Path probes() {
        return find("probes.txt");
    }

    private static synchronized Path find(String name) {
        Path local = Path.of("sample-sentences", name);
        if (Files.isRegularFile(local)) return local;
        try {
            if (unpacked == null) {
                unpacked = Files.createTempDirectory("qkv-lens-samples");
                unpacked.toFile().deleteOnExit();
            }
            Path target = unpacked.resolve(name);
            if (!Files.exists(target)) {
                try (InputStream in = SampleFiles.class.getResourceAsStream("/sample-sentences/" + name)) {
                    if (in == null) throw new IOException("sample-sentences/" + name + " is not in the jar");
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
