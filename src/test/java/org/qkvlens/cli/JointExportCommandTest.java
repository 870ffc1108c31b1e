package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.app.view.ArticleSnapshots;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.testfx.api.FxToolkit;

/**
 * {@code qkv-lens export --view joint|heads} on a real snapshot file (article preset, 3 epochs): the PNG and the CSV
 * are written, the CSV has one row per query and key of every probe (joint) or per tile point with its Spearman
 * (heads), and every bad option is one line naming it, with exit status 2.
 */
class JointExportCommandTest {
    private static String snapshots;

    @BeforeAll
    static void train() throws Exception {
        FxToolkit.registerPrimaryStage();          // TestFX starts JavaFX in a test JVM (see ExportCommandTest)
        snapshots = ArticleSnapshots.file().toString();
    }

    private static CliRun export(String... args) {
        List<String> all = new ArrayList<>(List.of("export", "--snapshots", snapshots));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static BufferedImage png(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " missing");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " is not a PNG");
        return img;
    }

    /** Queries plus keys of every probe of the last snapshot at decoder–encoder attention, layer 0. */
    private static int queriesAndKeys(Site site) {
        Snapshot s = ArticleSnapshots.record().snapshots().getLast();
        int n = 0;
        for (ProbeCapture c : s.probes()) {
            n += c.array(new ArrayKey(site, 0, Kind.Q)).dim(0) + c.array(new ArrayKey(site, 0, Kind.K)).dim(0);
        }
        return n;
    }

    @Test
    void jointWritesPictureAndOneRowPerQueryAndKey(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("joint.png"), csv = dir.resolve("joint.csv");
        CliRun r = export("--view", "joint", "--site", "cross", "--layer", "0", "--head", "0", "--scaled", "--scale", "1",
                "--out", out.toString(), "--csv", csv.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("wrote " + out), r.out());
        BufferedImage img = png(out);
        assertEquals(900, img.getWidth());
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.getFirst().startsWith("# decoder–encoder attention · layer 0 · head 1 of 1 · epoch 3"), lines.getFirst());
        assertTrue(lines.getFirst().matches(".*Spearman\\(q·k, −distance\\) = -?[01]\\.\\d\\d$"), lines.getFirst());
        assertEquals("kind,token,probe,position,x,y", lines.get(1));
        List<String> rows = lines.subList(2, lines.size());
        assertEquals(queriesAndKeys(Site.DEC_CROSS), rows.size());
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("Q,sos->")), "decoder queries");
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("K,apple,0,")), "encoder keys of A");

        // t-SNE, euclidean, encoder self-attention: another picture of the same points
        Path tsne = dir.resolve("tsne.csv");
        r = export("--view", "joint", "--site", "enc", "--method", "tsne", "--metric", "euclidean", "--csv", tsne.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(queriesAndKeys(Site.ENC_SELF) + 2, Files.readAllLines(tsne).size());
    }

    @Test
    void headsWritesOneTilePerSiteLayerHead(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("heads.png"), csv = dir.resolve("heads.csv");
        CliRun r = export("--view", "heads", "--scale", "1", "--out", out.toString(), "--csv", csv.toString());
        assertEquals(0, r.status(), r.err());
        png(out);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("site,layer,head,kind,spearman,point,point_kind,x,y", lines.getFirst());
        List<String> tiles = lines.stream().skip(1).map(l -> String.join(",", List.of(l.split(",")).subList(0, 5))).distinct().toList();
        assertEquals(3, tiles.size(), tiles.toString());          // article: 3 sites × 1 layer × 1 head
        assertTrue(tiles.getFirst().startsWith("enc_self,0,0,QK,"), tiles.toString());
        for (String t : tiles) assertFalse(t.endsWith(","), "a Spearman per joint tile: " + t);

        Path v = dir.resolve("v.csv");
        r = export("--view", "heads", "--kind", "v", "--csv", v.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readAllLines(v).get(1).startsWith("enc_self,0,0,V,,0,V,"), Files.readAllLines(v).get(1));
    }

    @Test
    void badOptionsAreOneLineNamingTheOption(@TempDir Path dir) {
        String out = dir.resolve("x.png").toString();
        List<String[]> cases = List.of(
                new String[] {"--view", "joint", "--head", "1", "--out", out},
                new String[] {"--view", "joint", "--layer", "2", "--out", out},
                new String[] {"--view", "joint", "--site", "middle", "--out", out},
                new String[] {"--view", "joint", "--method", "mds", "--out", out},
                new String[] {"--view", "joint", "--metric", "manhattan", "--out", out},
                new String[] {"--view", "joint", "--kind", "K", "--out", out},
                new String[] {"--view", "heads", "--kind", "x1", "--out", out},
                new String[] {"--view", "heads", "--epoch", "9", "--out", out});
        List<String> named = List.of("--head", "--layer", "--site", "--method", "--metric", "--kind", "--kind", "--epoch");
        for (int i = 0; i < cases.size(); i++) {
            CliRun r = export(cases.get(i));
            String what = String.join(" ", cases.get(i));
            assertEquals(2, r.status(), what + "\n" + r.err());
            assertEquals(1, r.errLines().size(), what + "\n" + r.err());
            assertTrue(r.err().startsWith("qkv-lens: export: ") && r.err().contains(named.get(i)), what + "\n" + r.err());
        }
        assertFalse(Files.exists(Path.of(out)), "nothing written on bad input");
    }
}
