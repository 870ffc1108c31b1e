package org.qkvlens.app.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkvlens.app.FxTesting.fx;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CustomMenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;

/** The run panel's Capture menu: its boxes make the run model's capture filter, and it never lets nothing be kept. */
@ExtendWith(ApplicationExtension.class)
class CaptureChooserTest {
    @Start
    void start(Stage stage) {
        // the toolkit only
    }

    private static List<CheckBox> boxes(CaptureChooser c) {
        return c.getItems().stream().filter(i -> i instanceof CustomMenuItem m && m.getContent() instanceof CheckBox).map(i -> (CheckBox) ((CustomMenuItem) i).getContent())
                .toList();
    }

    private static CheckBox box(CaptureChooser c, String text) {
        return boxes(c).stream().filter(b -> b.getText().equals(text)).findFirst().orElseThrow();
    }

    @Test
    void boxesMakeTheFilterAndTheLastOneStays() throws Exception {
        fx(() -> {
            SimpleObjectProperty<CaptureFilter> filter = new SimpleObjectProperty<>(CaptureFilter.ALL);
            CaptureChooser c = new CaptureChooser(filter);
            assertEquals("everything", c.getText());
            box(c, "x1").setSelected(false);
            box(c, "out").setSelected(false);
            assertEquals(EnumSet.of(Kind.Q, Kind.K, Kind.V, Kind.X4, Kind.ATTENTION), filter.get().kinds());
            assertTrue(filter.get().sites().isEmpty());
            box(c, Site.ENC_OUT.label()).setSelected(false);
            box(c, Site.DEC_OUT.label()).setSelected(false);
            assertEquals(EnumSet.of(Site.ENC_SELF, Site.DEC_SELF, Site.DEC_CROSS), filter.get().sites());
            assertEquals("5 kinds · 3 sites", c.getText());
            box(c, "Q").setSelected(false);
            box(c, "V").setSelected(false);
            box(c, "x4").setSelected(false);
            assertEquals("K, attention · 3 sites", c.getText());
            assertTrue(c.getTooltip().getText().endsWith("kinds K,attention"), c.getTooltip().getText());
            box(c, "attention").setSelected(false);
            assertEquals(Set.of(Kind.K), filter.get().kinds());
            assertTrue(box(c, "K").isDisabled(), "the last kind cannot be unchecked");
            assertFalse(box(c, "Q").isDisabled());
            // set from outside (e.g. a preset): the boxes follow
            filter.set(CaptureFilter.ALL);
            assertTrue(boxes(c).stream().allMatch(CheckBox::isSelected));
            assertEquals("everything", c.getText());
            return null;
        });
    }
}
