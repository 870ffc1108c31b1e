package org.qkvlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkvlens.app.view.ArticleSnapshots;
import org.testfx.api.FxToolkit;

/**
 * {@code qkv-lens export} on a real snapshot file (the article preset trained for 3 epochs): it writes PNGs of the
 * heatmap, attention and scatter views and a CSV, at the scale asked; every bad input is one line and exit status 2.
 */
class ExportCommandTest {
    private static String snapshots;

    @BeforeAll
    static void train() throws Exception {
        // TestFX must start JavaFX in a test JVM: its headless set-up swaps in its own Monocle platform when it launches,
        // and a toolkit started earlier by `export` (Platform.startup) would leave TestFX's robot clicking into nowhere.
        FxToolkit.registerPrimaryStage();
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

    @Test
    void writesEachViewAsPng(@TempDir Path dir) throws Exception {
        Path k1 = dir.resolve("k1.png"), k2 = dir.resolve("k2.png");
        CliRun r = export("--view", "heatmap", "--kind", "K", "--site", "cross", "--layer", "0", "--epoch", "3",
                "--a", "We can eat apple", "--b", "apple eat can we", "--scale", "1", "--out", k1.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("wrote " + k1), r.out());
        r = export("--kind", "k", "--a", "0", "--b", "1", "--out", k2.toString());
        assertEquals(0, r.status(), r.err());
        BufferedImage one = png(k1), two = png(k2);
        assertEquals(2 * one.getWidth(), two.getWidth(), "default scale 2");
        assertEquals(2 * one.getHeight(), two.getHeight());

        Path att = dir.resolve("att.png"), csv = dir.resolve("att.csv");
        r = export("--view", "attention", "--site", "self", "--head", "0", "--epoch", "0", "--scale", "4", "--out", att.toString(),
                "--csv", csv.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(png(att).getWidth() > 2000);
        assertTrue(Files.readString(csv).startsWith("A: query \\ key,<sos>,we,can,eat,apple,<eos>\n<sos>,"));

        Path scatter = dir.resolve("scatter.png"), points = dir.resolve("scatter.csv");
        r = export("--view", "scatter", "--kind", "K,V,x4", "--site", "dec", "--b", "i can eat bread", "--out", scatter.toString(),
                "--csv", points.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(png(scatter).getWidth() > 800);
        List<String> rows = Files.readAllLines(points);
        assertTrue(rows.getFirst().startsWith("label,sentence,PC1"), rows.getFirst());
        // decoder self-attention of A and B: K, V and x4 of every decoder position of both, one row each
        var run = org.qkvlens.session.SnapshotFile.read(Path.of(snapshots));
        var last = run.snapshots().getLast().probes();
        int positions = last.get(0).decoderLabels().size() + last.stream().filter(c -> c.text().equals("i can eat bread"))
                .findFirst().orElseThrow().decoderLabels().size();
        assertEquals(1 + 3 * positions, rows.size(), rows.toString());
        assertTrue(rows.stream().skip(1).allMatch(l -> l.matches("[^,]+@(K|V|x4)@\\d+,[AB],-?\\d+\\.\\d{6},-?\\d+\\.\\d{6}")),
                rows.toString());
    }

    /** SVG and PDF by the --out extension or by --format: text as text, the figure's title in both. */
    @Test
    void writesSvgAndPdf(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("k.svg"), pdf = dir.resolve("att.pdf");
        CliRun r = export("--view", "heatmap", "--kind", "K", "--out", svg.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("wrote " + svg + " (SVG, "), r.out());
        String xml = Files.readString(svg);
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertTrue(xml.contains(">we</text>") && xml.contains(">apple</text>"), "token labels as text");
        Path scatter = dir.resolve("scatter.svg");
        r = export("--view", "scatter", "--out", scatter.toString());
        assertEquals(0, r.status(), r.err());
        String dots = Files.readString(scatter);
        assertTrue(dots.contains(">PC1 (") && (dots.contains("<ellipse") || dots.contains("<polygon")), "axis title and markers");
        r = export("--view", "attention", "--format", "PDF", "--out", pdf.toString());
        assertEquals(0, r.status(), r.err());
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text.contains("apple") && text.contains("<eos>"), text);
        }
    }

    /**
     * Every view the command line draws as vectors: its PNG at 1× and its PDF rasterised at 96 dpi agree (same size,
     * mean difference of 8 × 8 blocks small), and its SVG parses and holds the PDF's words.
     */
    @Test
    void pngSvgAndPdfOfEachViewAgree(@TempDir Path dir) throws Exception {
        for (String view : List.of("heatmap", "attention", "scatter", "analysis", "joint", "heads")) {
            Path png = dir.resolve(view + ".png"), svg = dir.resolve(view + ".svg"), pdf = dir.resolve(view + ".pdf");
            for (Path out : List.of(png, svg, pdf)) {
                CliRun r = export("--view", view, "--scale", "1", "--out", out.toString());
                assertEquals(0, r.status(), view + ": " + r.err());
            }
            BufferedImage shown = png(png), raster;
            String text;
            try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
                raster = new org.apache.pdfbox.rendering.PDFRenderer(doc).renderImageWithDPI(0, 96);
                text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            }
            assertEquals(shown.getWidth(), raster.getWidth(), 1, view);
            assertEquals(shown.getHeight(), raster.getHeight(), 1, view);
            double diff = org.qkvlens.app.export.VectorFiles.blockDifference(shown, raster, 8);
            assertTrue(diff < 3, view + ": mean difference per 8×8 block and channel " + diff);
            var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
            String svgText = doc.getDocumentElement().getTextContent().replaceAll("\\s+", "");
            String firstLine = text.lines().filter(l -> !l.isBlank()).findFirst().orElseThrow().replaceAll("\\s+", "");
            assertTrue(svgText.contains(firstLine), view + ": " + firstLine + " in the SVG too");
        }
    }

