package org.qkvlens.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.qkvlens.app.export.ExportFormat;
import org.qkvlens.app.export.ExportRequest;
import org.qkvlens.app.export.HeadlessExport;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.data.BadInputException;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qkv-lens export}: renders the app's heatmap, attention, scatter or cluster-analysis view from a snapshot file into a PNG, SVG or
 * PDF (and the numbers into a CSV) without a window. Everything is checked here, before JavaFX starts: the file, the view, the
 * kinds, the site, layer and head against the model, the epoch against the snapshots, the probes against the run.
 */
@Command(name = ExportCommand.NAME,
        customSynopsis = "qkv-lens export --snapshots FILE.npz [--view heatmap|attention|scatter|joint|heads|analysis] [options]"
                + " --out FILE.png|svg|pdf",
        description = {"render a view (cosine heatmap, attention, PCA scatter, joint Q–K, head overview, cluster analysis) of"
                + " a snapshot file to PNG, SVG or PDF and CSV, no window", "",
                "Renders the view exactly as File → Export in the desktop app would."},
        footer = {"", "example: qkv-lens export --snapshots run.npz --view heatmap --kind K --site cross --layer 0 --epoch 30 \\",
                "           --a \"we can eat apple\" --b \"apple eat can we\" --out k.png"})
final class ExportCommand implements Callable<Integer> {
    static final String NAME = "export";
    /** How many probes a mistaken --a/--b names before "... and N more". */
    static final int PROBES_NAMED = 5;

    @Option(names = "--snapshots", paramLabel = "FILE.npz|RUN", description = "snapshot file written by train --out, or a"
            + " run directory written by train --run (required)")
    Path snapshots;
    @Option(names = "--view", paramLabel = "VIEW", converter = Values.View.class,
            description = "heatmap (cosine A × B, default), attention (A and B), scatter (2D PCA), joint (queries and keys of"
                    + " one head), heads (every site × layer × head), analysis (clusters per epoch)")
    ExportRequest.View view = ExportRequest.View.HEATMAP;
    @Option(names = "--kind", paramLabel = "KIND", description = "heatmap: Q, K (default), V, x1 or x4; scatter: a list like K,V"
            + " (default K,V); heads: Q, K or V (default: the joint Q–K space); analysis: a kind or a list (default K)")
    String kind;
    @Option(names = "--site", paramLabel = "SITE", description = "enc_self (enc, self), dec_self (dec), dec_cross (cross; default)")
    String site = "dec_cross";
    @Option(names = "--layer", paramLabel = "N", converter = Values.NonNegativeInt.class, description = "layer, from 0 (default 0)")
    int layer;
    @Option(names = "--head", paramLabel = "N", converter = Values.HeadIndex.class,
            description = "one head, from 0; -1 = all heads concatenated / mean of heads (default)")
    int head = -1;
    @Option(names = "--epoch", paramLabel = "N", converter = Values.NonNegativeInt.class,
            description = "the end-of-epoch snapshot of epoch N, 0 = before training (default: the last)")
    Integer epoch;
    @Option(names = "--a", paramLabel = "PROBE", description = "sentence A: probe text (any case) or index (default 0)")
    String a;
    @Option(names = "--b", paramLabel = "PROBE", description = "sentence B: probe text (any case) or index (default 1)")
    String b;
    @Option(names = "--scale", paramLabel = "1|2|4", converter = Values.Scale.class,
            description = "PNG: pixels per layout pixel (default 2)")
    int scale = 2;
    @Option(names = "--method", paramLabel = "M", description = "joint: pca (default), tsne or umap")
    String method = "pca";
    @Option(names = "--scaled", description = "joint: keys × c, queries ÷ c, c = √(mean‖q‖ / mean‖k‖)")
    boolean scaled;
    @Option(names = "--metric", paramLabel = "M", description = "joint: cosine (default) or euclidean")
    String metric = "cosine";
    @Option(names = "--out", paramLabel = "FILE.png|svg|pdf", description = "write the picture here; its extension names"
            + " the format")
    Path out;
    @Option(names = "--format", paramLabel = "png|svg|pdf", description = "the picture's format (default: from the --out"
            + " extension, which must match); svg and pdf are vector, text as text")
    String format;
    @Option(names = "--csv", paramLabel = "FILE.csv", description = "write the numbers here (scatter: each point's"
            + " label, sentence and coordinates)")
    Path csv;

