package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;

/** {@code bench --json}: one JSON object with the fields ../shared/bench/compare.sh reads. */
class BenchCommandTest {
    @Test
    void jsonIsOneLineWithTheComparedFields() {
        CliRun run = CliRun.of("bench", "--preset", "article", "--steps", "3", "--fwd-steps", "3", "--warmup", "1", "--json");

        assertEquals(0, run.status(), run.err());
        assertEquals(1, run.outLines().size(), run.out());
        JsonObject r = JsonObject.of(Json.parse(run.outLines().getFirst(), "bench output"), "bench output");
        assertTrue(r.getDouble("train_tokens_per_s") > 0, run.out());
        assertTrue(r.getDouble("forward_tokens_per_s") > 0, run.out());
        assertEquals(3, r.getInt("steps"));
        assertTrue(r.getDouble("seconds") > 0, run.out());
        assertEquals(TrainConfig.defaultThreads(), r.getInt("threads"));
        double rss = r.getDouble("peak_rss_mb");
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertTrue(rss > 0, run.out());
        } else {
            assertEquals(-1, rss);
        }
    }
}