    @Test
    void csvAloneNeedsNoPicture(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("v.csv");
        CliRun r = export("--kind", "V", "--site", "enc_self", "--csv", csv.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("A \\ B,<sos>,apple,eat,can,we,<eos>", lines.getFirst());
        assertEquals(7, lines.size());
    }

    @Test
    void badInputIsOneLineAndStatus2(@TempDir Path dir) throws Exception {
        String out = dir.resolve("x.png").toString();
        Path text = Files.writeString(dir.resolve("notes.npz"), "not a zip");
        Path zip = dir.resolve("foreign.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("a.npy"));
            z.write(new byte[] {1, 2, 3});
            z.closeEntry();
        }
        List<String[]> cases = List.of(
                new String[] {"export", "--snapshots", dir.resolve("missing.npz").toString(), "--out", out},
                new String[] {"export", "--snapshots", text.toString(), "--out", out},
                new String[] {"export", "--snapshots", zip.toString(), "--out", out},
                new String[] {"export", "--out", out},
                new String[] {"export", "--snapshots", snapshots},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--a", "we eat apples"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--b", "17"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--epoch", "30"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--layer", "1"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--head", "1"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--head", "-2"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--view", "pie"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--kind", "Z"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--kind", "K,V"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--view", "attention", "--kind", "K"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--site", "middle"},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--scale", "3"},
                new String[] {"export", "--snapshots", snapshots, "--out", dir.resolve("no/such/dir/x.png").toString()},
                new String[] {"export", "--snapshots", snapshots, "--out", dir.resolve("x.jpg").toString()},
                new String[] {"export", "--snapshots", snapshots, "--out", out, "--format", "pdf"},
                new String[] {"export", "--snapshots", snapshots, "--out", dir.resolve("x.svg").toString(), "--format", "eps"},
                new String[] {"export", "--snapshots", snapshots, "--out", dir.resolve("x").toString(), "--format", "svg"});
        for (String[] args : cases) {
            CliRun r = CliRun.of(args);
            String what = String.join(" ", args);
            assertEquals(2, r.status(), what + "\n" + r.err());
            assertEquals(1, r.errLines().size(), what + "\n" + r.err());
            assertTrue(r.err().startsWith("qkv-lens: "), r.err());
        }
        assertTrue(!Files.exists(Path.of(out)), "nothing written on bad input");
        CliRun unknown = CliRun.of("export", "--snapshots", snapshots, "--out", out, "--a", "we eat apples");
        assertTrue(unknown.err().contains("9 probes: 0 “we can eat apple”, 1 “apple eat can we”"), unknown.err());
        // the sample's 9 probes: five named, then the count; a file with 1,000 probes does not make a 60 KB line
        assertTrue(unknown.err().contains("4 “i can eat book” … and 4 more"), unknown.err());
        assertTrue(!unknown.err().contains("i can eat newspaper"), unknown.err());
        CliRun epoch = CliRun.of("export", "--snapshots", snapshots, "--out", out, "--epoch", "30");
        assertTrue(epoch.err().contains("end-of-epoch snapshots: 0–3"), epoch.err());
    }

