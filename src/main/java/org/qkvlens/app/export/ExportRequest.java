package org.qkvlens.app.export;

import java.nio.file.Path;
import java.util.List;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.session.RunRecord;

/**
 * One picture (and/or table) to render without a window, already checked by the caller: the run, which view, the
 * selection (site, layer, head −1 = all heads / mean, the kinds: one for the heatmap, any for the scatter, probes A
 * and B), the snapshot (index into {@code run.snapshots()}), the scale (PNG) and the output files ({@code out}, a
 * picture whose extension names its format, see {@link ExportFormat}, or {@code csv} may be null). No JavaFX types,
 * so the command line can build it.
 */
public record ExportRequest(RunRecord run, String runTitle, View view, Site site, int layer, int head, List<Kind> kinds,
                            int probeA, int probeB, int snapshot, int scale, Path out, Path csv) {

    public enum View {
        HEATMAP("heatmap"), ATTENTION("attention"), SCATTER("scatter"),
        /** Rendered by {@link JointExport}, not from this request. */
        JOINT("joint"), HEADS("heads"),
        /** The Clusters tab's chart over every end-of-epoch snapshot, the marker at {@code snapshot}'s epoch. */
        ANALYSIS("analysis");

        private final String id;

        View(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public ExportRequest {
        kinds = List.copyOf(kinds);
        if (out == null && csv == null) throw new IllegalArgumentException("nothing to write");
    }
}
