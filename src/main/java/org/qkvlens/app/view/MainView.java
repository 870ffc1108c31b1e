package org.qkvlens.app.view;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Alert;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.AppModel;
import org.qkvlens.app.state.CorpusChoice;
import org.qkvlens.app.view.neighbours.NeighboursModel;
import org.qkvlens.app.view.neighbours.NeighboursView;
import org.qkvlens.app.view.joint.JointTabs;
import org.qkvlens.app.view.scatter.LayoutFunction;
import org.qkvlens.app.view.scatter.MembersModel;
import org.qkvlens.app.view.scatter.MembersView;
import org.qkvlens.app.view.scatter.Scatter2DView;
import org.qkvlens.app.view.scatter.Scatter3DView;
import org.qkvlens.app.view.scatter.ScatterModel;
import org.qkvlens.projection.Projector;
import org.qkvlens.session.RunRecord;

/**
 * The main window's layout: menu bar; on the left the run controls with the loss chart, the probes and the selection;
 * in the middle the scatter (2D / 3D) beside the cosine heatmap and, below it, tabs of inspectors (the attention
 * matrices first); epoch playback below.
 * Builds and places the views; every behaviour lives in the view-models and the views themselves.
 */
public final class MainView extends BorderPane {
    private final AppModel model;
    private final Stage stage;
    private final LossChartView loss;
    private final HeatmapView heatmap;
    private final AttentionView attention;
    private final Scatter2DView scatter2d;
    private final Scatter3DView scatter3d;
    private final MembersView members;
    private final NeighboursView neighbours;
    private final ClustersView clusters;
    private final TabPane scatterTabs;
    private final JointTabs jointTabs;
    /** Below the heatmap: attention matrices, and the instruments that list what the scatter shows. */
    private final TabPane inspectorTabs;
    private final Menu export = new Menu("Export");

    public MainView(AppModel model, Stage stage) {
        this.model = model;
        this.stage = stage;
        this.loss = new LossChartView(model.live());
        this.heatmap = new HeatmapView(model);
        this.attention = new AttentionView(model);
        ScatterModel m2 = new ScatterModel(model, LayoutFunction.projector(new Projector()), 2);
        ScatterModel m3 = new ScatterModel(model, LayoutFunction.projector(new Projector()), 3);
        m3.methodProperty().bindBidirectional(m2.methodProperty());
        m3.colorByProperty().bindBidirectional(m2.colorByProperty());
        m3.showLabelsProperty().bindBidirectional(m2.showLabelsProperty());
        m3.showTrajectoriesProperty().bindBidirectional(m2.showTrajectoriesProperty());
        this.scatter2d = new Scatter2DView(m2);
        this.scatter3d = new Scatter3DView(m3);
        this.members = new MembersView(new MembersModel(model.selection(), List.of(m2, m3), model.background()), model.background());

        loss.setPrefHeight(180);
        loss.setMinHeight(150);
        VBox side = new VBox(
                titled("Run", new VBox(new RunControls(model.run(), this::openCorpus), loss)),
                titled("Probe sentences", new ProbePanel(model.run(), model.live(), model.selection())));
        ScrollPane sideScroll = new ScrollPane(side);
        sideScroll.setFitToWidth(true);
        sideScroll.setPrefWidth(380);
        sideScroll.setMinWidth(280);

        Tab tab2d = new Tab("Scatter 2D", scatter2d);
        Tab tab3d = new Tab("Scatter 3D", scatter3d);
        m2.activeProperty().bind(tab2d.selectedProperty());
        m3.activeProperty().bind(tab3d.selectedProperty());
        scatterTabs = new TabPane(tab2d, tab3d);
        scatterTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        scatterTabs.setId("scatter-tabs");
        jointTabs = JointTabs.addTo(scatterTabs, model);
        Tab attentionTab = new Tab("Attention", attention);
        this.neighbours = neighboursOf(model, m2, m3, tab3d);
        inspectorTabs = new TabPane(attentionTab);
        inspectorTabs.getTabs().add(new Tab("Members", members));
        inspectorTabs.getTabs().add(new Tab("Neighbours", neighbours));
        inspectorTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        inspectorTabs.setId("inspector-tabs");
        inspectorTabs.getTabs().add(activeTab("Clusters", clusters = new ClustersView(new ClustersModel(model)), clusters.model().activeProperty()));
        SplitPane right = new SplitPane(heatmap, inspectorTabs);
        right.setOrientation(Orientation.VERTICAL);
        SplitPane center = new SplitPane(scatterTabs, right);
        center.setDividerPositions(0.58);             // the scatter's toolbar fits at 1366 px; the heatmap keeps 400

        PlaybackBar bottom = new PlaybackBar(model.playback(), model.live());

        setTop(menuBar());
        setLeft(sideScroll);
        setCenter(new BorderPane(center, new SelectionPanel(model.selection(), model.live(), model.search()), null, null, null));
        setBottom(bottom);
        getStyleClass().add("main-view");
    }

