package org.qkvlens.app.state;

import org.qkvlens.store.TensorCache;


/**
 * The whole app's state, one object the views receive: the background executor, the per-frame ticker, the run
 * (set-up, control, status), the snapshots on screen, the shared selection, the search and epoch playback.
 */
public final class AppModel {
    private final Background background;
    private final FrameTicker ticker = new FrameTicker();
    private final LiveRun live = new LiveRun(ticker::requestFrame);
    private final RunModel run;
    private final RunsModel runs;
    private final Selection selection = new Selection();
    private final Playback playback;
    private final SearchModel search;

    public AppModel(Background background) {
        this.background = background;
        this.run = new RunModel(background, live, ticker::requestFrame);
        this.runs = new RunsModel(background, run);
        this.playback = new Playback(live.snapshots());
        this.search = new SearchModel(selection, playback, live, background);
        new ViewMemory(selection, run, live, background);     // a run shown again shows what was looked at in it
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

    /** The runs kept in the runs folder (the Runs window). */
    public RunsModel runs() {
        return runs;
    }

    public Selection selection() {
        return selection;
    }

    public Playback playback() {
        return playback;
    }

    /** The search box's model: its matches go to the selection. */
    public SearchModel search() {
        return search;
    }

    /** The vector cache's budget and use, in MB (arrays read back from run directories; see {@link TensorCache}). */
    public long vectorCacheBudgetMb() {
        return TensorCache.shared().budgetBytes() >> 20;
    }

    public long vectorCacheUsedMb() {
        return TensorCache.shared().bytes() >> 20;
    }

    /** Sets the vector cache's budget for this session and as the default of the next ones. */
    public void setVectorCacheBudgetMb(long mb) {
        if (mb < 0) throw new IllegalArgumentException("a budget cannot be negative");
        TensorCache.shared().setBudget(mb << 20);
        java.util.prefs.Preferences.userNodeForPackage(AppModel.class).putLong(CACHE_PREF, mb);
    }

    /** At start: the budget saved last time, unless {@code -Dqkvlens.cache-mb} says otherwise. */
    public static void restoreVectorCacheBudget() {
        if (System.getProperty("qkvlens.cache-mb") != null) return;
        long mb = java.util.prefs.Preferences.userNodeForPackage(AppModel.class).getLong(CACHE_PREF, -1);
        if (mb >= 0) TensorCache.shared().setBudget(mb << 20);
    }

    private static final String CACHE_PREF = "vector-cache-mb";

    /** Stops training and background work (on window close). */
    public void shutdown() {
        run.stopForShutdown();
        ticker.stop();
        background.shutdown();
        run.deleteTemporaryRun();
    }
}
