package org.qkvlens.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qkvlens.app.export.ExportRequest;
import org.qkvlens.app.export.HeadlessExport;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.data.BadInputException;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;

/**
 * {@code qkv-lens export}: renders the app's heatmap, attention or scatter view from a snapshot file into a PNG (and
 * the numbers into a CSV) without a window. Everything is checked here, before JavaFX starts: the file, the view, the
 * kinds, the site, layer and head against the model, the epoch against the snapshots, the probes against the run.
 */
final class ExportCommand {
    static final String NAME = "export";

    private ExportCommand() {
    }

    static List<Options.Spec> specs() {
        return List.of(
                Options.Spec.value("snapshots", "FILE.npz", "snapshot file written by train --out (required)"),
                Options.Spec.value("view", "VIEW", "heatmap (cosine A × B, default), attention (A and B), scatter (2D PCA)"),
                Options.Spec.value("kind", "KIND", "heatmap: Q, K (default), V, x1 or x4; scatter: a list like K,V (default K,V)"),
                Options.Spec.value("site", "SITE", "enc_self (enc, self), dec_self (dec), dec_cross (cross; default)"),
                Options.Spec.value("layer", "N", "layer, from 0 (default 0)"),
                Options.Spec.value("head", "N", "one head, from 0; -1 = all heads concatenated / mean of heads (default)"),
                Options.Spec.value("epoch", "N", "the end-of-epoch snapshot of epoch N, 0 = before training (default: the last)"),
                Options.Spec.value("a", "PROBE", "sentence A: probe text (any case) or index (default 0)"),
                Options.Spec.value("b", "PROBE", "sentence B: probe text (any case) or index (default 1)"),
                Options.Spec.value("scale", "1|2|4", "pixels per layout pixel (default 2)"),
                Options.Spec.value("out", "FILE.png", "write the picture here"),
                Options.Spec.value("csv", "FILE.csv", "write the numbers here (heatmap, attention)"));
    }

    static String help() {
        return Options.help("qkv-lens export --snapshots FILE.npz [--view heatmap|attention|scatter] [options] --out FILE.png",
                "Renders a view of the desktop app from a snapshot file, without a window, exactly as File → Export would.\n"
                        + "example: qkv-lens export --snapshots run.npz --view heatmap --kind K --site cross --layer 0 --epoch 30 \\\n"
                        + "           --a \"we can eat apple\" --b \"apple eat can we\" --out k.png",
                specs());
    }