    /** The analysis chart's CSV holds analyze --json's figures, epoch by epoch; bad combinations are one line. */
    @Test
    void analysisChartAndItsNumbers(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("analysis.png"), csv = dir.resolve("analysis.csv");
        CliRun r = export("--view", "analysis", "--site", "cross", "--kind", "K,V", "--epoch", "2", "--scale", "1",
                "--out", png.toString(), "--csv", csv.toString());
        assertEquals(0, r.status(), r.err());
        BufferedImage img = png(png);
        assertEquals(720, img.getWidth());
        assertEquals(300, img.getHeight());
        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.getFirst().startsWith("epoch,step,n,k,silhouette,sample,nmi_word,nmi_position,nmi_sentence,nmi_kind,"), rows.getFirst());
        List<String> json = CliRun.of("analyze", "--snapshots", snapshots, "--site", "cross", "--kind", "K,V", "--json").outLines();
        assertEquals(json.size() + 1, rows.size(), "one row per epoch");
        List<String> header = List.of(rows.getFirst().split(","));
        for (int i = 0; i < json.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode o = org.qkvlens.io.Json.parse(json.get(i), "line " + i);
            String[] f = rows.get(i + 1).split(",", -1);
            assertEquals(o.get("epoch").asInt(), Integer.parseInt(f[header.indexOf("epoch")]));
            assertEquals(o.get("n").asInt(), Integer.parseInt(f[header.indexOf("n")]));
            assertEquals(o.get("kmeans").get("k").asInt(), Integer.parseInt(f[header.indexOf("k")]));
            assertEquals(o.get("nmi").get("word").asDouble(), Double.parseDouble(f[header.indexOf("nmi_word")]), 1e-6);
            assertEquals(o.get("nmi").get("kind").asDouble(), Double.parseDouble(f[header.indexOf("nmi_kind")]), 1e-6);
            assertEquals(o.get("cosine").get("same_word").asDouble(), Double.parseDouble(f[header.indexOf("cos_same_word")]), 1e-6);
            assertEquals(o.get("cosine").get("same_position").asDouble(), Double.parseDouble(f[header.indexOf("cos_same_position")]), 1e-6);
            assertEquals(o.get("cosine").get("all").asDouble(), Double.parseDouble(f[header.indexOf("cos_all")]), 1e-6);
        }
        for (String[] args : List.of(
                new String[] {"--view", "analysis", "--a", "0", "--out", png.toString()},
                new String[] {"--view", "analysis", "--kind", "K,Z", "--out", png.toString()},
                new String[] {"--view", "analysis", "--head", "3", "--out", png.toString()})) {
            CliRun bad = export(args);
            assertEquals(2, bad.status(), String.join(" ", args) + "\n" + bad.err());
            assertEquals(1, bad.errLines().size(), bad.err());
        }
    }

    @Test
    void helpAndUsageMentionExport() {
        CliRun r = CliRun.of("export", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("--view=VIEW") && r.out().contains("--csv=FILE.csv"), r.out());
        assertTrue(CliRun.of("--help").out().lines().anyMatch(l -> l.matches("  export +render a view .*")));
    }
}
