package org.qkvlens.app.state;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;
import org.qkvlens.projection.PointKey;

/**
 * What every view shows, shared by all of them: attention site, layer, head (−1 = all heads concatenated), the
 * vector kinds, sentence A and B (probe indices), which further probes the scatter adds, which epochs it shows,
 * the highlighted token, the tokens a search found, the points the user selected, the picked point and its nearest
 * neighbours. FX thread only. Views bind to these; nothing here knows about Nodes.
 */
public final class Selection {
    /** Most further probes the scatter plots besides A and B (the choosers say so when they cut a choice). */
    public static final int EXTRA_CAP = 500;

    private final ObjectProperty<Site> site = new SimpleObjectProperty<>(this, "site", Site.DEC_CROSS);
    private final IntegerProperty layer = new SimpleIntegerProperty(this, "layer", 0);
    private final IntegerProperty head = new SimpleIntegerProperty(this, "head", -1);
    private final ObservableSet<Kind> kinds = FXCollections.observableSet(Kind.K, Kind.V);
    private final ObjectProperty<Kind> heatmapKind = new SimpleObjectProperty<>(this, "heatmapKind", Kind.K);
    private final IntegerProperty sentenceA = new SimpleIntegerProperty(this, "sentenceA", 0);
    private final IntegerProperty sentenceB = new SimpleIntegerProperty(this, "sentenceB", 1);
    private final ObservableSet<Integer> extraProbes = FXCollections.observableSet();
    private final ObjectProperty<EpochsShown> epochsShown = new SimpleObjectProperty<>(this, "epochsShown", EpochsShown.ARTICLE);
    private final ObjectProperty<TokenRef> highlighted = new SimpleObjectProperty<>(this, "highlighted");
    private final BooleanProperty meanOfHeads = new SimpleBooleanProperty(this, "meanOfHeads", true);
    private final ObjectProperty<org.qkvlens.projection.PointKey> picked = new SimpleObjectProperty<>(this, "picked");
    private final ObjectProperty<PickedNeighbours> neighbours = new SimpleObjectProperty<>(this, "neighbours", PickedNeighbours.NONE);
    private final ObjectProperty<PointClusters> clusters = new SimpleObjectProperty<>(this, "clusters", PointClusters.NONE);
    private final ObjectProperty<Set<TokenRef>> searchMatches = new SimpleObjectProperty<>(this, "searchMatches", Set.of());
    private final ObjectProperty<Set<PointKey>> selectedPoints = new SimpleObjectProperty<>(this, "selectedPoints", Set.of());

    public ObjectProperty<Site> siteProperty() {
        return site;
    }

    public Site site() {
        return site.get();
    }

    public IntegerProperty layerProperty() {
        return layer;
    }

    public int layer() {
        return layer.get();
    }

    /** −1: all heads concatenated (vectors) / mean of heads (attention); otherwise one head. */
    public IntegerProperty headProperty() {
        return head;
    }

    public int head() {
        return head.get();
    }

    /** The vector kinds the scatter plots (any of Q, K, V, x1, x4). */
    public ObservableSet<Kind> kinds() {
        return kinds;
    }

    /** The kind the cosine heatmap compares. */
    public ObjectProperty<Kind> heatmapKindProperty() {
        return heatmapKind;
    }

    public IntegerProperty sentenceAProperty() {
        return sentenceA;
    }

    public IntegerProperty sentenceBProperty() {
        return sentenceB;
    }

    /** The probes the views show: A, B (once when they are the same), then the further probes in index order. */
    public java.util.List<Integer> shownProbes() {
        java.util.List<Integer> probes = new java.util.ArrayList<>();
        int a = sentenceA.get(), b = sentenceB.get();
        probes.add(a);
        if (b != a) probes.add(b);
        probes.addAll(extraProbes.stream().sorted().filter(p -> p != a && p != b).toList());
        return probes;
    }

    /** Probes the scatter shows besides A and B. */
    public ObservableSet<Integer> extraProbes() {
        return extraProbes;
    }

    /**
     * Replaces the further probes with {@code probes} less A and B, cut to the first {@link #EXTRA_CAP}; returns how
     * many were cut. Changes the set only where it differs, so listeners see few changes.
     */
    public int setExtraProbes(Collection<Integer> probes) {
        java.util.LinkedHashSet<Integer> want = new java.util.LinkedHashSet<>();
        int cut = 0;
        for (int p : probes) {
            if (p == sentenceA.get() || p == sentenceB.get() || want.contains(p)) continue;
            if (want.size() < EXTRA_CAP) want.add(p);
            else cut++;
        }
        extraProbes.retainAll(want);
        extraProbes.addAll(want);
        return cut;
    }

    public ObjectProperty<EpochsShown> epochsShownProperty() {
        return epochsShown;
    }

    public ObjectProperty<TokenRef> highlightedProperty() {
        return highlighted;
    }

    /** The point clicked last in a scatter (null when none): the one whose nearest neighbours are listed and drawn. */
    public ObjectProperty<org.qkvlens.projection.PointKey> pickedProperty() {
        return picked;
    }

    /** The picked point's nearest neighbours in the original space (NONE while there are none). */
    public ObjectProperty<PickedNeighbours> neighboursProperty() {
        return neighbours;
    }

    /** The clusters of the shown points in their original space (NONE until the cluster instruments computed them). */
    public ObjectProperty<PointClusters> clustersProperty() {
        return clusters;
    }

    /** Attention view: mean of heads when true and no single head is selected. */
    public BooleanProperty meanOfHeadsProperty() {
        return meanOfHeads;
    }

    /** The tokens the search box found (immutable; empty: no search). Every view dims the other tokens. */
    public ObjectProperty<Set<TokenRef>> searchMatchesProperty() {
        return searchMatches;
    }

    /** The points selected in a scatter (box, lasso, 3D pick; immutable; empty: none). Every view dims the others. */
    public ObjectProperty<Set<PointKey>> selectedPointsProperty() {
        return selectedPoints;
    }

    /** Selects {@code keys}, added to the selection when {@code add}, else instead of it. */
    public void selectPoints(Collection<PointKey> keys, boolean add) {
        Set<PointKey> next = new HashSet<>(keys);
        if (add) next.addAll(selectedPoints.get());
        selectedPoints.set(Set.copyOf(next));
    }

    /** Adds the point to the selection, or takes it out when it is in already (a 3D pick). */
    public void togglePoint(PointKey key) {
        Set<PointKey> next = new HashSet<>(selectedPoints.get());
        if (!next.remove(key)) next.add(key);
        selectedPoints.set(Set.copyOf(next));
    }

    public void clearSelectedPoints() {
        if (!selectedPoints.get().isEmpty()) selectedPoints.set(Set.of());
    }

    /**
     * The tokens the views emphasise, the rest dimmed: the search's matches and the tokens of the selected points
     * (empty: nothing is dimmed).
     */
    public Set<TokenRef> markedTokens() {
        if (selectedPoints.get().isEmpty()) return searchMatches.get();
        Set<TokenRef> out = new HashSet<>(searchMatches.get());
        for (PointKey k : selectedPoints.get()) out.add(TokenRef.of(k));
        return out;
    }
}
