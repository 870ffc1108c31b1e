package org.qkvlens.app.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.qkvlens.session.RunRecord;

/**
 * Choosing probes among many (a run of 1,000 sentences): the valid probes whose text contains a filter, and a seeded
 * sample of a list. Pure functions over probe lists; what is chosen goes to {@link Selection#setExtraProbes}.
 */
public final class ProbeChoice {
    private ProbeChoice() {
    }

    /** Indices of the probes without a problem whose text contains {@code filter} (ignoring case; blank: all), in order. */
    public static List<Integer> filter(List<RunRecord.ProbeInfo> probes, String filter) {
        String f = filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
        List<Integer> out = new ArrayList<>();
        for (RunRecord.ProbeInfo p : probes) {
            if (p.problem() == null && (f.isEmpty() || p.text().toLowerCase(Locale.ROOT).contains(f))) out.add(p.index());
        }
        return out;
    }

    /** {@code n} of {@code from} picked at random with {@code seed} (all when n ≥ size), in their original order. */
    public static List<Integer> sample(List<Integer> from, int n, long seed) {
        if (n >= from.size()) return List.copyOf(from);
        List<Integer> pool = new ArrayList<>(from);
        Random random = new Random(seed);
        for (int i = 0; i < Math.max(0, n); i++) {      // partial Fisher–Yates over positions
            int j = i + random.nextInt(pool.size() - i);
            java.util.Collections.swap(pool, i, j);
        }
        java.util.Set<Integer> chosen = new java.util.HashSet<>(pool.subList(0, Math.max(0, n)));
        List<Integer> out = new ArrayList<>();
        for (int p : from) if (chosen.contains(p)) out.add(p);
        return out;
    }
}
