package org.qkvlens.app.state;

import java.util.List;
import java.util.Set;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The view-model of the search box: a query and a {@link TokenSearch.Mode}, searched in the snapshot at the playback
 * position (decoder labels change with the model's own translation) on {@link Background}, the matches published to
 * {@link Selection#searchMatchesProperty()} so every view emphasises them, and a count ("12 tokens in 5 sentences",
 * or what is wrong with a regular expression). {@link #step} walks the matches: each step makes the match the shared
 * highlighted token; a match in a probe no view shows (not A, B or a further probe) first becomes sentence A, so the
 * views can show it. {@link #clear} ends the search. FX thread; the search itself runs on the background executor,
 * one at a time, a stale result dropped.
 */
public final class SearchModel {
    private final Selection selection;
    private final Playback playback;
    private final Background background;
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObjectProperty<TokenSearch.Mode> mode = new SimpleObjectProperty<>(this, "mode", TokenSearch.Mode.EXACT);
    private final ReadOnlyObjectWrapper<TokenSearch.Result> result = new ReadOnlyObjectWrapper<>(this, "result", TokenSearch.Result.NONE);
    private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(this, "current", -1);
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count", "");
    private long generation;
    private boolean running;
    private long lastNanos;

    public SearchModel(Selection selection, Playback playback, LiveRun live, Background background) {
        this.selection = selection;
        this.playback = playback;
        this.background = background;
        InvalidationListener changed = o -> search();
        query.addListener(changed);
        mode.addListener(changed);
        playback.indexProperty().addListener(o -> {
            if (!query.get().isBlank()) search();
        });
        live.snapshots().addListener((InvalidationListener) o -> {
            if (!query.get().isBlank()) search();
        });
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObjectProperty<TokenSearch.Mode> modeProperty() {
        return mode;
    }

    /** The last search's matches. */
    public ReadOnlyObjectProperty<TokenSearch.Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Index of the match the last {@link #step} went to, −1 before any. */
    public ReadOnlyIntegerProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** What the count label says: "3/12 tokens in 5 sentences" (after a step), "no matches", an error, or "". */
    public ReadOnlyStringProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    /** How long the last search took on the background thread, in nanoseconds. */
    public long lastSearchNanos() {
        return lastNanos;
    }

    private void search() {
        generation++;
        if (running) return;                 // the running search's result is stale; its completion starts this one
        long g = generation;
        String q = query.get();
        TokenSearch.Mode m = mode.get();
        if (q.isBlank()) {
            show(TokenSearch.Result.NONE);
            return;
        }
        running = true;
        var snapshot = playback.current();
        background.run(() -> {
            long t0 = System.nanoTime();
            TokenSearch.Result r = TokenSearch.find(snapshot, q, m);
            lastNanos = System.nanoTime() - t0;
            return r;
        }, r -> done(g, r), e -> done(g, new TokenSearch.Result(q, m, List.of(), 0, "search failed: " + e.getMessage())));
    }

    private void done(long g, TokenSearch.Result r) {
        running = false;
        if (g != generation) {
            search();
            return;
        }
        show(r);
    }

    private void show(TokenSearch.Result r) {
        result.set(r);
        current.set(-1);
        Set<TokenRef> matches = Set.copyOf(r.matches());
        if (!matches.equals(selection.searchMatchesProperty().get())) selection.searchMatchesProperty().set(matches);   // views restyle only on a change
        count.set(r.summary());
    }

    /** Goes to the next match ({@code direction} 1) or the previous one (−1), wrapping, and highlights it. */
    public void step(int direction) {
        List<TokenRef> matches = result.get().matches();
        if (matches.isEmpty()) return;
        int n = matches.size();
        int i = current.get() < 0 ? (direction >= 0 ? 0 : n - 1) : Math.floorMod(current.get() + direction, n);
        current.set(i);
        TokenRef t = matches.get(i);
        int probe = t.probe();
        if (probe != selection.sentenceAProperty().get() && probe != selection.sentenceBProperty().get()
                && !selection.extraProbes().contains(probe)) {
            selection.sentenceAProperty().set(probe);
        }
        selection.highlightedProperty().set(t);
        count.set((i + 1) + "/" + result.get().summary());
    }

    /** Ends the search: no query, no matches, and no highlight when it was one of them. */
    public void clear() {
        TokenRef h = selection.highlightedProperty().get();
        boolean wasMatch = h != null && result.get().matches().contains(h);
        query.set("");
        if (wasMatch) selection.highlightedProperty().set(null);
    }
}
