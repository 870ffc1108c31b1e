package org.qkvlens.app.view;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.Site;

/**
 * The run panel's "Capture" menu: which kinds and sites the next run's probe pass keeps (less to capture is less disk
 * and time for thousands of probes). Check boxes that leave the menu open; the last kind or site cannot be unchecked;
 * the button says "everything" or what is kept. Binds to the run model's capture filter; layers are left out (all).
 */
final class CaptureChooser extends MenuButton {
    private final Map<Kind, CheckBox> kinds = new LinkedHashMap<>();
    private final Map<Site, CheckBox> sites = new LinkedHashMap<>();
    private final ObjectProperty<CaptureFilter> filter;

    CaptureChooser(ObjectProperty<CaptureFilter> filter) {
        this.filter = filter;
        setId("run-capture");
        setPrefWidth(120);                     // a long choice shortens the button's text, never the labels beside it
        setMaxWidth(120);
        setTooltip(new Tooltip());
        getItems().add(header("Kinds"));
        for (Kind k : Kind.values()) getItems().add(item(kinds, k, k.id(), filter.get().kinds()));
        getItems().addAll(new SeparatorMenuItem(), header("Sites"));
        for (Site s : Site.values()) getItems().add(item(sites, s, s.label(), filter.get().sites()));
        update();
        filter.addListener((o, a, b) -> {
            for (var e : kinds.entrySet()) e.getValue().setSelected(b.kinds().isEmpty() || b.kinds().contains(e.getKey()));
            for (var e : sites.entrySet()) e.getValue().setSelected(b.sites().isEmpty() || b.sites().contains(e.getKey()));
            show(b);
        });
    }

    private static MenuItem header(String text) {
        MenuItem m = new MenuItem(text);
        m.setDisable(true);
        return m;
    }

    private <T> CustomMenuItem item(Map<T, CheckBox> boxes, T value, String text, Set<T> chosen) {
        CheckBox box = new CheckBox(text);
        box.setSelected(chosen.isEmpty() || chosen.contains(value));
        box.selectedProperty().addListener((o, a, b) -> update());
        boxes.put(value, box);
        CustomMenuItem item = new CustomMenuItem(box);
        item.setHideOnClick(false);
        return item;
    }

    /** The filter from the boxes; keeps at least one kind and one site checked. */
    private void update() {
        Set<Kind> k = EnumSet.noneOf(Kind.class);
        for (var e : kinds.entrySet()) if (e.getValue().isSelected()) k.add(e.getKey());
        Set<Site> s = EnumSet.noneOf(Site.class);
        for (var e : sites.entrySet()) if (e.getValue().isSelected()) s.add(e.getKey());
        for (CheckBox b : kinds.values()) b.setDisable(k.size() == 1 && b.isSelected());
        for (CheckBox b : sites.values()) b.setDisable(s.size() == 1 && b.isSelected());
        CaptureFilter f = new CaptureFilter(s.size() == Site.values().length ? Set.of() : s, Set.of(),
                k.size() == Kind.values().length ? Set.of() : k);
        if (!f.equals(filter.get())) filter.set(f);
        show(f);
    }

    private void show(CaptureFilter f) {
        setText(describe(f));
        getTooltip().setText("What the probe pass keeps of each probe (fewer kinds or sites take less disk and time): "
                + f.describe());
    }

    static String describe(CaptureFilter f) {
        if (f.keepsAll()) return "everything";
        String k = f.kinds().isEmpty() ? "all kinds" : f.kinds().size() > 2 ? f.kinds().size() + " kinds"
                : String.join(", ", f.kinds().stream().sorted().map(Kind::id).toList());
        String s = f.sites().isEmpty() ? "" : " · " + f.sites().size() + (f.sites().size() == 1 ? " site" : " sites");
        return k + s;
    }
}
