package org.qkvlens.probe;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which arrays a probe pass keeps: a set of sites, of layers (0-based) and of kinds; an empty set means "all".
 * Attention weights are a kind like Q or K; {@link Site#ENC_OUT}/{@link Site#DEC_OUT} hold only {@link Kind#OUT}.
 * Leaves out per-head choice (an array holds every head).
 */
public record CaptureFilter(Set<Site> sites, Set<Integer> layers, Set<Kind> kinds) {
    public static final CaptureFilter ALL = new CaptureFilter(Set.of(), Set.of(), Set.of());

    public CaptureFilter {
        sites = sites.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sites));
        layers = Set.copyOf(new TreeSet<>(layers));
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    public boolean keeps(ArrayKey key) {
        return (sites.isEmpty() || sites.contains(key.site()))
                && (layers.isEmpty() || layers.contains(key.layer()))
                && (kinds.isEmpty() || kinds.contains(key.kind()));
    }

    public boolean keepsAll() {
        return sites.isEmpty() && layers.isEmpty() && kinds.isEmpty();
    }

    /** As the command line writes it, e.g. {@code sites enc_self,dec_cross; layers 0,2; kinds K,Q}; "all" when it keeps all. */
    public String describe() {
        if (keepsAll()) return "all";
        return "sites " + (sites.isEmpty() ? "all" : String.join(",", sites.stream().sorted().map(Site::id).toList()))
                + "; layers " + (layers.isEmpty() ? "all" : String.join(",", new TreeSet<>(layers).stream().map(String::valueOf).toList()))
                + "; kinds " + (kinds.isEmpty() ? "all" : String.join(",", kinds.stream().sorted().map(Kind::id).toList()));
    }

    /** Layers named that the model does not have (for a message before training starts). */
    public List<Integer> missingLayers(int encLayers, int decLayers) {
        int most = Math.max(encLayers, decLayers);
        return new TreeSet<>(layers).stream().filter(l -> l < 0 || l >= most).toList();
    }
}
