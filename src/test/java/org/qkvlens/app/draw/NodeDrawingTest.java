package org.qkvlens.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Border;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.BorderStrokeStyle;
import javafx.scene.layout.BorderWidths;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A small node tree drawn through NodeDrawing: each visible node's shape in paint order, a region's fill and its one
 * outlined side, text on its baseline, a path's segments, hidden nodes left out, a group's offset and a node's opacity
 * applied.
 */
@ExtendWith(ApplicationExtension.class)
class NodeDrawingTest {
    @Start
    void start(Stage stage) {
    }

    @Test
    void drawsTheVisibleNodesInPaintOrder() throws Exception {
        Drawing d = fx(() -> {
            Pane root = new Pane();
            root.setBackground(new Background(new BackgroundFill(Color.WHITE, CornerRadii.EMPTY, Insets.EMPTY)));
            root.setBorder(new Border(new BorderStroke(Color.TRANSPARENT, Color.TRANSPARENT, Color.GRAY, Color.TRANSPARENT,
                    BorderStrokeStyle.SOLID, BorderStrokeStyle.SOLID, BorderStrokeStyle.SOLID, BorderStrokeStyle.SOLID,
                    CornerRadii.EMPTY, new BorderWidths(1), Insets.EMPTY)));
            Rectangle r = new Rectangle(10, 10, 30, 20);
            r.setFill(Color.RED);
            Circle hidden = new Circle(50, 50, 5);
            hidden.setVisible(false);
            Text t = new Text(5, 80, "tick 0.5");
            Path p = new Path(new MoveTo(0, 0), new LineTo(10, 0), new LineTo(10, 10));
            p.setStroke(Color.BLUE);
            Circle faded = new Circle(0, 0, 4, Color.BLACK);
            faded.setOpacity(0.5);
            Group g = new Group(p, faded);
            g.setLayoutX(100);
            g.setLayoutY(20);
            root.getChildren().addAll(r, hidden, t, g);
            new Scene(root, 200, 100);
            root.applyCss();
            root.layout();
            return NodeDrawing.of(root);
        });
        assertEquals(200, d.width());
        assertEquals(100, d.height());
        List<Class<?>> kinds = d.shapes().stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(Drawing.Rect.class, Drawing.Line.class, Drawing.Rect.class, Drawing.Text.class, Drawing.Poly.class,
                Drawing.Oval.class), kinds, "root fill, its bottom border, the rectangle, the text, the path, the faded circle");
        Drawing.Line bottom = (Drawing.Line) d.shapes().get(1);
        assertEquals(99.5, bottom.y1(), 1e-9, "the bottom side, inside the region");
        Drawing.Text text = (Drawing.Text) d.shapes().get(3);
        assertEquals("tick 0.5", text.text());
        assertEquals(80, text.y(), 1e-9, "on its baseline (Text's y)");
        Drawing.Poly path = (Drawing.Poly) d.shapes().get(4);
        assertEquals(List.of(0.0, 10.0, 10.0), path.xs());
        assertTrue(path.stroked());
        // the group's offset is in the transform before the path; the faded circle's fill has half its alpha
        assertTrue(d.ops().stream().anyMatch(o -> o instanceof Drawing.Transform tr && tr.tx() == 100 && tr.ty() == 20));
        assertTrue(d.ops().stream().anyMatch(o -> o instanceof Drawing.Fill f && f.paint() instanceof Color c
                && c.getOpacity() == 0.5 && c.getRed() == 0), "the faded circle's colour");
    }
}
