package org.qkvlens.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.data.BadInputException;

/**
 * Appending rows to a .npy file and mapping it back: the rows come back as written, the header is NumPy's; a file
 * whose size disagrees with its header, or that is cut short while mapped, is one message naming it, not a crash.
 */
class NpyMappedTest {
    @TempDir
    Path dir;

    private Path write(int rows) throws IOException {
        Path f = dir.resolve("a.npy");
        try (NpyAppender out = new NpyAppender(f, 3)) {
            float[] v = new float[rows * 3];
            for (int i = 0; i < v.length; i++) v[i] = i * 0.5f;
            out.append(v, 0, rows - 1);
            out.append(v, (rows - 1) * 3, 1);
            out.finish(false);
        }
        return f;
    }

    @Test
    void appendedRowsMapBack() throws IOException {
        Path f = write(50_000);   // more than the append buffer
        NpyMapped m = NpyMapped.open(f);
        assertArrayEquals(new int[] {50_000, 3}, m.shape());
        assertArrayEquals(new float[] {3 * 0.5f, 4 * 0.5f, 5 * 0.5f}, m.rows(1, 1));
        assertEquals(149_999 * 0.5f, m.rows(49_999, 1)[2]);
        try (var in = Files.newInputStream(f)) {
            NpyArray same = Npy.read(in, f.toString(), Long.MAX_VALUE);    // the plain reader agrees with the header
            assertArrayEquals(new int[] {50_000, 3}, same.shape());
        }
    }

    @Test
    void aSizeThatDisagreesWithTheHeaderIsNamed() throws IOException {
        Path f = write(10);
        try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
            out.write(new byte[4]);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> NpyMapped.open(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("(10, 3)"), e.getMessage());
    }

    @Test
    void aFileCutShortWhileMappedIsAMessageNotACrash() throws IOException {
        Path f = write(200_000);  // several pages
        NpyMapped m = NpyMapped.open(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(128);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> m.rows(199_000, 100));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
