package org.qkvlens.app.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.InvalidationListener;
import javafx.collections.SetChangeListener;
import org.qkvlens.io.AtomicFiles;
import org.qkvlens.io.Json;
import org.qkvlens.io.JsonObject;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;

/**
 * What the user looked at in a run, kept in its run directory as {@code view.json} — sentences A and B, the further
 * sentences plotted, site, layer, head, the kinds plotted and the heatmap's kind — and put back when the run is on
 * screen again (continued, or opened), so a run goes on where the user left it. Written on {@link Background} at each
 * change (a small file, replaced atomically); a missing or damaged file is no view to restore, never a message.
 * Leaves out the layout method, zoom and the playback position.
 */
public final class ViewMemory {
    static final String FILE = "view.json";

    /** The remembered view; probe indices as in the run. */
    record View(int a, int b, List<Integer> extras, Site site, int layer, int head, Set<Kind> kinds, Kind heatmapKind) {
    }

    private final Selection selection;
    private final RunModel run;
    private final LiveRun live;
    private final Background background;
    private Path restoring;                      // the run whose view is being read: its defaults are not saved meanwhile

    public ViewMemory(Selection selection, RunModel run, LiveRun live, Background background) {
        this.selection = selection;
        this.run = run;
        this.live = live;
        this.background = background;
        InvalidationListener save = o -> save();
        selection.sentenceAProperty().addListener(save);
        selection.sentenceBProperty().addListener(save);
        selection.siteProperty().addListener(save);
        selection.layerProperty().addListener(save);
        selection.headProperty().addListener(save);
        selection.heatmapKindProperty().addListener(save);
        selection.extraProbes().addListener((SetChangeListener<Integer>) c -> save());
        selection.kinds().addListener((SetChangeListener<Kind>) c -> save());
        live.infoProperty().addListener(o -> restore());
    }

    /** FX thread: writes the current view into the run directory on screen, if any. */
    private void save() {
        Path dir = run.shownRunDirectory();
        if (dir == null || dir.equals(restoring)) return;
        View v = new View(selection.sentenceAProperty().get(), selection.sentenceBProperty().get(),
                selection.extraProbes().stream().sorted().toList(), selection.site(), selection.layer(), selection.head(),
                Set.copyOf(selection.kinds()), selection.heatmapKindProperty().get());
        background.run(() -> {
            write(dir, v);
            return null;
        }, x -> { }, t -> { });                   // a view that could not be kept costs nothing but the convenience
    }

    /** FX thread, when another run came on screen: reads its view and puts it back. */
    private void restore() {
        Path dir = run.shownRunDirectory();
        if (dir == null) return;                   // a run without a view.json reads as null, off this thread
        restoring = dir;
        RunInfo info = live.info();
        background.run(() -> read(dir), v -> {
            if (dir.equals(run.shownRunDirectory()) && v != null) apply(v, info);
            restoring = null;
        }, t -> restoring = null);
    }

    /** Puts {@code v} back as far as it fits {@code info} (a file edited by hand may name what the run has not). */
    private void apply(View v, RunInfo info) {
        int probes = info.probes().size();
        if (v.a() < probes && v.b() < probes) {
            selection.sentenceAProperty().set(v.a());
            selection.sentenceBProperty().set(v.b());
        }
        selection.setExtraProbes(v.extras().stream().filter(p -> p < probes).toList());
        selection.siteProperty().set(v.site());
        if (v.layer() < Math.max(info.encLayers(), info.decLayers()) && v.head() < Math.max(info.encHeads(), info.decHeads())) {
            selection.layerProperty().set(v.layer());
            selection.headProperty().set(v.head());
        }
        if (!v.kinds().isEmpty()) {
            selection.kinds().retainAll(v.kinds());
            selection.kinds().addAll(v.kinds());
        }
        selection.heatmapKindProperty().set(v.heatmapKind());
    }

    static void write(Path dir, View v) throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sentence_a", v.a());
        m.put("sentence_b", v.b());
        m.put("extra_probes", v.extras());
        m.put("site", v.site().id());
        m.put("layer", v.layer());
        m.put("head", v.head());
        m.put("kinds", v.kinds().stream().sorted().map(Kind::id).toList());
        m.put("heatmap_kind", v.heatmapKind().id());
        String json = Json.writePretty(m);
        AtomicFiles.write(dir.resolve(FILE), temp -> Files.writeString(temp, json));
    }

    /** The view kept in {@code dir}, or null when there is none or it cannot be read (any damage). */
    static View read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            JsonObject m = JsonObject.of(Json.parseFile(file), file.toString());
            List<Integer> extras = new ArrayList<>();
            for (int p : m.getIntArray("extra_probes")) if (p >= 0) extras.add(p);
            Set<Kind> kinds = new LinkedHashSet<>();
            for (String k : m.getStringList("kinds")) {
                Kind kind = Kind.fromId(k);
                if (Kind.VECTORS.contains(kind)) kinds.add(kind);
            }
            int a = m.getInt("sentence_a"), b = m.getInt("sentence_b"), layer = m.getInt("layer"), head = m.getInt("head");
            Kind heatmap = Kind.fromId(m.getString("heatmap_kind"));
            if (a < 0 || b < 0 || layer < 0 || head < -1 || !Kind.VECTORS.contains(heatmap)) return null;
            return new View(a, b, extras, Site.fromId(m.getString("site")), layer, head, kinds, heatmap);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
