package org.qkvlens.app.view.joint;

import java.util.List;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.AppModel;

/**
 * The two tabs of the joint query–key instruments in the main window's view tabs: "Joint Q–K" ({@link JointView}) and
 * "Heads" ({@link HeadsView}); each computes only while its tab is shown, and clicking a head tile brings the joint tab
 * forward. The main window adds them with one call and lists {@link #views()} for export.
 */
public final class JointTabs {
    private final JointView joint;
    private final HeadsView heads;
    private final Tab jointTab, headsTab;
    private final TabPane pane;

    private JointTabs(AppModel model, TabPane pane) {
        this.pane = pane;
        joint = new JointView(new JointModel(model));
        heads = new HeadsView(new HeadsModel(model), model.selection());
        jointTab = new Tab("Joint Q–K", joint);
        headsTab = new Tab("Heads", heads);
        jointTab.setId("tab-joint");
        headsTab.setId("tab-heads");
        joint.model().activeProperty().bind(jointTab.selectedProperty());
        heads.model().activeProperty().bind(headsTab.selectedProperty());
        heads.model().setOnFocus(() -> pane.getSelectionModel().select(jointTab));
        pane.getTabs().addAll(jointTab, headsTab);
    }

    /** Adds the tabs to {@code pane} (after those there). */
    public static JointTabs addTo(TabPane pane, AppModel model) {
        return new JointTabs(model, pane);
    }

    /** The exportable views, joint first. */
    public List<ExportableView> views() {
        return List.of(joint, heads);
    }

    /** Brings {@code v}'s tab to front when it is one of these. */
    public void reveal(ExportableView v) {
        if (v == joint) pane.getSelectionModel().select(jointTab);
        if (v == heads) pane.getSelectionModel().select(headsTab);
    }

    public JointView joint() {
        return joint;
    }

    public HeadsView heads() {
        return heads;
    }
}
