package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.cli.CliBadInputTest.assertBadInput;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.analysis.ClusterFixture;
import org.qkvlens.data.TestFiles;
import org.qkvlens.io.Json;

/**
 * {@code analyze} on {@link ClusterFixture}: one JSON object per end-of-epoch snapshot with the figures the analysis
 * test works out by hand, the same output on every run, a table without --json, and one line and exit status 2 for
 * each kind of bad input.
 */
class AnalyzeCommandTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void writeFixture() {
        file = ClusterFixture.write(dir);
    }

    private CliRun analyze(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("analyze", "--snapshots", file.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void jsonPerEpochWithTheHandFigures() {
        CliRun run = analyze("--site", "cross", "--head", "0", "--kind", "K", "--json");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.outLines();
        assertEquals(2, lines.size(), "epochs 0 and 1; the mid-epoch snapshot is skipped:\n" + run.out());
        for (int i = 0; i < 2; i++) {
            JsonNode o = Json.parse(lines.get(i), "line " + i);
            assertEquals(i, o.get("epoch").asInt());
            assertEquals("dec_cross", o.get("site").asText());
            assertEquals(0, o.get("head").asInt());
            assertEquals("K", o.get("kind").asText());
            assertEquals(6, o.get("n").asInt());
            assertEquals(2, o.get("kmeans").get("k").asInt());
            assertEquals(6, o.get("kmeans").get("sample").asInt());
            assertEquals(1.0, o.get("nmi").get("word").asDouble(), 1e-6);
            assertEquals(5.0 / 3 - Math.log(3) / Math.log(2), o.get("nmi").get("position").asDouble(), 1e-6);
            assertEquals(0.0, o.get("nmi").get("sentence").asDouble(), 1e-6);
            assertTrue(o.get("nmi").get("kind").isNull(), "one kind: null");
            assertEquals(2.36 / 3, o.get("cosine").get("same_word").asDouble(), 1e-6);
            assertEquals(-1.0 / 3, o.get("cosine").get("same_position").asDouble(), 1e-6);
            assertEquals(-0.08 / 12, o.get("cosine").get("all").asDouble(), 1e-6);
            assertTrue(o.get("dbscan").get("noise_fraction").isNumber());
        }
    }

    @Test
    void kindsListMakesKindALabel() {
        CliRun run = analyze("--head", "0", "--kind", "K,V", "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode o = Json.parse(run.outLines().getLast(), "last line");
        assertEquals("K,V", o.get("kind").asText());
        assertEquals(12, o.get("n").asInt());
        assertEquals(1.0, o.get("nmi").get("kind").asDouble(), 1e-6);
    }

    @Test
    void sameOutputEveryRun() {
        CliRun a = analyze("--head", "-1", "--kind", "K,V", "--json"), b = analyze("--head", "-1", "--kind", "K,V", "--json");
        assertEquals(0, a.status(), a.err());
        assertEquals(a.out(), b.out());
        CliRun t1 = analyze(), t2 = analyze();
        assertEquals(t1.out(), t2.out());
    }

    @Test
    void tableSaysHowItSampled() {
        CliRun run = analyze("--head", "1");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("seeded sample of up to 2000 points"), run.out());
        assertTrue(run.out().contains("head 1, kind K; 6 vectors per epoch (2 words, 3 sentences)"), run.out());
        List<String> rows = run.outLines().stream().filter(l -> l.matches("\\s+\\d+\\s+6\\s.*")).toList();
        assertEquals(2, rows.size(), run.out());
        // head 1 follows the position: NMI(word) 0.082, NMI(position) 1, same-position cosine 0.787
        assertTrue(rows.getFirst().matches(".*\\| 0\\.082\\s+1\\.000\\s+0\\.000\\s+-\\s+\\| -0\\.333\\s+0\\.787\\s+-0\\.007"), rows.getFirst());
    }

    @Test
    void spearmanPerHeadEqualsFaithfulnessComputedDirectly() {
        Path article = org.qkvlens.app.view.ArticleSnapshots.file();
        org.qkvlens.session.RunRecord record = org.qkvlens.app.view.ArticleSnapshots.record();
        for (String site : List.of("enc_self", "dec_self", "dec_cross")) {
            CliRun run = CliRun.of("analyze", "--snapshots", article.toString(), "--site", site, "--kind", "K", "--json");
            assertEquals(0, run.status(), run.err());
            List<String> lines = run.outLines();
            assertEquals(4, lines.size(), "epochs 0–3");
            int index = record.snapshots().size() - 1;
            JsonNode o = Json.parse(lines.getLast(), "last line");
            JsonNode sp = o.get("spearman");
            assertEquals(SpearmanReadout.LAYOUT, sp.get("layout").asText());
            assertEquals(1, sp.get("per_head").size(), "the article preset has one head");
            org.qkvlens.probe.Site s = ExportCommand.site(site);
            org.qkvlens.joint.JointSpace space = org.qkvlens.joint.JointSpace.of(record.snapshots().get(index), index, s, 0, 0, 1, true);
            org.qkvlens.projection.Layout layout = new org.qkvlens.projection.Projector().project(
                    space.points(org.qkvlens.joint.Metric.EUCLIDEAN), org.qkvlens.projection.Method.PCA, 2, null, null);
            double expected = -org.qkvlens.joint.Faithfulness.of(space, layout);
            assertTrue(expected > -1 && expected < 1, "a real readout: " + expected);
            assertEquals(expected, sp.get("per_head").get(0).asDouble(), 1e-12, site);
        }
        // the fixture captured no Q: one null per head, the rest of the object as before
        JsonNode f = Json.parse(analyze("--kind", "K", "--json").outLines().getFirst(), "fixture");
        assertEquals(2, f.get("spearman").get("per_head").size());
        assertTrue(f.get("spearman").get("per_head").get(0).isNull());
    }

    @Test
    void badInput() {
        assertBadInput(analyze("--site", "nowhere"), "analyze", "--site", "nowhere");
        assertBadInput(analyze("--kind", "K,Z"), "analyze", "--kind", "K,Z");
        assertBadInput(analyze("--kind", "attention"), "--kind", "attention");
        assertBadInput(analyze("--layer", "1"), "--layer 1", "1 layer (0–0)");
        assertBadInput(analyze("--head", "2"), "--head 2", "2 heads (0–1, or -1 for all)");
        assertBadInput(analyze("--head", "-2"), "--head", "-2");
        Path text = TestFiles.write(dir, "notes.npz", "not a zip\n");
        assertBadInput(CliRun.of("analyze", "--snapshots", text.toString()), "--snapshots", "notes.npz");
        Path missing = dir.resolve("missing.npz");
        assertBadInput(CliRun.of("analyze", "--snapshots", missing.toString()), "--snapshots", "no such file");
        assertBadInput(CliRun.of("analyze"), "--snapshots", "required");
    }
}