    @Override
    public Integer call() {
        if (snapshots == null) throw new BadInputException(NAME + ": --snapshots FILE.npz is required (see qkv-lens export --help)");
        Path file = java.nio.file.Files.isDirectory(snapshots) ? snapshots : Values.existingFile(NAME, "--snapshots", snapshots);
        Path out = Values.outputFile(NAME, "--out", this.out), csv = Values.outputFile(NAME, "--csv", this.csv);
        if (out == null && csv == null) throw new BadInputException(NAME + ": nothing to write: give --out FILE.png (or .svg, .pdf) and/or --csv FILE.csv");
        if (out != null) checkFormat(out);
        List<Kind> kinds = kinds(view);
        Site site = site(this.site);
        boolean analysis = view == ExportRequest.View.ANALYSIS;

        RunRecord run = SnapshotFile.readFileOrRun(file);
        RunInfo info = RunInfo.of(String.valueOf(file.getFileName()), run);
        boolean encoder = site.isEncoder();
        Values.checkLayerAndHead(NAME, String.valueOf(file.getFileName()), info, site, layer, head);
        int heads = info.heads(encoder);
        int snapshot = snapshot(run, file);
        if (analysis && (this.a != null || this.b != null)) {
            throw new BadInputException(NAME + ": --a and --b do not apply to --view analysis (it clusters every probe)");
        }
        int a = analysis ? 0 : probe("a", this.a, 0, run, file), b = analysis ? 0 : probe("b", this.b, 1, run, file);
        Snapshot s = run.snapshots().get(snapshot);
        for (String which : analysis ? List.<String>of() : List.of("a", "b")) {
            int p = which.equals("a") ? a : b;
            if (s.probe(p) == null) {
                RunRecord.ProbeInfo pi = run.probes().stream().filter(x -> x.index() == p).findFirst().orElseThrow();
                throw new BadInputException(NAME + ": --" + which + " probe " + p + " “" + pi.text() + "” was skipped in this run"
                        + (pi.problem() != null ? ": " + pi.problem() : " (not in this snapshot)"));
            }
        }
        if (view == ExportRequest.View.JOINT || view == ExportRequest.View.HEADS) {
            for (String line : joint(run, file, site, heads, snapshot, kinds, a, b, out, csv)) System.out.println(line);
            return 0;
        }
        ExportRequest request = new ExportRequest(run, String.valueOf(file.getFileName()), view, site, layer, head, kinds, a, b,
                snapshot, scale, out, csv);
        for (String line : HeadlessExport.run(request)) System.out.println(line);
        return 0;
    }

    /**
     * The joint view (of --head; all heads, -1, shows head 0 and says so) or the head overview (tiles of --kind, else
     * the joint Q–K space); the run, site, layer, head, snapshot and probes checked already.
     */
    private List<String> joint(RunRecord run, Path file, Site site, int heads, int snapshot, List<Kind> kinds, int a, int b,
                               Path out, Path csv) {
        org.qkvlens.projection.Method m = Values.method(NAME, "--method", method);
        org.qkvlens.joint.Metric mt = switch (metric.strip().toLowerCase(Locale.ROOT)) {
            case "cosine" -> org.qkvlens.joint.Metric.COSINE;
            case "euclidean" -> org.qkvlens.joint.Metric.EUCLIDEAN;
            default -> throw new BadInputException(NAME + ": option --metric expects cosine or euclidean, got '" + metric + "'");
        };
        if (view == ExportRequest.View.JOINT && !site.isAttention()) {
            throw new BadInputException(NAME + ": --site " + this.site + ": the joint view needs an attention site");
        }
        List<String> lines = new ArrayList<>();
        int h = head;
        if (view == ExportRequest.View.JOINT && h < 0) {
            h = 0;
            if (heads > 1) lines.add("--head -1 (all heads): the joint view shows one head, head 0 of " + heads);
        }
        lines.addAll(org.qkvlens.app.export.JointExport.run(new org.qkvlens.app.export.JointExport.Request(run,
                String.valueOf(file.getFileName()), view == ExportRequest.View.HEADS, site, layer, h, m, mt, scaled,
                kinds.isEmpty() ? null : kinds.getFirst(), a, b, snapshot, scale, out, csv)));
        return lines;
    }

    /**
     * The picture's format: --format if given, else the extension of --out; the file must be named for its format
     * (*.png, *.svg, *.pdf).
     */
    private void checkFormat(Path out) {
        ExportFormat named = ExportFormat.of(out);
        ExportFormat format = named;
        if (this.format != null) {
            format = ExportFormat.named(this.format);
            if (format == null) {
                throw new BadInputException(NAME + ": option --format expects png, svg or pdf, got '" + this.format + "'");
            }
            if (named != format) {
                throw new BadInputException(NAME + ": --out " + this.out + " does not match --format " + this.format
                        + ": name the file *." + format.extension());
            }
        }
        if (format == null) {
            throw new BadInputException(NAME + ": --out " + this.out + ": name the picture *.png, *.svg or *.pdf");
        }
    }