    static int run(String[] args) {
        Options o = Options.parse(NAME, specs(), args);
        if (o.wantsHelp()) {
            System.out.print(help());
            return 0;
        }
        if (!o.has("snapshots")) throw new BadInputException(NAME + ": --snapshots FILE.npz is required (see qkv-lens export --help)");
        Path file = o.existingFile("snapshots");
        Path out = o.outputFile("out"), csv = o.outputFile("csv");
        if (out == null && csv == null) throw new BadInputException(NAME + ": nothing to write: give --out FILE.png and/or --csv FILE.csv");
        ExportRequest.View view = switch (o.choice("view", "heatmap", "heatmap", "attention", "scatter")) {
            case "attention" -> ExportRequest.View.ATTENTION;
            case "scatter" -> ExportRequest.View.SCATTER;
            default -> ExportRequest.View.HEATMAP;
        };
        List<Kind> kinds = kinds(o, view);
        Site site = site(o.string("site", "dec_cross"));
        int scale = Integer.parseInt(o.choice("scale", "2", "1", "2", "4"));
        int layer = o.intAtLeast("layer", 0, 0);
        int head = o.intAtLeast("head", -1, -1);
        if (csv != null && view == ExportRequest.View.SCATTER) {
            throw new BadInputException(NAME + ": --csv works with --view heatmap or attention, not scatter");
        }

        RunRecord run = SnapshotFile.read(file);
        RunInfo info = RunInfo.of(String.valueOf(file.getFileName()), run);
        boolean encoder = site == Site.ENC_SELF;
        String side = encoder ? "encoder" : "decoder";
        int layers = info.layers(encoder), heads = info.heads(encoder);
        if (layer >= layers) {
            throw new BadInputException(NAME + ": --layer " + layer + ": the " + side + " of " + file.getFileName() + " has "
                    + layers + " layer" + (layers == 1 ? "" : "s") + " (0–" + (layers - 1) + ")");
        }
        if (head >= heads) {
            throw new BadInputException(NAME + ": --head " + head + ": the " + side + " of " + file.getFileName() + " has "
                    + heads + " head" + (heads == 1 ? "" : "s") + " (0–" + (heads - 1) + ", or -1 for all)");
        }
        int snapshot = snapshot(o, run, file);
        int a = probe(o, "a", 0, run, file), b = probe(o, "b", 1, run, file);
        Snapshot s = run.snapshots().get(snapshot);
        for (String which : List.of("a", "b")) {
            int p = which.equals("a") ? a : b;
            if (s.probe(p) == null) {
                RunRecord.ProbeInfo pi = run.probes().stream().filter(x -> x.index() == p).findFirst().orElseThrow();
                throw new BadInputException(NAME + ": --" + which + " probe " + p + " “" + pi.text() + "” was skipped in this run"
                        + (pi.problem() != null ? ": " + pi.problem() : " (not in this snapshot)"));
            }
        }
        ExportRequest request = new ExportRequest(run, String.valueOf(file.getFileName()), view, site, layer, head, kinds, a, b,
                snapshot, scale, out, csv);
        for (String line : HeadlessExport.run(request)) System.out.println(line);
        return 0;
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

    private static List<Kind> kinds(Options o, ExportRequest.View view) {
        if (!o.has("kind")) {
            return switch (view) {
                case HEATMAP -> List.of(Kind.K);
                case SCATTER -> List.of(Kind.K, Kind.V);
                case ATTENTION -> List.of();
            };
        }
        if (view == ExportRequest.View.ATTENTION) throw new BadInputException(NAME + ": --kind does not apply to --view attention");
        String v = o.string("kind", "");
        List<Kind> kinds = new ArrayList<>();
        for (String part : v.split(",")) {
            Kind k = null;
            for (Kind c : Kind.VECTORS) if (c.id().equalsIgnoreCase(part.strip())) k = c;
            if (k == null) throw o.bad("kind", "Q, K, V, x1 or x4" + (view == ExportRequest.View.SCATTER ? " (or a list like K,V)" : ""), v);
            if (!kinds.contains(k)) kinds.add(k);
        }
        if (view == ExportRequest.View.HEATMAP && kinds.size() != 1) throw o.bad("kind", "one kind for the heatmap", v);
        return kinds;
    }

    /** The end-of-epoch snapshot of --epoch (default: the last snapshot). */
    private static int snapshot(Options o, RunRecord run, Path file) {
        List<Snapshot> snaps = run.snapshots();
        if (snaps.isEmpty()) throw new BadInputException(NAME + ": " + file.getFileName() + " holds no snapshots (trained with --no-probes?)");
        if (!o.has("epoch")) return snaps.size() - 1;
        int epoch = o.intAtLeast("epoch", 0, 0);
        for (int i = snaps.size() - 1; i >= 0; i--) {
            if (snaps.get(i).epoch() == epoch && snaps.get(i).endOfEpoch()) return i;
        }
        List<Integer> epochs = snaps.stream().filter(Snapshot::endOfEpoch).map(Snapshot::epoch).distinct().toList();
        String range = epochs.isEmpty() ? "none" : epochs.getFirst() + "–" + epochs.getLast();
        throw new BadInputException(NAME + ": --epoch " + epoch + " is not in " + file.getFileName() + " (end-of-epoch snapshots: " + range + ")");
    }

    /** A probe by index or by text (case and spacing ignored); unknown ones list the probes there are. */
    private static int probe(Options o, String name, int fallback, RunRecord run, Path file) {
        List<RunRecord.ProbeInfo> probes = run.probes();
        if (probes.isEmpty()) throw new BadInputException(NAME + ": " + file.getFileName() + " has no probe sentences");
        String v = o.string(name, null);
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
        for (RunRecord.ProbeInfo p : probes) list.add(p.index() + " “" + p.text() + "”");
        throw new BadInputException(NAME + ": --" + name + " '" + v + "' is not a probe of " + file.getFileName() + "; probes: "
                + String.join(", ", list));
    }

    private static String normal(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