    /** The Neighbours tab, looking up neighbours in the picture on screen (the 3D scatter's while its tab is selected). */
    private static NeighboursView neighboursOf(AppModel model, ScatterModel m2, ScatterModel m3, Tab tab3d) {
        NeighboursModel nm = new NeighboursModel(model);
        nm.frameProperty().bind(javafx.beans.binding.Bindings.when(tab3d.selectedProperty())
                .then(m3.frameProperty()).otherwise(m2.frameProperty()));
        return new NeighboursView(nm);
    }

    /** A tab whose view-model computes only while it is shown ({@code active} follows the tab's selection). */
    private static Tab activeTab(String title, javafx.scene.Node view, javafx.beans.property.BooleanProperty active) {
        Tab t = new Tab(title, view);
        active.bind(t.selectedProperty());
        return t;
    }

    private static TitledPane titled(String title, javafx.scene.Node content) {
        TitledPane p = new TitledPane(title, content);
        p.setExpanded(true);
        return p;
    }

    private MenuBar menuBar() {
        MenuItem openPairs = new MenuItem("Open corpus (pairs file)…");
        openPairs.setOnAction(e -> openCorpus());
        openPairs.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        MenuItem openAligned = new MenuItem("Open corpus (two aligned files)…");
        openAligned.setOnAction(e -> openAligned());
        MenuItem openSnapshots = new MenuItem("Open snapshots…");
        openSnapshots.setOnAction(e -> openSnapshots());
        MenuItem openRun = new MenuItem("Open run directory…");
        openRun.setOnAction(e -> openRunDirectory());
        MenuItem runs = new MenuItem("Runs…");
        runs.setId("menu-runs");
        runs.setAccelerator(KeyCombination.keyCombination("Shortcut+R"));
        runs.setOnAction(e -> runsWindow().show());
        MenuItem goOn = new MenuItem("Continue training this run…");
        goOn.setId("menu-continue");
        goOn.setOnAction(e -> continueShownRun());
        MenuItem openModel = new MenuItem("Open model (PyTorch checkpoints)…");
        openModel.setOnAction(e -> openModel());
        MenuItem save = new MenuItem("Save run…");
        save.setAccelerator(KeyCombination.keyCombination("Shortcut+S"));
        save.setOnAction(e -> saveRun());
        MenuItem memory = new MenuItem("Memory for vectors…");
        memory.setOnAction(e -> memory());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> stage.close());
        export.setId("menu-export");
        Menu file = new Menu("File", null, openPairs, openAligned, openSnapshots, openRun, openModel, new SeparatorMenuItem(), runs,
                goOn, new SeparatorMenuItem(), save, export,
                new SeparatorMenuItem(), memory, new SeparatorMenuItem(), quit);
        file.setId("menu-file");
        MenuItem howTo = new MenuItem("How to read these pictures");
        howTo.setOnAction(e -> info("How to read these pictures", HowToRead.TEXT));
        Menu help = new Menu("Help", null, howTo);
        return new MenuBar(file, help);
    }

    private void openCorpus() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a corpus of sentence pairs");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Sentence pairs (*.csv, *.tsv, *.txt, *.gz)",
                "*.csv", "*.tsv", "*.txt", "*.gz"), new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showOpenDialog(stage);
        if (f != null) model.run().chooseCorpus(CorpusChoice.pairs(f.toPath()));
    }

    private void openAligned() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open the English side (one sentence per line)");
        File src = fc.showOpenDialog(stage);
        if (src == null) return;
        fc.setTitle("Open the German side, line-aligned with " + src.getName());
        fc.setInitialDirectory(src.getParentFile());
        File trg = fc.showOpenDialog(stage);
        if (trg != null) model.run().chooseCorpus(CorpusChoice.aligned(src.toPath(), trg.toPath()));
    }

    private void openSnapshots() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a snapshot file");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("QKV Lens snapshots (*.npz)", "*.npz"));
        File f = fc.showOpenDialog(stage);
        if (f != null) model.run().openSnapshots(f.toPath());
    }

    /** The budget of the cache of vectors read back from run directories: a number of MB, checked, applied at once. */
    private void memory() {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(Long.toString(model.vectorCacheBudgetMb()));
        d.initOwner(stage);
        d.setTitle("Memory for vectors");
        d.setHeaderText("Snapshots live on disk; the views read their vectors through a cache in memory.\n"
                + "It holds " + model.vectorCacheUsedMb() + " MB now; the Java heap may use "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB in all.");
        d.setContentText("Cache budget (MB):");
        d.showAndWait().ifPresent(text -> {
            try {
                long mb = Long.parseLong(text.strip());
                if (mb < 0 || mb > Runtime.getRuntime().maxMemory() >> 20) throw new NumberFormatException();
                model.setVectorCacheBudgetMb(mb);
            } catch (NumberFormatException ex) {
                info("Memory for vectors", "'" + text.strip() + "' is not a budget: give a whole number of MB from 0 to "
                        + (Runtime.getRuntime().maxMemory() >> 20) + " (the heap's size).");
            }
        });
    }

    private RunsWindow runsWindow;

    /** Goes on training the run directory on screen (opened, or stopped), asking to how many epochs. */
    private void continueShownRun() {
        Path dir = model.run().shownRunDirectory();
        if (dir == null) {
            info("Continue training", "Open a run first: File → Runs… lists the runs the app keeps, File → Open run"
                    + " directory… opens any other.");
            return;
        }
        var status = model.run().statusProperty().get();
        if (status == org.qkvlens.app.state.RunModel.Status.RUNNING || status == org.qkvlens.app.state.RunModel.Status.PAUSED
                || status == org.qkvlens.app.state.RunModel.Status.LOADING) {
            info("Continue training", "This run is training now.");
            return;
        }
        model.runs().describe(dir, entry -> {
            if (entry.canContinue()) runsWindow().continueRun(entry, stage);
            else info("Continue training", dir + ": " + (entry.status().inUse() ? "another process trains it now."
                    : "the app cannot continue it: it was not started by the app (a command-line run goes on with"
                    + " qkv-lens train --resume " + dir + ")."));
        });
    }

    /** The Runs window (one per main window, made when first asked for). */
    public RunsWindow runsWindow() {
        if (runsWindow == null) runsWindow = new RunsWindow(model.runs(), stage);
        return runsWindow;
    }

    /** A run directory written by {@code train --run} (run.json, snapshots/…). */
    private void openRunDirectory() {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle("Open a run directory (run.json, snapshots/)");
        File dir = dc.showDialog(stage);
        if (dir != null) model.run().openSnapshots(dir.toPath());
    }

    /** A directory with config.json, vocab.json and safetensors weights (one file, shards, or one file per epoch). */
    private void openModel() {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle("Open a model directory (config.json, vocab.json, *.safetensors)");
        File dir = dc.showDialog(stage);
        if (dir != null) model.run().openModel(dir.toPath());
    }

    private void saveRun() {
        RunRecord run = model.run().recordToSave();
        if (run == null) {
            info("Nothing to save", "There is no run on screen yet.");
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the run's snapshots");
        fc.setInitialFileName("run.npz");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("QKV Lens snapshots (*.npz)", "*.npz"));
        File f = fc.showSaveDialog(stage);
        if (f != null) model.run().saveRun(Path.of(f.getPath().endsWith(".npz") ? f.getPath() : f.getPath() + ".npz"), run);
    }

    private void info(String title, String text) {
        infoDialog(stage, title, text).show();
    }

    /**
     * A message box no wider than 680 px and than the owner's screen, its text wrapped to that width and scrolled
     * when taller than the screen allows. (A wrapping Label's preferred width is its text on one line: the help text
     * made a dialog 2,209 px wide.)
     */
    static Alert infoDialog(Stage owner, String title, String text) {
        Rectangle2D screen = screenOf(owner);
        double width = Math.min(680, screen.getWidth() - 40);
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        a.setResizable(true);
        Label body = new Label(text);
        body.setId("info-text");
        body.setWrapText(true);
        body.setPrefWidth(width - 60);
        body.setMinHeight(Region.USE_PREF_SIZE);
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefViewportHeight(Math.min(360, screen.getHeight() - 300));
        scroll.setMaxHeight(screen.getHeight() - 220);
        scroll.getStyleClass().add("edge-to-edge");
        DialogPane pane = a.getDialogPane();
        pane.setContent(scroll);
        pane.setPrefWidth(width);
        pane.setMaxWidth(width);
        pane.setMaxHeight(screen.getHeight() - 40);
        return a;
    }

    /** Visual bounds of the screen showing most of {@code stage} (the primary screen when it is not shown yet). */
    static Rectangle2D screenOf(Stage stage) {
        if (stage != null && stage.getWidth() > 0 && Double.isFinite(stage.getX())) {
            List<Screen> on = Screen.getScreensForRectangle(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
            if (!on.isEmpty()) return on.getFirst().getVisualBounds();
        }
        return Screen.getPrimary().getVisualBounds();
    }

    private static String title(String exportName) {
        return switch (exportName) {
            case "heatmap" -> "Cosine heatmap";
            case "attention" -> "Attention matrices";
            case "loss" -> "Loss chart";
            case "scatter-2d" -> "Scatter 2D";
            case "scatter-3d" -> "Scatter 3D";
            case "members" -> "Members";
            case "neighbours" -> "Nearest neighbours";
            case "joint" -> "Joint Q–K";
            case "heads" -> "Head overview";
            case "clusters" -> "Clusters";
            default -> exportName;
        };
    }

    /**
     * Fills File → Export with one submenu per {@linkplain #exportableViews() exportable view}, holding {@code items}
     * of that view. The export commands live above the views (QkvLensApp passes them in), so this window never calls
     * an export itself.
     */
    public void fillExportMenu(Function<ExportableView, List<MenuItem>> items) {
        export.getItems().clear();
        for (ExportableView v : exportableViews()) {
            Menu one = new Menu(title(v.exportName()));
            one.getItems().setAll(items.apply(v));
            export.getItems().add(one);
        }
    }

    /** Brings a view to front (its scatter tab), e.g. before taking its picture. */
    public void reveal(ExportableView v) {
        if (v == scatter2d) scatterTabs.getSelectionModel().select(0);
        if (v == scatter3d) scatterTabs.getSelectionModel().select(1);
        for (Tab t : inspectorTabs.getTabs()) if (t.getContent() == v) inspectorTabs.getSelectionModel().select(t);
        jointTabs.reveal(v);
    }

    /** Views that File → Export offers, in menu order. */
    public List<ExportableView> exportableViews() {
        return Stream.of(List.<ExportableView>of(scatter2d, scatter3d), jointTabs.views(),
                List.<ExportableView>of(heatmap, attention, members, neighbours, clusters, loss)).flatMap(List::stream).toList();
    }
}
