package org.qkvlens.app.view.scatter;

import javafx.animation.AnimationTimer;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.AmbientLight;
import javafx.scene.Group;
import javafx.scene.PerspectiveCamera;
import javafx.scene.PointLight;
import javafx.scene.SceneAntialiasing;
import javafx.scene.SubScene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import org.qkvlens.app.draw.FxPen;
import javafx.scene.control.Label;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.paint.PhongMaterial;
import javafx.scene.shape.Cylinder;
import javafx.scene.text.TextAlignment;
import javafx.scene.transform.Affine;
import javafx.scene.transform.Rotate;
import javafx.scene.transform.Transform;
import javafx.scene.transform.Translate;
import org.fxyz3d.utils.CameraTransformer;
import org.qkvlens.app.figure.Marker;
import org.qkvlens.probe.Kind;

/**
 * The 3D scatter: JavaFX 3D in a SubScene (one {@link MarkerMesh} per kind, colours from a palette texture, so
 * 10,000 points are a handful of nodes), turned and panned by FXyz3D's {@link CameraTransformer} rig, axes through the
 * centre of the points; labels (Text nodes), trajectories (a
 * {@link MarkerRaster}) and title and legend (a canvas) as 2D overlays positioned by this view's own perspective
 * projection, which a test holds to JavaFX's. Drag rotates, shift-drag or right/middle-drag pans, the wheel zooms,
 * double-click or "Reset camera" restores the view; hover, click-to-highlight (and pick: lines to the picked point's
 * nearest neighbours over the scene) and gliding as in 2D; Shift+click puts a point into the shared selection (or takes
 * it out), drawn larger, with search matches, while the rest is dimmed. Without 3D support (Monocle, the software
 * pipeline) it says so instead of showing an empty area.
 *
 * <p>Cost: rotating only changes the world transform; a glide frame rewrites the meshes' points, and JavaFX then
 * recomputes a tangent frame for every vertex on the render thread. Above {@link #THROTTLE_POINTS} points glides
 * therefore update the meshes at most every 30 ms. FXyz3D's ScatterMesh would create a new marker mesh per point on
 * every data change, which a 250 ms glide of 10,000 points cannot afford.
 */
public final class Scatter3DView extends ScatterView {
    /** The points are scaled into the cube [−HALF, HALF]³ (same scale on every axis). */
    static final double HALF = 100;
    private static final double FOV = 30;
    private static final double DISTANCE = 430;
    private static final int MAX_LABELS = 120;
    private static final int SHADES = 12;          // 11 age levels + dimmed
    private static final int SLOTS = ScatterStyle.SLOTS;   // A, B, 7 further colours, grey, the colour-by ramp
    private static final int CELL = 4;
    /** Above this many points a glide updates the meshes at most every 30 ms. */
    private static final int THROTTLE_POINTS = 2000;

    private final boolean supported = Platform.isSupported(ConditionalFeature.SCENE3D);
    private final Pane overlay = new Pane();
    private final StackPane plot = new StackPane();
    private final Canvas legendCanvas = new Canvas(1, 1);
    private final ScatterLegend legend = new ScatterLegend(widths);
    private final LabelPlacer placer = new LabelPlacer();
    private final PointGrid grid = new PointGrid(24);

    // 3D scene
    private SubScene sub;
    /** The plot's world: FXyz3D's rig of translate and rotations, in the order pan · rx · ry (rz, scale, pivot unused). */
    private final CameraTransformer world = new CameraTransformer(CameraTransformer.RotateOrder.ZYX);
    private final PerspectiveCamera camera = new PerspectiveCamera(true);
    private final Rotate rx = world.rx;
    private final Rotate ry = world.ry;
    private final Translate pan = world.t;
    private double distance = DISTANCE;
    private final MarkerMesh[] meshes = new MarkerMesh[Kind.VECTORS.size()];
    private float[] paletteU;
    private final Label[] axisLabels = new Label[3];
    private final LabelPool labels = new LabelPool(MAX_LABELS);

