package org.qkvlens.app.view.joint;

import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import org.qkvlens.app.state.AppModel;

/**
 * What the joint views' view-models recompute on, and when: a change of any watched input marks them dirty and asks
 * the app's ticker for a frame, at which the model's poll runs (also when its tab is shown again); the probes the
 * scatter shows, A and B first. Leaves out what is computed.
 */
final class Watch {
    private final AppModel app;
    private final List<Observable> inputs;
    private final Runnable poller;
    private final InvalidationListener changed = o -> changed();
    private boolean dirty = true;

    /** Watches {@code inputs} for {@code poll}, which runs once per frame while the app's ticker runs. */
    Watch(AppModel app, BooleanProperty active, Runnable poll, List<Observable> inputs) {
        this.app = app;
        this.inputs = List.copyOf(inputs);
        this.poller = poll;
        for (Observable o : this.inputs) o.addListener(changed);
        active.addListener((o, a, b) -> {
            if (b) app.ticker().requestFrame();
        });
        app.ticker().add(poller);
    }

    private void changed() {
        dirty = true;
        app.ticker().requestFrame();
    }

    boolean dirty() {
        return dirty;
    }

    /** Whether an input changed since the last call. */
    boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    void dispose() {
        app.ticker().remove(poller);
        for (Observable o : inputs) o.removeListener(changed);
    }
}
