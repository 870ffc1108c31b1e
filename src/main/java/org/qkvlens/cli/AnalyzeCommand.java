package org.qkvlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qkvlens.analysis.ClusterAnalysis;
import org.qkvlens.analysis.ClusterQuery;
import org.qkvlens.analysis.ClusterReport;
import org.qkvlens.data.BadInputException;
import org.qkvlens.io.Json;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.session.RunRecord;
import org.qkvlens.session.SnapshotFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qkv-lens analyze}: per end-of-epoch snapshot of a run, clusters the vectors of all probes at one site, layer,
 * head and kind(s) in their own space and says how much of that geometry word, position, sentence and kind explain
 * ({@link ClusterAnalysis}): a table, or one JSON object per epoch, which for attention sites also holds the
 * faithfulness readout of every head ({@link SpearmanReadout}). Everything is checked before the work starts.
 * Leaves out: the app's chart of the same figures.
 */
@Command(name = AnalyzeCommand.NAME,
        customSynopsis = "qkv-lens analyze --snapshots FILE.npz|RUN [--site S] [--layer L] [--head H] [--kind K[,K...]] [--sample N] [--seed S] [--json]",
        description = {"cluster the probes' vectors per epoch and say how much word, position, sentence and kind explain", "",
                "k-means (k by silhouette on a seeded sample), DBSCAN, NMI of the clusters with each label, and mean",
                "cosines of the same word and of the same position across sentences. See the README's \"analyze\"."},
        footer = {"", "example: qkv-lens analyze --snapshots run.npz --site cross --kind K --json"})
final class AnalyzeCommand implements Callable<Integer> {
    static final String NAME = "analyze";

    @Option(names = "--snapshots", paramLabel = "FILE.npz|RUN", description = "snapshot file written by train --out, or a"
            + " run directory written by train --run (required)")
    Path snapshots;
    @Option(names = "--site", paramLabel = "SITE", description = "enc_self (enc, self), dec_self (dec), dec_cross (cross; default)")
    String site = "dec_cross";
    @Option(names = "--layer", paramLabel = "N", converter = Values.NonNegativeInt.class, description = "layer, from 0 (default 0)")
    int layer;
    @Option(names = "--head", paramLabel = "N", converter = Values.HeadIndex.class,
            description = "one head, from 0; -1 = all heads concatenated (default)")
    int head = -1;
    @Option(names = "--kind", paramLabel = "KIND", description = "Q, K (default), V, x1 or x4, or a list like K,V (then kind is a label too)")
    String kind = "K";
    @Option(names = "--sample", paramLabel = "N", converter = Values.PositiveInt.class,
            description = "points sampled for choosing k (silhouette) and for DBSCAN, both O(N²) (default 2000)")
    int sample = ClusterAnalysis.DEFAULTS.sample();
    @Option(names = "--seed", paramLabel = "S", converter = Values.AnyLong.class, description = "seed of the sample and of k-means (default 1234)")
    long seed = ClusterAnalysis.DEFAULTS.seed();
    @Option(names = "--json", description = "one JSON object per epoch (one per line) instead of the table")
    boolean json;

    @Override
    public Integer call() {
        if (snapshots == null) throw new BadInputException(NAME + ": --snapshots FILE.npz|RUN is required (see qkv-lens analyze --help)");
        Path file = Files.isDirectory(snapshots) ? snapshots : Values.existingFile(NAME, "--snapshots", snapshots);
        Site site = site(this.site);
        List<Kind> kinds = kinds(kind);
        RunRecord run;
        try {
            run = SnapshotFile.readFileOrRun(file);
        } catch (BadInputException e) {
            throw new BadInputException(NAME + ": --snapshots: " + e.getMessage(), e);
        }
        String name = String.valueOf(file.getFileName());
        org.qkvlens.app.state.RunInfo info = org.qkvlens.app.state.RunInfo.of(name, run);
        Values.checkLayerAndHead(NAME, name, info, site, layer, head);
        int heads = info.heads(site.isEncoder());
        List<Snapshot> epochs = run.snapshots().stream().filter(Snapshot::endOfEpoch).toList();
        if (epochs.isEmpty()) throw new BadInputException(NAME + ": " + name + " holds no end-of-epoch snapshots (trained with --no-probes?)");

        ClusterQuery query = new ClusterQuery(site, layer, head, heads, kinds);
        ClusterAnalysis.Settings d = ClusterAnalysis.DEFAULTS;
        ClusterAnalysis.Settings settings = new ClusterAnalysis.Settings(d.kMin(), d.kMax(), sample, d.restarts(), d.maxIterations(),
                d.minPts(), seed);
        boolean headerDone = false;
        List<Snapshot> all = run.snapshots();
        for (int index = 0; index < all.size(); index++) {
            Snapshot s = all.get(index);
            if (!s.endOfEpoch()) continue;
            ClusterReport r = ClusterAnalysis.analyze(s, query, settings);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("site", site.id());
                m.put("layer", layer);
                m.put("head", head);
                m.put("kind", query.kindLabel());
                m.putAll(r.toMap());
                if (site.isAttention()) {
                    m.put("spearman", SpearmanReadout.json(SpearmanReadout.perHead(s, index, site, layer, heads)));
                }
                System.out.println(Json.write(m));
            } else {
                if (!headerDone) {
                    for (String line : AnalysisTable.header(name, query, r, settings)) System.out.println(line);
                    headerDone = true;
                }
                System.out.println(AnalysisTable.row(r));
            }
        }
        return 0;
    }

    /** enc_self/dec_self/dec_cross and the short forms, as {@code export} reads them. */
    private static Site site(String v) {
        try {
            return ExportCommand.site(v);
        } catch (BadInputException e) {
            throw new BadInputException(e.getMessage().replaceFirst("^" + ExportCommand.NAME + ":", NAME + ":"));
        }
    }

    /** A kind or a comma-separated list of distinct kinds among Q, K, V, x1, x4. */
    static List<Kind> kinds(String v) {
        List<Kind> kinds = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            Kind k = Kind.VECTORS.stream().filter(c -> c.id().equalsIgnoreCase(part.strip())).findFirst().orElseThrow(
                    () -> new BadInputException(NAME + ": option --kind expects Q, K, V, x1 or x4, or a list like K,V, got '" + v + "'"));
            if (!kinds.contains(k)) kinds.add(k);
        }
        return kinds;
    }

    /** A count from the run's {@code config.model} (the tutorial's field names); 1 when the file does not say. */
}