    // per item, rebuilt on retarget / highlight
    /** The items' highlight flags ({@link ScatterItems#highlighted}), as of the last restyle. */
    private boolean[] highlighted = new boolean[0];
    private boolean anyHighlight;
    private int[] meshOf = new int[0];         // item → kind mesh
    private int[] slotInMesh = new int[0];     // item → index within its mesh
    private int[][] cells = new int[Kind.VECTORS.size()][0];
    private float[][] mx = new float[5][0], my = new float[5][0], mz = new float[5][0], ms = new float[5][0];
    // per frame
    private double[] sx = new double[0], sy = new double[0];
    private double center0, center1, center2, unit;
    private double size;

    private boolean dirty, legendDirty, ticking, gridValid;
    /** Marker positions or sizes changed (not only the camera): the meshes need new points. */
    private boolean meshesDirty = true;
    private final MarkerRaster trails = new MarkerRaster();
    private final MarkerSprites sprites = new MarkerSprites();
    /** The picked point's lines to its nearest neighbours, drawn over the scene with the trajectories. */
    final NeighbourLines neighbourLines = new NeighbourLines();
    private double[] trailX = new double[0], trailY = new double[0];
    private long lastDraw;
    private int hover = -1;
    private double pressX, pressY, pressRx, pressRy, pressPanX, pressPanY;
    private boolean dragged;

    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse(now);
        }
    };

    public Scatter3DView(ScatterModel model) {
        super(model, "scatter-3d", "Reset camera");
        initPlot();
        setCenter(plot);
        plot.setStyle("-fx-background-color: white;");
        if (!supported) {
            Label msg = new Label("3D needs OpenGL.\nThis JavaFX runs without 3D support (software rendering), so the"
                    + " 3D scatter cannot be drawn here.\nThe 2D scatter shows the same points.");
            msg.setId("scatter-3d-unsupported");
            msg.setTextAlignment(TextAlignment.CENTER);
            msg.setWrapText(true);
            msg.setStyle("-fx-font-size: 14px; -fx-text-fill: #555;");
            plot.getChildren().add(msg);
            StackPane.setAlignment(msg, Pos.CENTER);
            toolbar.setDisable(true);
            return;
        }
        createScene();
        initListeners();
        onFrame(model.frame(), false);
    }

    /** Whether this JavaFX can draw 3D (false on Monocle's software pipeline). */
    public boolean supported() {
        return supported;
    }

    // --- scene ----------------------------------------------------------------------------------------

    private void createScene() {
        WritableImage palette = new WritableImage(SLOTS * SHADES * CELL, CELL);
        PixelWriter pw = palette.getPixelWriter();
        paletteU = new float[SLOTS * SHADES];
        for (int slot = 0; slot < SLOTS; slot++) {
            for (int shade = 0; shade < SHADES; shade++) {
                int cell = slot * SHADES + shade;
                Color c = shadeOf(ScatterStyle.color(slot), shade);
                for (int x = 0; x < CELL; x++) for (int y = 0; y < CELL; y++) pw.setColor(cell * CELL + x, y, c);
                paletteU[cell] = (cell * CELL + CELL / 2f) / (SLOTS * SHADES * CELL);
            }
        }
        PhongMaterial material = new PhongMaterial(Color.WHITE);
        material.setDiffuseMap(palette);
        material.setSpecularColor(Color.gray(0.25));
        material.setSpecularPower(24);
        for (int k = 0; k < meshes.length; k++) {
            meshes[k] = new MarkerMesh(Marker.of(Kind.VECTORS.get(k)), material);
            world.getChildren().add(meshes[k].view);
        }
        PhongMaterial axisMaterial = new PhongMaterial(Color.gray(0.45));
        for (int a = 0; a < 3; a++) {
            Cylinder c = new Cylinder(0.45, 2 * HALF * 1.1, 8);
            c.setMaterial(axisMaterial);
            if (a == 0) c.setRotate(90);
            if (a == 2) c.getTransforms().add(new Rotate(90, Rotate.X_AXIS));
            world.getChildren().add(c);
            axisLabels[a] = new Label();
            axisLabels[a].setStyle("-fx-font-size: 12px; -fx-text-fill: #333; -fx-font-weight: bold;");
            axisLabels[a].setManaged(false);
            overlay.getChildren().add(axisLabels[a]);
        }
        camera.setFieldOfView(FOV);
        camera.setNearClip(1);
        camera.setFarClip(10_000);
        camera.setTranslateZ(-distance);
        AmbientLight ambient = new AmbientLight(Color.gray(0.62));
        PointLight light = new PointLight(Color.gray(0.55));
        light.setTranslateX(-DISTANCE * 0.6);
        light.setTranslateY(-DISTANCE * 0.8);
        light.setTranslateZ(-DISTANCE * 1.5);
        Group root3d = new Group(world, camera, ambient, light);
        sub = new SubScene(root3d, 800, 560, true, SceneAntialiasing.BALANCED);
        sub.setFill(Color.WHITE);
        sub.setCamera(camera);
        sub.widthProperty().bind(plot.widthProperty());
        sub.heightProperty().bind(plot.heightProperty());
        sub.setManaged(false);
        overlay.getChildren().add(labels.layer);
        legendCanvas.setManaged(false);
        overlay.getChildren().add(0, trails.view);
        overlay.getChildren().add(legendCanvas);
        overlay.setMouseTransparent(true);
        Pane subHolder = new Pane(sub);
        plot.getChildren().addAll(subHolder, overlay, tip.layer());
        plot.widthProperty().addListener(o -> resized());
        plot.heightProperty().addListener(o -> resized());
        resetView();
    }

    private static Color shadeOf(Color base, int shade) {
        if (shade == SHADES - 1) return base.interpolate(Color.WHITE, 0.8);             // dimmed
        double opacity = Math.min(1, shade / 10.0);
        return base.interpolate(Color.WHITE, (1 - opacity) * 0.9);
    }

    private void initListeners() {
        model.frameProperty().addListener((o, a, f) -> onFrame(f, true));
        model.highlightedProperty().addListener(o -> {
            restyle();
            requestDraw();
        });
        model.selection().neighboursProperty().addListener(o -> {
            neighbourLines.resolve(glide, model.selection().neighboursProperty().get());
            requestDraw();
        });
        model.showLabelsProperty().addListener(o -> requestDraw());
        model.showTrajectoriesProperty().addListener(o -> requestDraw());
        model.statusProperty().addListener(o -> {
            legendDirty = true;
            requestDraw();
        });
        plot.addEventHandler(ScrollEvent.SCROLL, e -> {
            distance = Math.max(60, Math.min(4000, distance * Math.exp(-e.getDeltaY() * 0.002)));
            camera.setTranslateZ(-distance);
            hideTip();
            requestDraw();
            e.consume();
        });
        plot.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pressX = e.getX();
            pressY = e.getY();
            pressRx = rx.getAngle();
            pressRy = ry.getAngle();
            pressPanX = pan.getX();
            pressPanY = pan.getY();
            dragged = false;
        });
        plot.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            dragged = true;
            double dx = e.getX() - pressX, dy = e.getY() - pressY;
            if (e.isShiftDown() || e.isSecondaryButtonDown() || e.isMiddleButtonDown()) {
                double worldPerPixel = distance / focal();
                pan.setX(pressPanX + dx * worldPerPixel);
                pan.setY(pressPanY + dy * worldPerPixel);
            } else {
                ry.setAngle(pressRy - dx * 0.4);
                rx.setAngle(Math.max(-90, Math.min(90, pressRx + dy * 0.4)));
            }
            hideTip();
            requestDraw();
        });
        plot.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() != MouseButton.PRIMARY || !e.isStillSincePress() || dragged) return;
            if (e.getClickCount() == 2) {
                resetView();
                return;
            }
            int item = itemAt(e.getX(), e.getY());
            if (e.isShiftDown()) {                        // Shift+click: the point into (or out of) the selection
                if (item >= 0) model.selection().togglePoint(glide.data().points[glide.point[item]].key());
                return;
            }
            model.clickedPoint(item >= 0 ? glide.point[item] : -1);
            if (item < 0) model.selection().clearSelectedPoints();
        });
        plot.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
        plot.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hideTip());
    }

    @Override
    void marksChanged() {
        if (!supported) return;                          // no meshes without 3D
        restyle();
        requestDraw();
    }

    @Override
    void benchMove(double dx, double dy) {
        ry.setAngle(ry.getAngle() - dx * 0.4);
        rx.setAngle(Math.max(-90, Math.min(90, rx.getAngle() + dy * 0.4)));
        requestDraw();
    }

    /** Back to the oblique default view of the whole cube. */
    @Override
    public void resetView() {
        if (!supported) return;
        rx.setAngle(-18);
        ry.setAngle(-32);
        pan.setX(0);
        pan.setY(0);
        distance = DISTANCE;
        camera.setTranslateZ(-distance);
        hideTip();
        requestDraw();
    }

    private void resized() {
        legendDirty = true;
        requestDraw();
    }

    // --- items ----------------------------------------------------------------------------------------

    private void onFrame(ScatterFrame f, boolean animate) {
        glide.retarget(f, System.nanoTime(), animate);
        restyle();
        neighbourLines.resolve(glide, model.selection().neighboursProperty().get());
        hover = -1;
        tip.hide();
        legendDirty = true;
        requestDraw();
    }

    /** Sorts items into the kind meshes with their palette cells; label priorities. */
    private void restyle() {
        int n = glide.count;
        ScatterData d = glide.data();
        if (meshOf.length < n) {
            int cap = Math.max(n, meshOf.length * 3 / 2);
            meshOf = new int[cap];
            slotInMesh = new int[cap];
            sx = new double[cap];
            sy = new double[cap];
        }
        items.restyle(model.highlightedProperty().get());
        highlighted = items.highlighted;
        anyHighlight = items.anyHighlight;
        int[] perMesh = new int[meshes.length];
        for (int i = 0; i < n; i++) {
            meshOf[i] = Kind.VECTORS.indexOf(d.points[glide.point[i]].key().kind());
            slotInMesh[i] = perMesh[meshOf[i]]++;
        }
        int slots = glide.shown().length;
        for (int m = 0; m < meshes.length; m++) {
            if (cells[m].length < perMesh[m]) {
                cells[m] = new int[perMesh[m]];
                mx[m] = new float[perMesh[m]];
                my[m] = new float[perMesh[m]];
                mz[m] = new float[perMesh[m]];
                ms[m] = new float[perMesh[m]];
            }
        }
        size = n > 4000 ? 1.5 : n > 1200 ? 2.1 : n > 300 ? 2.6 : 3.2;
        for (int i = 0; i < n; i++) {
            int p = glide.point[i];
            int shade = items.dimmed(i) ? SHADES - 1
                    : (int) Math.round(ScatterStyle.ageOpacity(glide.fromEnd[i], slots) * 10);
            cells[meshOf[i]][slotInMesh[i]] = (d.colorSlot[p] % SLOTS) * SHADES + shade;
            ms[meshOf[i]][slotInMesh[i]] = (float) (highlighted[i] && glide.fromEnd[i] == 0 ? size * 1.5 : items.selected[i] ? size * 1.3 : size);
        }
        for (int m = 0; m < meshes.length; m++) {
            meshes[m].setCount(perMesh[m]);
            meshes[m].setCells(cells[m], paletteU);
        }
        meshesDirty = true;
        gridValid = false;
    }

    // --- frames ---------------------------------------------------------------------------------------

    private void requestDraw() {
        dirty = true;
        gridValid = false;
        if (!ticking && supported) {
            ticking = true;
            timer.start();
        }
    }

    private void pulse(long now) {
        boolean moving = glide.animating();
        if (moving) glide.advance(now);
        boolean finished = moving && !glide.animating();
        // JavaFX recomputes tangent frames for every moved vertex: with many points, glide at ≤ 30 updates a second
        if (moving && !finished && !dirty && glide.count > THROTTLE_POINTS && now - lastDraw < 30_000_000L) return;
        if (moving || dirty) {
            draw();
            lastDraw = now;
        }
        if (!glide.animating() && !dirty) {
            timer.stop();
            ticking = false;
        }
    }

    private void draw() {
        boolean moving = glide.animating();
        dirty = false;
        long t0 = System.nanoTime();
        double[] b = glide.bounds;
        center0 = (b[0] + b[3]) / 2;
        center1 = (b[1] + b[4]) / 2;
        center2 = (b[2] + b[5]) / 2;
        double half = Math.max(b[3] - b[0], Math.max(b[4] - b[1], glide.data().dims() > 2 ? b[5] - b[2] : 0)) / 2;
        unit = HALF / Math.max(1e-9, half);
        int n = glide.count;
        double[] cur = glide.cur;
        for (int i = 0; i < n; i++) {
            int m = meshOf[i], k = slotInMesh[i];
            mx[m][k] = (float) ((cur[i * 3] - center0) * unit);
            my[m][k] = (float) (-(cur[i * 3 + 1] - center1) * unit);
            mz[m][k] = (float) ((cur[i * 3 + 2] - center2) * unit);
        }
        if (meshesDirty || moving) {
            for (int m = 0; m < meshes.length; m++) meshes[m].move(mx[m], my[m], mz[m], ms[m]);
            meshesDirty = false;
        }
        project();
        drawTrails();
        placeLabels();
        if (legendDirty) paintLegend(legendCanvas, exportScale);
        stats.add(System.nanoTime() - t0);
    }

    private double focal() {
        return plot.getHeight() / 2 / Math.tan(Math.toRadians(FOV / 2));
    }

    /** Screen position of every item, of the axis tips: the world transform, then the camera's perspective. */
    private void project() {
        Transform t = world.getLocalToParentTransform();
        double w = plot.getWidth(), h = plot.getHeight(), f = focal();
        int n = glide.count;
        for (int i = 0; i < n; i++) {
            int m = meshOf[i], k = slotInMesh[i];
            projectInto(t, mx[m][k], my[m][k], mz[m][k], w, h, f, i);
        }
        for (int a = 0; a < 3; a++) {
            double ex = a == 0 ? HALF * 1.12 : 0, ey = a == 1 ? -HALF * 1.12 : 0, ez = a == 2 ? HALF * 1.12 : 0;
            double[] s = screenOf(t, ex, ey, ez, w, h, f);
            Label l = axisLabels[a];
            l.setText(glide.data().axisName(a));
            l.autosize();
            l.relocate(s[0] - l.getWidth() / 2, s[1] - l.getHeight() / 2);
            l.setVisible(s[2] > 0 && a < Math.max(2, glide.data().dims()));
        }
        gridValid = false;
    }

    private void projectInto(Transform t, double x, double y, double z, double w, double h, double f, int i) {
        double px = t.getMxx() * x + t.getMxy() * y + t.getMxz() * z + t.getTx();
        double py = t.getMyx() * x + t.getMyy() * y + t.getMyz() * z + t.getTy();
        double pz = t.getMzx() * x + t.getMzy() * y + t.getMzz() * z + t.getTz() + distance;
        if (pz <= 1) {
            sx[i] = Double.NaN;
            sy[i] = Double.NaN;
            return;
        }
        sx[i] = w / 2 + px * f / pz;
        sy[i] = h / 2 + py * f / pz;
    }

    private double[] screenOf(Transform t, double x, double y, double z, double w, double h, double f) {
        double px = t.getMxx() * x + t.getMxy() * y + t.getMxz() * z + t.getTx();
        double py = t.getMyx() * x + t.getMyy() * y + t.getMyz() * z + t.getTy();
        double pz = t.getMzx() * x + t.getMzy() * y + t.getMzz() * z + t.getTz() + distance;
        return new double[] {w / 2 + px * f / pz, h / 2 + py * f / pz, pz};
    }

    /**
     * Trajectories as a 2D overlay over the 3D scene: each current point's path through the laid-out snapshots before
     * it, projected like the points, drawn as antialiased lines fading in towards the newest with an arrowhead (the
     * highlighted token's thicker). An overlay ignores depth, which thin faded lines can afford; tubes in the meshes
     * would cost JavaFX's per-vertex work again for every segment.
     */
    private void drawTrails() {
        double w = plot.getWidth(), h = plot.getHeight();
        trails.resize(0, 0, w, h, Math.max(outputScale(), exportScale));
        trails.clear();
        neighbourLines.draw(trails, sprites, sx, sy, size * 1.5 * focal() / distance + 5, 0, 0, w, h);
        ScatterData d = glide.data();
        int[] shown = glide.shown();
        if (model.showTrajectoriesProperty().get() && shown.length > 0 && d.size() > 0) {
            int last = d.fittedOrdinal[shown[shown.length - 1]], f = d.fitted.length;
            if (trailX.length < last + 1) {
                trailX = new double[last + 1];
                trailY = new double[last + 1];
            }
            Transform t = world.getLocalToParentTransform();
            double fo = focal();
            for (int pass = 1; pass >= 0; pass--) {       // the highlighted token's paths over the others
                boolean top = pass == 1;
                if (top && !anyHighlight) continue;
                for (int i = 0; i < glide.count; i++) {
                    if (glide.fromEnd[i] != 0 || (anyHighlight && highlighted[i] != top) || Double.isNaN(sx[i])) continue;
                    int tr = d.track[glide.point[i]], m = 0;
                    for (int o = 0; o < last; o++) {
                        int p = d.pointAt[tr * f + o];
                        if (p < 0) continue;
                        double x = (d.pos[p * 3] - center0) * unit, y = -(d.pos[p * 3 + 1] - center1) * unit;
                        double z = (d.pos[p * 3 + 2] - center2) * unit;
                        double pz = t.getMzx() * x + t.getMzy() * y + t.getMzz() * z + t.getTz() + distance;
                        if (pz <= 1) continue;
                        trailX[m] = w / 2 + (t.getMxx() * x + t.getMxy() * y + t.getMxz() * z + t.getTx()) * fo / pz;
                        trailY[m++] = h / 2 + (t.getMyx() * x + t.getMyy() * y + t.getMyz() * z + t.getTy()) * fo / pz;
                    }
                    trailX[m] = sx[i];
                    trailY[m++] = sy[i];
                    int slot = d.colorSlot[glide.point[i]], rgb = ScatterStyle.rgb(slot);
                    if (m >= 2) {                            // the arrowhead first: the raster draws under what is there
                        double dx = trailX[m - 1] - trailX[m - 2], dy = trailY[m - 1] - trailY[m - 2], len = Math.hypot(dx, dy);
                        double size = top ? 9 : 7;
                        if (len >= size) {
                            MarkerSprites.Sprite arrow = sprites.arrow(slot, top ? 9 : anyHighlight ? 3 : 8, Math.atan2(dy, dx),
                                    size, Math.max(outputScale(), exportScale));
                            double back = size * 1.2 * fo / distance + size / 2;
                            trails.blit(arrow, trailX[m - 1] - dx / len * back, trailY[m - 1] - dy / len * back, 0, 0, w, h);
                        }
                    }
                    for (int s = m - 2; s >= 0; s--) {     // newest segment on top
                        double alpha = 0.1 + 0.55 * (s + 1) / (double) (m - 1);
                        alpha = top ? Math.max(0.45, alpha) : anyHighlight ? alpha * 0.35 : alpha;
                        if (top) trails.line(trailX[s] + 0.8, trailY[s] + 0.8, trailX[s + 1] + 0.8, trailY[s + 1] + 0.8, rgb, alpha, 0, 0, w, h);
                        trails.line(trailX[s], trailY[s], trailX[s + 1], trailY[s + 1], rgb, alpha, 0, 0, w, h);
                    }
                }
            }
        }
        trails.publish();
    }

    private double outputScale() {
        return getScene() != null && getScene().getWindow() != null ? Math.max(1, getScene().getWindow().getOutputScaleX()) : 1;
    }

    /** Labels over the 3D scene, placed like the 2D view's, kept clear of the axis names. */
    private void placeLabels() {
        labels.begin();
        if (model.showLabelsProperty().get()) {
            double w = plot.getWidth(), h = plot.getHeight();
            placer.reset(2, 2, w - 2, h - 2);
            double r = size * 1.2 * focal() / distance;
            for (int a = 0; a < 3; a++) {
                Label l = axisLabels[a];
                if (l.isVisible()) placer.block(l.getLayoutX(), l.getLayoutY(), l.getWidth(), l.getHeight());
            }
            int cap = glide.animating() ? ScatterPainter2D.GLIDE_LABELS : MAX_LABELS;
            for (int k = 0; k < items.labelCount && !placer.full() && labels.shown() < cap; k++) {
                int i = items.labelOrder[k];
                if (Double.isNaN(sx[i])) continue;
                if (!placer.place(i, sx[i], sy[i], items.main(i) ? r * 1.5 : r, items.labelWidth(i), widths.height)) continue;
                int k2 = placer.placed - 1;
                labels.add(items.label(i), items.labelColor(i), placer.lx[k2], placer.ly[k2], placer.lw[k2], placer.lh[k2]);
            }
        }
        labels.end();
    }

    /** The title and legend onto {@code c}, sized to the plot at {@code scale} × (for crisp exports). */
    private void paintLegend(Canvas c, double scale) {
        legendDirty = false;
        double w = plot.getWidth(), h = plot.getHeight();
        c.setWidth(Math.max(1, Math.ceil(w * scale)));
        c.setHeight(Math.max(1, Math.ceil(h * scale)));
        GraphicsContext g = c.getGraphicsContext2D();
        g.setTransform(new Affine());
        g.clearRect(0, 0, c.getWidth(), c.getHeight());
        g.scale(scale, scale);
        ScatterFrame f = model.frame();
        g.setFont(ScatterStyle.TITLE_FONT);
        g.setFill(ScatterStyle.INK);
        g.setTextBaseline(VPos.TOP);
        ScatterData d = glide.data();
        g.fillText(d.title(), 10, 8);
        String status = model.statusProperty().get();
        if (d.size() == 0) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setFill(Color.web("#777777"));
            g.fillText(!status.isEmpty() ? status : d.coverage().overBudget()
                    ? "Over " + d.method() + "'s budget: see the line above the plot" : "No points yet", w / 2, h / 2);
            g.setTextAlign(TextAlignment.LEFT);
        }
        if (d.size() > 0 || !d.sentences().isEmpty()) legend.paint(new FxPen(g), f, w - legend.width(f) - 10, 30);
        g.setTextBaseline(VPos.BASELINE);
    }

    // --- hover and click ------------------------------------------------------------------------------

    private int itemAt(double x, double y) {
        if (!gridValid) {
            grid.build(sx, sy, glide.count, plot.getWidth(), plot.getHeight());
            gridValid = true;
        }
        return grid.nearest(x, y, Math.max(6, size * focal() / distance + 4));
    }

    private void hover(double x, double y) {
        int item = itemAt(x, y);
        hover = item;
        if (item < 0) tip.hide();
        else tip.show(glide.data(), glide.point[item], x, y, plot.getWidth(), plot.getHeight());
    }

    private void hideTip() {
        tip.hide();
        hover = -1;
    }

    // --- export ---------------------------------------------------------------------------------------

    @Override
    Region plot() {
        return plot;
    }

    /** The legend canvas and the trajectory overlay are redrawn with {@link #exportScale} pixels per point. */
    @Override
    void redrawAtExportScale() {
        if (!supported) return;
        hideTip();
        paintLegend(legendCanvas, exportScale);
        if (exportScale == 1) legendCanvas.getTransforms().clear();
        else legendCanvas.getTransforms().setAll(Transform.scale(1.0 / exportScale, 1.0 / exportScale));
        draw();
    }

    // --- for tests ------------------------------------------------------------------------------------

    /** Finishes any glide and updates the scene now. */
    void settle() {
        if (!supported) return;
        glide.advance(Long.MAX_VALUE / 4);
        draw();
    }

    int itemCount() {
        return glide.count;
    }

    /** Screen position (in the plot) of item i from this view's own projection. */
    double[] screenPositionOfItem(int i) {
        return new double[] {sx[i], sy[i]};
    }

    /** The same position as JavaFX computes it (through the SubScene to the plot's coordinates). */
    double[] javafxPositionOfItem(int i) {
        int m = meshOf[i], k = slotInMesh[i];
        javafx.geometry.Point3D s = world.localToScene(mx[m][k], my[m][k], mz[m][k], true);
        javafx.geometry.Point2D l = plot.sceneToLocal(s.getX(), s.getY());
        return new double[] {l.getX(), l.getY()};
    }

    Glide glide() {
        return glide;
    }

    int labelsShown() {
        return labels.shown();
    }
}
