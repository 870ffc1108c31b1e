package org.qkvlens.app.state;


/**
 * The whole app's state, one object the views receive: the background executor, the per-frame ticker, the run
 * (set-up, control, status), the snapshots on screen, the shared selection and epoch playback.
 */
public final class AppModel {
    private final Background background;
    private final FrameTicker ticker = new FrameTicker();
    private final LiveRun live = new LiveRun(ticker::requestFrame);
    private final RunModel run;
    private final Selection selection = new Selection();
    private final Playback playback;

    public AppModel(Background background) {
        this.background = background;
        this.run = new RunModel(background, live, ticker::requestFrame);
        this.playback = new Playback(live.snapshots());
        ticker.add(live::poll);
        ticker.add(run::poll);
    }

    public Background background() {
        return background;
    }

    public FrameTicker ticker() {
        return ticker;
    }

    public LiveRun live() {
        return live;
    }

    public RunModel run() {
        return run;
    }

    public Selection selection() {
        return selection;
    }

    public Playback playback() {
        return playback;
    }

    /** Stops training and background work (on window close). */
    public void shutdown() {
        run.stop();
        ticker.stop();
        background.shutdown();
        run.deleteTemporaryRun();
    }
}