    /** enc_self/dec_self/dec_cross and the short forms self, enc, dec, cross. */
    static Site site(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "enc_self", "enc", "self", "encoder" -> Site.ENC_SELF;
            case "dec_self", "dec", "decoder" -> Site.DEC_SELF;
            case "dec_cross", "cross" -> Site.DEC_CROSS;
            default -> throw new BadInputException(NAME + ": option --site expects enc_self (enc, self), dec_self (dec) or "
                    + "dec_cross (cross), got '" + v + "'");
        };
    }

    private List<Kind> kinds(ExportRequest.View view) {
        if (kind == null) {
            return switch (view) {
                case HEATMAP -> List.of(Kind.K);
                case SCATTER -> List.of(Kind.K, Kind.V);
                case ANALYSIS -> List.of(Kind.K);
                case ATTENTION, JOINT, HEADS -> List.of();
            };
        }
        if (view == ExportRequest.View.ATTENTION || view == ExportRequest.View.JOINT) {
            throw new BadInputException(NAME + ": --kind does not apply to --view " + view.id());
        }
        String v = kind;
        List<Kind> kinds = new ArrayList<>();
        for (String part : v.split(",")) {
            Kind k = null;
            for (Kind c : Kind.VECTORS) if (c.id().equalsIgnoreCase(part.strip())) k = c;
            if (k == null) throw badKind("Q, K, V, x1 or x4" + (view != ExportRequest.View.HEATMAP ? " (or a list like K,V)" : ""), v);
            if (!kinds.contains(k)) kinds.add(k);
        }
        if (view == ExportRequest.View.HEATMAP && kinds.size() != 1) throw badKind("one kind for the heatmap", v);
        if (view == ExportRequest.View.HEADS && (kinds.size() != 1 || !List.of(Kind.Q, Kind.K, Kind.V).contains(kinds.getFirst()))) {
            throw badKind("Q, K or V for the head overview", v);
        }
        return kinds;
    }

    private static BadInputException badKind(String expected, String got) {
        return new BadInputException(NAME + ": option --kind expects " + expected + ", got '" + got + "'");
    }

    /** The end-of-epoch snapshot of --epoch (default: the last snapshot). */
    private int snapshot(RunRecord run, Path file) {
        List<Snapshot> snaps = run.snapshots();
        if (snaps.isEmpty()) throw new BadInputException(NAME + ": " + file.getFileName() + " holds no snapshots (trained with --no-probes?)");
        if (this.epoch == null) return snaps.size() - 1;
        int epoch = this.epoch;
        for (int i = snaps.size() - 1; i >= 0; i--) {
            if (snaps.get(i).epoch() == epoch && snaps.get(i).endOfEpoch()) return i;
        }
        List<Integer> epochs = snaps.stream().filter(Snapshot::endOfEpoch).map(Snapshot::epoch).distinct().toList();
        String range = epochs.isEmpty() ? "none" : epochs.getFirst() + "–" + epochs.getLast();
        throw new BadInputException(NAME + ": --epoch " + epoch + " is not in " + file.getFileName() + " (end-of-epoch snapshots: " + range + ")");
    }

    /**
     * A probe by index or by text (case and spacing ignored); an unknown one names the first few probes there are
     * and how many more.
     */
    private static int probe(String name, String v, int fallback, RunRecord run, Path file) {
        List<RunRecord.ProbeInfo> probes = run.probes();
        if (probes.isEmpty()) throw new BadInputException(NAME + ": " + file.getFileName() + " has no probe sentences");
        if (v == null) {
            if (fallback < probes.size()) return probes.get(fallback).index();
            throw new BadInputException(NAME + ": " + file.getFileName() + " has only " + probes.size() + " probe; give --" + name);
        }
        String want = normal(v);
        if (want.matches("\\d+")) {
            int i = Integer.parseInt(want);
            for (RunRecord.ProbeInfo p : probes) if (p.index() == i) return i;
        }
        for (RunRecord.ProbeInfo p : probes) if (normal(p.text()).equals(want)) return p.index();
        List<String> list = new ArrayList<>();
        for (RunRecord.ProbeInfo p : probes.subList(0, Math.min(PROBES_NAMED, probes.size()))) {
            list.add(p.index() + " “" + p.text() + "”");
        }
        int more = probes.size() - list.size();
        throw new BadInputException(NAME + ": --" + name + " '" + v + "' is not a probe of " + file.getFileName() + "; "
                + probes.size() + " probes: " + String.join(", ", list) + (more > 0 ? " … and " + more + " more" : ""));
    }

    private static String normal(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
