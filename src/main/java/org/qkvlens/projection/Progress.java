package org.qkvlens.projection;

import java.util.concurrent.CancellationException;

/**
 * Progress of one projection, handed in by whoever asked for it (a scatter view, a test) and passed down to every
 * piece of the layout ({@link Pca}, {@link Tsne}, {@link Umap}), so none of them reaches back into {@link Projector}.
 * {@link #cancelled()} may be polled from several threads at once. Leaves out any notion of time or of stages: a
 * fraction and a flag are all the app shows and asks.
 */
public interface Progress {
    /** Fraction done, 0..1, non-decreasing; called on the projecting thread. */
    void report(double fraction);

    /** Once true, the projection stops with a {@link CancellationException}. */
    boolean cancelled();

    /** Throws {@link CancellationException} when the projection was cancelled; every loop calls this often. */
    default void stopIfCancelled() {
        if (cancelled()) throw new CancellationException("projection cancelled");
    }

    Progress NONE = new Progress() {
        @Override
        public void report(double fraction) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };
}
