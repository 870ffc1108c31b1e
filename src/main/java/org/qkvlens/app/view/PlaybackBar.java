package org.qkvlens.app.view;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.app.state.Playback;
import org.qkvlens.probe.Snapshot;

/**
 * Epoch playback controls: play/pause, a slider over the snapshots received so far, the epoch shown, the speed, and
 * "follow newest" (keeps the views on the latest epoch while training runs; dragging the slider turns it off).
 */
public final class PlaybackBar extends HBox {
    private static final Color ICON = Color.web("#333333");

    public PlaybackBar(Playback playback, LiveRun live) {
        Button play = new Button();
        play.textProperty().bind(Bindings.when(playback.playingProperty()).then("Pause").otherwise("Play"));
        Node pauseIcon = pauseIcon(), playIcon = playIcon();
        play.graphicProperty().bind(Bindings.when(playback.playingProperty()).then(pauseIcon).otherwise(playIcon));
        play.setOnAction(e -> playback.togglePlay());
        play.setId("playback-play");
        play.setPrefWidth(84);                       // as wide for "Play" as for "Pause": the slider does not jump
        play.setMinWidth(Region.USE_PREF_SIZE);

        Slider slider = new Slider(0, 0, 0);
        slider.setId("playback-slider");
        slider.setBlockIncrement(1);
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.maxProperty().bind(Bindings.max(0, playback.countProperty().subtract(1)));
        slider.disableProperty().bind(playback.countProperty().lessThan(2));
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setMaxWidth(Double.MAX_VALUE);
        playback.indexProperty().addListener((o, a, b) -> {
            if ((int) Math.round(slider.getValue()) != b.intValue()) slider.setValue(b.intValue());
        });
        slider.valueProperty().addListener((o, a, b) -> {
            int i = (int) Math.round(b.doubleValue());
            if (i != playback.index() && (slider.isValueChanging() || slider.isFocused() || slider.isPressed())) playback.seek(i);
        });
        slider.setOnMouseReleased(e -> playback.seek((int) Math.round(slider.getValue())));

        Label where = new Label();
        where.setId("playback-label");
        where.setMinWidth(170);
        Runnable updateLabel = () -> {
            Snapshot s = playback.current();
            where.setText(s == null ? "no snapshot yet"
                    : (s.epoch() == 0 ? "before training" : "epoch " + s.epoch() + (s.endOfEpoch() ? "" : ", step " + s.step()))
                    + "  (" + (playback.index() + 1) + "/" + playback.countProperty().get() + ")");
        };
        playback.indexProperty().addListener((o, a, b) -> updateLabel.run());
        live.snapshots().addListener((ListChangeListener<Snapshot>) c -> updateLabel.run());
        updateLabel.run();

        ComboBox<Double> speed = new ComboBox<>();
        speed.getItems().setAll(1.0, 2.0, 4.0, 8.0, 16.0);
        speed.setValue(playback.speedProperty().get());
        speed.valueProperty().addListener((o, a, b) -> {
            if (b != null) playback.speedProperty().set(b);
        });
        speed.setTooltip(new Tooltip("Playback speed in epochs per second"));
        speed.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : String.format("%.0f/s", d);
            }

            @Override
            public Double fromString(String s) {
                return Double.valueOf(s.replace("/s", ""));
            }
        });

        CheckBox follow = new CheckBox("Follow newest");
        follow.setId("playback-follow");
        follow.selectedProperty().bindBidirectional(playback.followNewestProperty());
        follow.selectedProperty().addListener((o, a, b) -> {
            if (b) playback.indexProperty().set(Math.max(0, playback.countProperty().get() - 1));
        });

        getChildren().addAll(play, slider, where, new Label("Speed"), speed, follow);
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        setPadding(new Insets(6, 10, 6, 10));
        getStyleClass().add("playback-bar");
    }

    /** Two bars, drawn: the ⏸ character is missing from common UI fonts and showed as a box. */
    static Node pauseIcon() {
        Rectangle left = new Rectangle(0, 0, 3.5, 11), right = new Rectangle(6.5, 0, 3.5, 11);
        left.setFill(ICON);
        right.setFill(ICON);
        return new Group(left, right);
    }

    /** A triangle pointing right, drawn like the pause icon so both have the same size. */
    static Node playIcon() {
        Polygon p = new Polygon(0, 0, 10, 5.5, 0, 11);
        p.setFill(ICON);
        return new Group(p);
    }
}
