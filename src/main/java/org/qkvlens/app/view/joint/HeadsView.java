package org.qkvlens.app.view.joint;

import java.util.ArrayList;
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
import javafx.scene.layout.TilePane;
import org.qkvlens.app.figure.HeadTile;
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
    private final TilePane grid = new TilePane(6, 6);
    private final HBox toolbar;
    private final Label status = new Label();
    private final List<HeadTileNode> nodes = new ArrayList<>();

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
        grid.setPadding(new Insets(6));
        grid.setPrefColumns(6);
        grid.setPrefTileWidth(HeadTileNode.SIZE);
        grid.setPrefTileHeight(HeadTileNode.SIZE + HeadTileNode.CAPTION);
        grid.setStyle("-fx-background-color: white;");
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
        nodes.clear();
        List<HeadTile.Slot> slots = model.slotsProperty().get();
        for (int i = 0; i < slots.size(); i++) {
            HeadTileNode n = new HeadTileNode(slots.get(i));
            int index = i;
            n.setOnMouseClicked(e -> model.focus(index));
            Tooltip.install(n, new Tooltip(slots.get(i).site().label() + ", layer " + slots.get(i).layer() + ", head "
                    + (slots.get(i).head() + 1) + " of " + slots.get(i).heads() + ": click to focus"));
            nodes.add(n);
        }
        grid.getChildren().setAll(nodes);
        refresh();
    }

    private void refresh() {
        List<HeadTile> tiles = model.tilesProperty().get();
        for (int i = 0; i < nodes.size(); i++) {
            HeadTileNode n = nodes.get(i);
            HeadTile.Slot s = n.slot();
            boolean current = s.site() == selection.site() && s.layer() == selection.layer() && s.head() == selection.head();
            n.show(i < tiles.size() ? tiles.get(i) : null, current);
        }
    }

    /** The tile nodes, in slot order (tests click them). */
    List<HeadTileNode> tileNodes() {
        return List.copyOf(nodes);
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
        for (HeadTileNode n : nodes) n.setPixelScale(scale);
    }

    @Override
    public void placeExportButton(Node button) {
        toolbar.getChildren().add(button);
    }

    public HeadsModel model() {
        return model;
    }
}
