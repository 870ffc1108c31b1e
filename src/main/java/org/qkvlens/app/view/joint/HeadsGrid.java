package org.qkvlens.app.view.joint;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.TilePane;
import org.qkvlens.app.figure.HeadTile;

/**
 * The head overview's grid of small multiples, one {@link HeadTileNode} per site × layer × head, wrapping to the
 * width; the app's head overview and the headless export draw it. Leaves out computing the tiles (HeadsModel, or the
 * export) and scrolling (the view's ScrollPane).
 */
public final class HeadsGrid extends TilePane {
    private final List<HeadTileNode> nodes = new ArrayList<>();

    public HeadsGrid() {
        super(6, 6);
        setPadding(new Insets(6));
        setPrefColumns(6);
        setPrefTileWidth(HeadTileNode.SIZE);
        setPrefTileHeight(HeadTileNode.SIZE + HeadTileNode.CAPTION);
        setStyle("-fx-background-color: white;");
    }

    /** One tile node per slot; a click on tile i calls {@code onClick} with i (null: tiles are not clickable). */
    public void setSlots(List<HeadTile.Slot> slots, IntConsumer onClick) {
        nodes.clear();
        for (int i = 0; i < slots.size(); i++) {
            HeadTile.Slot s = slots.get(i);
            HeadTileNode n = new HeadTileNode(s);
            int index = i;
            if (onClick != null) {
                n.setOnMouseClicked(e -> onClick.accept(index));
                Tooltip.install(n, new Tooltip(s.site().label() + ", layer " + s.layer() + ", head " + (s.head() + 1)
                        + " of " + s.heads() + ": click to look at it in Joint Q–K"));
            }
            nodes.add(n);
        }
        getChildren().setAll(nodes);
    }

    /** Draws {@code tiles} (one per slot; null: not computed yet), outlining the tile of {@code current}. */
    public void show(List<HeadTile> tiles, HeadTile.Slot current) {
        for (int i = 0; i < nodes.size(); i++) {
            HeadTileNode n = nodes.get(i);
            n.show(i < tiles.size() ? tiles.get(i) : null, n.slot().equals(current));
        }
    }

    public void setPixelScale(int scale) {
        for (HeadTileNode n : nodes) n.setPixelScale(scale);
    }

    /** The tile nodes in slot order. */
    List<HeadTileNode> tileNodes() {
        return List.copyOf(nodes);
    }
}
