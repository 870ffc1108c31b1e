package org.qkvlens.app.view.joint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.qkvlens.app.figure.HeadTile;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.Selection;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Projector;

/**
 * The view-model of the head overview: one {@link HeadTile} per attention site × layer × head of the model at the
 * playback's snapshot, of the joint Q–K space or of one kind, for the probes the scatter shows. Tiles are computed on
 * the app's Background one per task, so they fill in one by one; a change (another snapshot, kind or set of probes)
 * starts a new pass where the interrupted one stopped, so under playback every tile keeps being renewed, and the old
 * tiles stay on screen until their new ones arrive. Each tile's PCA starts from its previous layout (signs stay put).
 * {@link #focus} sets the selection's site, layer and head and tells whoever listens (the main window switches to the
 * joint view). FX thread. Leaves out drawing.
 */
public final class HeadsModel {
    /** What a tile shows: the joint Q–K space, or one kind. */
    public enum Show {
        JOINT("joint Q–K", null), Q("Q", Kind.Q), K("K", Kind.K), V("V", Kind.V);

        private final String label;
        private final Kind kind;

        Show(String label, Kind kind) {
            this.label = label;
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final AppModel app;
    private final Selection selection;
    private final Projector projector = new Projector();
    private final ObjectProperty<Show> show = new SimpleObjectProperty<>(this, "show", Show.JOINT);
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private final ReadOnlyObjectWrapper<List<HeadTile.Slot>> slots = new ReadOnlyObjectWrapper<>(this, "slots", List.of());
    private final ReadOnlyObjectWrapper<List<HeadTile>> tiles = new ReadOnlyObjectWrapper<>(this, "tiles", List.of());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private Runnable onFocus = () -> { };

    private final Watch watch;
    private boolean running;
    private final AtomicLong generation = new AtomicLong();
    private int next;
    private final Map<String, Layout> previous = new HashMap<>();
    /** Another run: its heads' layouts are no warm start. */
    private final javafx.beans.InvalidationListener forgetLayouts = o -> previous.clear();

    public HeadsModel(AppModel app) {
        this.app = app;
        this.selection = app.selection();
        app.live().infoProperty().addListener(forgetLayouts);
        watch = new Watch(app, active, this::poll, List.of(selection.sentenceAProperty(), selection.sentenceBProperty(),
                selection.extraProbes(), app.live().infoProperty(), app.live().snapshots(), app.playback().indexProperty(),
                show));
    }

    public void dispose() {
        generation.incrementAndGet();
        app.live().infoProperty().removeListener(forgetLayouts);
        watch.dispose();
    }

    public ObjectProperty<Show> showProperty() {
        return show;
    }

    public BooleanProperty activeProperty() {
        return active;
    }

    /** Every site × layer × head of the model, in the order of {@link #tilesProperty()}. */
    public ReadOnlyObjectProperty<List<HeadTile.Slot>> slotsProperty() {
        return slots.getReadOnlyProperty();
    }

    /** The tiles, one per slot; null where none has been computed yet. */
    public ReadOnlyObjectProperty<List<HeadTile>> tilesProperty() {
        return tiles.getReadOnlyProperty();
    }

    /** "24 of 72 tiles…" while computing, then "72 heads · epoch 30". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Runs after {@link #focus} changed the selection (the main window shows the joint view). */
    public void setOnFocus(Runnable r) {
        onFocus = r == null ? () -> { } : r;
    }

    /** Shows tile i's site, layer and head everywhere, and asks for the joint view. */
    public void focus(int i) {
        List<HeadTile.Slot> s = slots.get();
        if (i < 0 || i >= s.size()) return;
        HeadTile.Slot slot = s.get(i);
        selection.siteProperty().set(slot.site());
        selection.layerProperty().set(slot.layer());
        selection.headProperty().set(slot.head());
        onFocus.run();
    }

    void poll() {
        if (!active.get() || !watch.takeDirty()) return;
        long g = generation.incrementAndGet();       // a running tile task sees the change and its result is dropped
        List<HeadTile.Slot> now = HeadTile.slots(app.live().info());
        if (!now.equals(slots.get())) {
            slots.set(now);
            tiles.set(Collections.nCopies(now.size(), null));
            next = 0;
        }
        Snapshot s = app.playback().current();
        if (s == null) {
            status.set("no snapshot yet");
            return;
        }
        int a = selection.sentenceAProperty().get(), b = selection.sentenceBProperty().get();
        Pass pass = new Pass(g, s, app.playback().index(), selection.shownProbes(), a, b, show.get(), now);
        if (!running) computeNext(pass, 0);
        else pending = pass;
    }

    /** One round over all tiles for one snapshot and choice. */
    private record Pass(long generation, Snapshot snapshot, int index, List<Integer> probes, int a, int b, Show show,
                        List<HeadTile.Slot> slots) {
    }

    private Pass pending;

    private void computeNext(Pass pass, int done) {
        int n = pass.slots().size();
        if (done >= n) {
            status.set(n + " heads · epoch " + pass.snapshot().epoch() + " · " + pass.show());
            return;
        }
        int i = (next + done) % n;
        HeadTile.Slot slot = pass.slots().get(i);
        String key = slot + "/" + pass.show();
        Layout prev = previous.get(key);
        status.set("computing " + done + " of " + n + " tiles…");
        running = true;
        app.background().run(
                () -> HeadTile.build(slot, pass.show().kind(), pass.snapshot(), pass.index(), pass.probes(), pass.a(), pass.b(),
                        projector, prev),
                r -> {
                    running = false;
                    if (pass.generation() == generation.get()) {
                        List<HeadTile> t = new ArrayList<>(tiles.get());
                        t.set(i, r.tile());
                        tiles.set(Collections.unmodifiableList(t));
                        if (r.layout() != null) previous.put(key, r.layout());
                        computeNext(pass, done + 1);
                    } else {
                        next = i;                       // the next pass starts where this one stopped
                        resume();
                    }
                },
                e -> {
                    running = false;
                    status.set("head overview failed at " + slot.caption() + ": " + e.getMessage());
                    resume();
                });
    }

    private void resume() {
        Pass p = pending;
        pending = null;
        if (p != null && p.generation() == generation.get()) computeNext(p, 0);
    }
}
