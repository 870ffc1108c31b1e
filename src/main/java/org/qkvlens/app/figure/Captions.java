package org.qkvlens.app.figure;

import java.util.List;
import org.qkvlens.app.state.RunInfo;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.session.RunRecord;

/** The words the figures put in titles and empty states, in one place so all figures say things alike. */
final class Captions {
    private Captions() {
    }

    /** {@code epoch 30}, {@code epoch 3, step 120} (mid-epoch), {@code before training (epoch 0)}. */
    static String epoch(Snapshot s) {
        if (!s.endOfEpoch()) return "epoch " + s.epoch() + ", step " + s.step();
        return s.epoch() == 0 ? "before training (epoch 0)" : "epoch " + s.epoch();
    }

    static String side(Site site) {
        return site.isEncoder() ? "encoder" : "decoder";
    }

    /** Why {@code layer} or {@code head} does not exist at this site, or null when both do. */
    static String outOfRange(RunInfo info, Site site, int layer, int head) {
        boolean encoder = site.isEncoder();
        int layers = info.layers(encoder), heads = info.heads(encoder);
        if (layer < 0 || layer >= layers) {
            return "layer " + layer + " does not exist: the " + side(site) + " has " + count(layers, "layer") + " (0–" + (layers - 1) + ")";
        }
        if (head < -1 || head >= heads) {
            return "head " + head + " does not exist: the " + side(site) + " has " + count(heads, "head") + " (0–" + (heads - 1) + ")";
        }
        return null;
    }

    /** Why probe {@code index} has no capture in a snapshot. */
    static String whyMissing(RunInfo info, int index) {
        List<RunRecord.ProbeInfo> probes = info.probes();
        for (RunRecord.ProbeInfo p : probes) {
            if (p.index() == index) {
                return p.problem() != null ? p.problem() : "“" + p.text() + "” was not captured in this snapshot";
            }
        }
        return "there is no probe #" + index + (probes.isEmpty() ? "" : " (probes 0–" + (probes.size() - 1) + ")");
    }

    /** {@code A: “we can eat apple”}. */
    static String sentence(String name, String text) {
        return name + ": “" + text + "”";
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Which heads a figure shows: {@code 1 head}, {@code all 8 heads concatenated}, {@code head 3 of 8}. */
    static String concatenatedHeads(int head, int heads) {
        return head < 0 ? (heads == 1 ? "1 head" : "all " + heads + " heads concatenated") : "head " + head + " of " + heads;
    }
}
