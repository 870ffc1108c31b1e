package org.qkvlens.app.view.joint;

import java.util.function.Supplier;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.qkvlens.app.figure.HeadTile;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.draw.NodeDrawing;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.Selection;

/**
 * The head overview: small multiples of every site × layer × head at the playback's snapshot, in a scrolling grid
 * that wraps to the width (72 tiles for the tutorial preset), with a chooser of what the tiles show (joint Q–K space
 * or Q, K, V) and the progress. The head the selection shows is outlined; clicking a tile focuses it
 * ({@link HeadsModel#focus}). Binds to a {@link HeadsModel}; computes nothing itself.
 */
public final class HeadsView extends BorderPane implements ExportableView {
    private final HeadsModel model;
    private final Selection selection;
    private final HeadsGrid grid = new HeadsGrid();
    private final HBox toolbar;
    private final Label status = new Label();

    public HeadsView(HeadsModel model, Selection selection) {
        this.model = model;
        this.selection = selection;
        ComboBox<HeadsModel.Show> show = new ComboBox<>(FXCollections.observableArrayList(HeadsModel.Show.values()));
        show.valueProperty().bindBidirectional(model.showProperty());
        show.setTooltip(new Tooltip("what each tile lays out by PCA: queries and keys together, or one kind"));
        status.textProperty().bind(model.statusProperty());
        status.setId("heads-status");
        Label hint = new Label("click a tile to look at it in Joint Q–K");
        hint.setStyle("-fx-text-fill: #666;");
        Label tilesShow = new Label("Tiles show");
        tilesShow.setMinWidth(Region.USE_PREF_SIZE);
        show.setMinWidth(Region.USE_PREF_SIZE);
        toolbar = new HBox(8, tilesShow, show);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        FlowPane top = new FlowPane(10, 2, toolbar, status, hint);
        top.setPadding(new Insets(4));
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setId("heads-scroll");
        setTop(top);
        setCenter(scroll);
        model.slotsProperty().addListener(o -> rebuild());
        model.tilesProperty().addListener(o -> refresh());
        for (var p : List.of(selection.siteProperty(), selection.layerProperty(), selection.headProperty())) {
            p.addListener(o -> refresh());
        }
        rebuild();
    }

    private void rebuild() {
        grid.setSlots(model.slotsProperty().get(), model::focus);
        refresh();
    }

    private void refresh() {
        grid.show(model.tilesProperty().get(), new HeadTile.Slot(selection.site(), selection.layer(), selection.head(),
                model.slotsProperty().get().stream().filter(x -> x.site() == selection.site()).findFirst()
                        .map(HeadTile.Slot::heads).orElse(1)));
    }

    /** The grid of tiles (tests click its tiles). */
    HeadsGrid grid() {
        return grid;
    }

    @Override
    public String exportName() {
        return "heads";
    }

    @Override
    public Node exportNode() {
        return grid;
    }

    @Override
    public String csv() {
        List<HeadTile> tiles = model.tilesProperty().get();
        return tiles.stream().allMatch(t -> t == null) ? null : HeadTile.csv(tiles);
    }

    @Override
    public void setExportScale(int scale) {
        grid.setPixelScale(scale);
    }

    @Override
    public Supplier<Drawing> vectorDrawing() {
        return () -> NodeDrawing.of(grid);
    }

    @Override
    public void placeExportButton(Node button) {
        toolbar.getChildren().add(button);
    }

    public HeadsModel model() {
        return model;
    }
}
