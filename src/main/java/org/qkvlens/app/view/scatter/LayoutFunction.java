package org.qkvlens.app.view.scatter;

import java.util.List;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.Progress;
import org.qkvlens.projection.Projector;

/**
 * How the scatter gets positions for its points: normally {@link #projector(Projector)} (PCA, t-SNE, UMAP warm-started
 * from {@code previous}); tests may pass anything else. Called on a background thread, never on the FX thread, and
 * never twice at once for one {@link ScatterModel}. A cancelled request should stop soon by throwing
 * {@link java.util.concurrent.CancellationException}; progress is {@link Progress}.
 */
@FunctionalInterface
public interface LayoutFunction {

    /**
     * Positions for {@code points} in {@code dims} (2 or 3) dimensions. {@code previous} is the last layout this scatter
     * showed (same method and dims, possibly other keys) or null; keys both share should land near where they were.
     */
    Layout layout(List<Point> points, Method method, int dims, Layout previous, Progress progress) throws Exception;

    /** Layouts by a Projector (one per scatter model: a Projector is used by one thread at a time). */
    static LayoutFunction projector(Projector projector) {
        return projector::project;
    }
}
