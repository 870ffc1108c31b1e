package org.qkvlens.app.view.scatter;

import java.util.Arrays;
import java.util.List;
import javafx.geometry.VPos;
import org.qkvlens.app.draw.Pen;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.qkvlens.app.figure.Marker;
import org.qkvlens.app.figure.Palette;
import org.qkvlens.app.figure.Ticks;
import org.qkvlens.app.state.TokenRef;

/**
 * Draws the 2D scatter. Holds the view transform (fit to the bounds of all laid-out points, equal scale on both axes,
 * then the user's zoom and pan) and, after each {@link #layout}, every item's screen position for hit-testing.
 *
 * <p>The picture is four layers, back to front, chosen for speed (measured: a canvas command per point, and a canvas
 * fillText per label, cost the render thread more than the whole frame budget with 10,000 points):
 * <ol>
 * <li>the back canvas: background, grid, ticks, axis names, frame, title; redrawn only when the view changes;</li>
 * <li>a {@link MarkerRaster}: trajectories (antialiased lines, arrowhead sprites), markers (sprites) and rings,
 *     rasterized on the FX thread into one image per frame;</li>
 * <li>labels: a pool of Text nodes ({@link LabelPool});</li>
 * <li>the legend canvas: legend and messages, redrawn when they change.</li>
 * </ol>
 * Exports take the same layers redrawn at 2× or 4× (see Scatter2DView.setExportScale): the PNG is what is shown.
 * Items are sorted into groups of one colour and marker once per change, not per frame; at most
 * {@link LabelPlacer#MAX_LABELS} labels ({@link #GLIDE_LABELS} while points glide), placed greedily without overlap.
 * Nothing is allocated per frame once the buffers have grown (label strings and widths are made once per point).
 */
final class ScatterPainter2D {
    static final double LEFT = 62;
    static final double BOTTOM = 44;
    static final double TOP = 30;
    static final double GAP = 12;
    /** Labels drawn while points glide (text is the costliest part of a frame); all of them once they stop. */
    static final int GLIDE_LABELS = 80;

    private final Glide glide;
    private final ScatterItems items;
    private final ScatterStyle.TextWidths widths;
    private final ScatterLegend legend;
    private final LabelPlacer placer = new LabelPlacer();

    // the user's view: zoom about the plot centre, then pan in pixels
    double zoom = 1;
    double panX;
    double panY;

    // geometry of the last paint
    double plotX, plotY, plotW, plotH;
    private double scale, cx, cy, mx, my;
    double radius = 5;
    /** Screen position of each item after the last paint. */
    double[] sx = new double[0];
    double[] sy = new double[0];

    // per-item styles, rebuilt by restyle()
    private int[] keys = new int[0];
    private int[] counts = new int[0];
    private int[] order = new int[0];
    private int groups;
    private int[] groupStart = new int[1];
    private Color[] groupFill = new Color[0];
    private Marker[] groupMarker = new Marker[0];
    private double[] groupRadius = new double[0];
    /** The items' highlight flags ({@link ScatterItems#highlighted}), as of the last restyle. */
    boolean[] highlighted = new boolean[0];
    private boolean anyHighlight;
    private int[] trailItems = new int[0];
    private int trailCount;
    private double[] trailX = new double[0];
    private double[] trailY = new double[0];
    private int[] trailStart = new int[0];

    private final MarkerSprites sprites = new MarkerSprites();
    /** The outline of a selected point. */
    static final Color SELECTED = Color.web("#202020");
    /** The picked point's lines to its nearest neighbours (resolved by the view when the frame or they change). */
    final NeighbourLines neighbourLines = new NeighbourLines();
    boolean showLabels = true;
    boolean showTrajectories;
    int hover = -1;
    String message = "";

    ScatterPainter2D(Glide glide, ScatterItems items, ScatterStyle.TextWidths widths) {
        this.glide = glide;
        this.items = items;
        this.widths = widths;
        this.legend = new ScatterLegend(widths);
    }

    /** Recomputes draw order, groups and label priorities after the items or the highlight changed. */
    void restyle(TokenRef highlight) {
        int n = glide.count;
        ScatterData d = glide.data();
        int slots = glide.shown().length;
        if (order.length < n) {
            int cap = Math.max(n, order.length * 3 / 2);
            keys = new int[cap];
            order = new int[cap];
            trailItems = new int[cap];
            sx = new double[cap];
            sy = new double[cap];
        }
        items.restyle(highlight);
        highlighted = items.highlighted;
        anyHighlight = items.anyHighlight;
        radius = n > 40_000 ? 2.4 : n > 4000 ? 3 : n > 1200 ? 3.8 : 4.8;   // smaller in a crowd, so density shows
        // markers: group by (layer, opacity level, kind, colour); older and dimmed ones first. Counting sorts (the keys
        // are few), stable, so ties keep item order: linear in the items, which matters at 100,000 of them.
        for (int i = 0; i < n; i++) {
            int p = glide.point[i];
            int layer = highlighted[i] ? 2 : items.dimmed(i) ? 0 : 1;
            int level = (int) Math.round(ScatterStyle.ageOpacity(glide.fromEnd[i], slots) * 10);
            int kind = d.points[p].key().kind().ordinal();
            int slot = d.colorSlot[p];                 // the grey "others" under the coloured sentences
            keys[i] = ((layer * 16 + level) * 8 + kind) * 64 + (slot == Palette.OTHERS_SLOT ? 0 : 1 + Math.min(62, slot));
        }
        countingSort(n, GROUP_KEYS, order);
        groups = 0;
        int last = -1;
        for (int k = 0; k < n; k++) {
            int i = order[k], key = keys[i];
            if (key != last) {
                if (groupFill.length <= groups + 1) {
                    groupFill = Arrays.copyOf(groupFill, groups * 2 + 8);
                    groupMarker = Arrays.copyOf(groupMarker, groups * 2 + 8);
                    groupRadius = Arrays.copyOf(groupRadius, groups * 2 + 8);
                    groupStart = Arrays.copyOf(groupStart, groups * 2 + 9);
                }
                int p = glide.point[i];
                int layer = key / (16 * 8 * 64);
                double opacity = ScatterStyle.ageOpacity(glide.fromEnd[i], slots);
                if (layer == 0) opacity = Math.max(0.1, opacity * 0.3);
                groupFill[groups] = ScatterStyle.color(d.colorSlot[p]).deriveColor(0, 1, 1, opacity);
                groupMarker[groups] = Marker.of(d.points[p].key().kind());
                groupRadius[groups] = layer == 2 && glide.fromEnd[i] == 0 ? radius * 1.35 : radius;
                groupStart[groups++] = k;
                last = key;
            }
        }
        groupStart[groups] = n;
        // trajectories end at the current snapshot's items; grouped by colour
        trailCount = 0;
        int maxSlot = 0;
        for (int i = 0; i < n; i++) {
            keys[i] = glide.fromEnd[i] == 0 ? d.colorSlot[glide.point[i]] : -1;
            maxSlot = Math.max(maxSlot, keys[i]);
        }
        countingSort(n, maxSlot + 1, trailItems);
        while (trailCount < n && keys[trailItems[trailCount]] >= 0) trailCount++;
    }

    /** Distinct marker group keys of {@link #restyle}: layer (3) × opacity level (16) × kind (8) × colour (64). */
    private static final int GROUP_KEYS = 3 * 16 * 8 * 64;

    /**
     * Items 0…n−1 into {@code out} ordered by {@link #keys} (each in [−1, range); −1, "none", goes last), ties in
     * item order.
     */
    private void countingSort(int n, int range, int[] out) {
        if (counts.length < range + 2) counts = new int[range + 2];
        Arrays.fill(counts, 0, range + 2, 0);
        for (int i = 0; i < n; i++) counts[(keys[i] < 0 ? range : keys[i]) + 1]++;
        for (int k = 0; k <= range; k++) counts[k + 1] += counts[k];
        for (int i = 0; i < n; i++) out[counts[keys[i] < 0 ? range : keys[i]]++] = i;
    }

    // --- transform ------------------------------------------------------------------------------------

    private void fit(double w, double h, double legendWidth) {
        plotX = LEFT;
        plotY = TOP;
        plotW = Math.max(40, w - LEFT - GAP - (legendWidth > 0 ? legendWidth + GAP : 0));
        plotH = Math.max(40, h - TOP - BOTTOM);
        double[] b = glide.bounds;
        double rx = b[3] - b[0], ry = b[4] - b[1];
        scale = Math.min(plotW / rx, plotH / ry) * 0.9 * zoom;
        cx = plotX + plotW / 2 + panX;
        cy = plotY + plotH / 2 + panY;
        mx = (b[0] + b[3]) / 2;
        my = (b[1] + b[4]) / 2;
    }

    double screenX(double x) {
        return cx + (x - mx) * scale;
    }

    double screenY(double y) {
        return cy - (y - my) * scale;
    }

    private double dataX(double px) {
        return mx + (px - cx) / scale;
    }

    private double dataY(double py) {
        return my - (py - cy) / scale;
    }

    /** Zooms by {@code factor} keeping the data point under (px, py) in place. */
    void zoomAt(double px, double py, double factor) {
        double nz = Math.max(0.2, Math.min(200, zoom * factor));
        factor = nz / zoom;
        double ox = plotX + plotW / 2, oy = plotY + plotH / 2;
        panX = px - ox - (px - ox - panX) * factor;
        panY = py - oy - (py - oy - panY) * factor;
        zoom = nz;
    }

    void resetView() {
        zoom = 1;
        panX = 0;
        panY = 0;
    }

    // --- painting: the layers of the class comment --------------------------------------------------

    private boolean legendBeside;
    /** Whether the last rasterMarkers computed trajectory vertices. */
    private boolean hasTrails;
    private double legendWidth;

    /** Fits the view to a w × h area and computes every item's screen position. */
    void layout(double w, double h, ScatterFrame frame) {
        ScatterData d = glide.data();
        boolean hasLegend = d.size > 0 || !d.sentences().isEmpty();
        legend.maxWidth = ScatterLegend.MAX_WIDTH;
        legendWidth = hasLegend ? legend.width(frame) : 0;
        legendBeside = w - legendWidth > 420;
        if (!legendBeside && hasLegend) {                 // over the plot: narrower, so it covers little of it
            legend.maxWidth = ScatterLegend.OVER_PLOT_WIDTH;
            legendWidth = legend.width(frame);
        }
        fit(w, h, legendBeside ? legendWidth : 0);
        double[] cur = glide.cur;
        for (int i = 0; i < glide.count; i++) {
            sx[i] = screenX(cur[i * 3]);
            sy[i] = screenY(cur[i * 3 + 1]);
        }
    }

    /** The legend, beside the plot when there is room, else over its top-right corner. */
    void paintLegend(Pen g, ScatterFrame frame) {
        if (legendWidth <= 0) return;
        if (legendBeside) legend.paint(g, frame, plotX + plotW + GAP, plotY);
        else legend.paint(g, frame, plotX + plotW - legendWidth - 6, plotY + 6);
    }

    /** Whether the legend would look as when {@code key} was last updated (and updates it). */
    boolean sameLegend(ScatterFrame frame, double[] key) {
        double now0 = plotX + plotW, now1 = legendWidth, now2 = legendBeside ? 1 : 0;
        double now3 = (System.identityHashCode(frame.data()) * 31.0 + Arrays.hashCode(frame.shown())) * 31.0 + message.hashCode();
        boolean same = key[0] == now0 && key[1] == now1 && key[2] == now2 && key[3] == now3;
        key[0] = now0;
        key[1] = now1;
        key[2] = now2;
        key[3] = now3;
        return same;
    }

    /** Background, grid and ticks, axis names, plot frame, title. */
    void paintBack(Pen g, double w, double h, ScatterFrame frame) {
        ScatterData d = glide.data();
        g.setFill(ScatterStyle.BACKGROUND);
        g.fillRect(0, 0, w, h);
        axes(g, d);
        g.setStroke(ScatterStyle.AXIS);
        g.setLineWidth(1);
        g.strokeRect(plotX + 0.5, plotY + 0.5, plotW - 1, plotH - 1);
        title(g, d, w);

    }

    /**
     * The markers into the raster, clipped to the plot. The raster composites front to back, so this goes from the top
     * down: hover ring, the picked point's lines to its neighbours, highlight rings, selection outlines, the highlighted token's trajectories, markers (highlighted, then the current
     * epoch's, the older and dimmed last), the other trajectories.
     */
    void rasterMarkers(MarkerRaster raster) {
        raster.clear();
        hasTrails = showTrajectories && trailVertices(glide.data());
        double scale = raster.scale();
        double x0 = plotX + 1, y0 = plotY + 1, x1 = plotX + plotW - 1, y1 = plotY + plotH - 1;
        if (hover >= 0 && hover < glide.count) {
            raster.blit(sprites.ring(Color.web("#333333"), radius + 4, 1, scale), sx[hover], sy[hover], x0, y0, x1, y1);
        }
        neighbourLines.draw(raster, sprites, sx, sy, radius * 1.35 + 5, x0, y0, x1, y1);
        if (anyHighlight) {
            MarkerSprites.Sprite ring = sprites.ring(ScatterStyle.INK, radius * 1.35 + 2.5, 1.4, scale);
            for (int i = glide.count - 1; i >= 0; i--) {
                if (highlighted[i] && glide.fromEnd[i] == 0) raster.blit(ring, sx[i], sy[i], x0, y0, x1, y1);
            }
        }
        if (items.anyMark) {                       // selected points: a thin dark outline
            MarkerSprites.Sprite outline = sprites.ring(SELECTED, radius + 1.6, 1.2, scale);
            for (int i = glide.count - 1; i >= 0; i--) if (items.selected[i]) raster.blit(outline, sx[i], sy[i], x0, y0, x1, y1);
        }
        if (hasTrails && anyHighlight) rasterTrajectories(raster, glide.data(), true);
        for (int gi = groups - 1; gi >= 0; gi--) {
            MarkerSprites.Sprite sprite = sprites.sprite(groupMarker[gi], groupFill[gi], groupRadius[gi], scale);
            for (int k = groupStart[gi + 1] - 1; k >= groupStart[gi]; k--) {
                int i = order[k];
                raster.blit(sprite, sx[i], sy[i], x0, y0, x1, y1);
            }
        }
        if (hasTrails) rasterTrajectories(raster, glide.data(), false);
        raster.publish();
    }

    /**
     * The whole picture as shown, through {@code g}, for SVG and PDF (after a paint: positions, groups, trajectories
     * and label places are the last paint's): the back layer; what the raster shows, as vector shapes back to front
     * (other trajectories, markers, the highlighted token's trajectories, selection outlines, highlight rings, the
     * picked point's lines to its neighbours; the hover ring left out), clipped where the raster is; the labels over
     * their boxes; legend and message.
     */
    void paintVector(Pen g, double w, double h, ScatterFrame frame) {
        paintBack(g, w, h, frame);
        g.save();
        g.clipRect(plotX + 1, plotY + 1, plotW - 2, plotH - 2);   // the raster's bounds (see paint)
        if (hasTrails) vectorTrajectories(g, glide.data(), false);
        for (int gi = 0; gi < groups; gi++) {
            g.setFill(groupFill[gi]);
            for (int k = groupStart[gi]; k < groupStart[gi + 1]; k++) {
                int i = order[k];
                if (placed(sx[i], sy[i])) marker(g, groupMarker[gi], sx[i], sy[i], groupRadius[gi]);
            }
        }
        if (hasTrails && anyHighlight) vectorTrajectories(g, glide.data(), true);
        if (items.anyMark) rings(g, items.selected, false, SELECTED, radius + 1.6, 1.2);
        if (anyHighlight) rings(g, highlighted, true, ScatterStyle.INK, radius * 1.35 + 2.5, 1.4);
        neighbourLines.draw(g, sx, sy, radius * 1.35 + 5);
        g.restore();
        g.setFill(LabelPool.BOX);
        for (int k = 0; k < placer.placed; k++) g.fillRect(placer.lx[k] - 1, placer.ly[k], placer.lw[k] + 2, placer.lh[k]);
        g.setFont(ScatterStyle.LABEL_FONT);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (int k = 0; k < placer.placed; k++) {
            int i = placer.item[k];
            g.setFill(items.labelColor(i));
            g.fillText(items.label(i), placer.lx[k], placer.ly[k]);
        }
        g.setTextBaseline(VPos.BASELINE);
        paintLegend(g, frame);
        paintMessage(g);
    }

    /** An arrowhead's opacity in tenths: the highlighted token's strong, the others faint while one is highlighted. */
    private int arrowLevel(boolean top) {
        return top ? 9 : anyHighlight ? 3 : 8;
    }

    /** Whether a point has a place on the screen (a vector file cannot hold NaN; the plot's clip does the rest). */
    private static boolean placed(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y);
    }

    /** Circle outlines round the flagged items in the plot ({@code current}: of the current epoch only). */
    private void rings(Pen g, boolean[] flagged, boolean current, Color c, double r, double width) {
        g.setStroke(c);
        g.setLineWidth(width);
        for (int i = 0; i < glide.count; i++) {
            if (!flagged[i] || current && glide.fromEnd[i] != 0 || !placed(sx[i], sy[i])) continue;
            g.strokeOval(sx[i] - r, sy[i] - r, 2 * r, 2 * r);
        }
    }

    /** {@link #rasterTrajectories} as vector lines and arrowheads, oldest segment first. */
    private void vectorTrajectories(Pen g, ScatterData d, boolean top) {
        double dim = anyHighlight && !top ? 0.35 : 1;
        for (int k = 0; k < trailCount; k++) {
            int i = trailItems[k];
            if (anyHighlight && highlighted[i] != top) continue;
            Color c = ScatterStyle.color(d.colorSlot[glide.point[i]]);
            int a = trailStart[k], m = trailStart[k + 1] - a;
            g.setLineWidth(top ? 2.6 : 1);
            for (int s = 0; s < m - 1; s++) {
                double ax = trailX[a + s], ay = trailY[a + s], bx = trailX[a + s + 1], by = trailY[a + s + 1];
                if (!placed(ax, ay) || !placed(bx, by)) continue;
                double alpha = top ? Math.max(0.45, segmentAlpha(s, m)) : segmentAlpha(s, m) * dim;
                g.setStroke(c.deriveColor(0, 1, 1, alpha));
                g.strokeLine(ax, ay, bx, by);
            }
            if (m < 2) continue;
            double dx = trailX[a + m - 1] - trailX[a + m - 2], dy = trailY[a + m - 1] - trailY[a + m - 2];
            double len = Math.sqrt(dx * dx + dy * dy), size = top ? 9 : 7;
            if (!(len >= size)) continue;                  // also when a position is not a number
            double ux = dx / len, uy = dy / len, back = radius + 1 + size / 2;
            double cx = trailX[a + m - 1] - ux * back, cy = trailY[a + m - 1] - uy * back;
            double[] xs = new double[3], ys = new double[3];
            MarkerSprites.arrowTriangle(cx, cy, ux, uy, size, xs, ys);
            g.setFill(c.deriveColor(0, 1, 1, arrowLevel(top) / 10.0));
            g.fillPolygon(xs, ys, 3);
        }
    }

    /** The message over the plot when there is nothing to show (or a projection failed). */
    void paintMessage(Pen g) {
        if (glide.data().size == 0 || !message.isEmpty()) {
            g.setFont(ScatterStyle.TITLE_FONT);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.setFill(Color.web("#777777"));
            List<String> lines = wrap(message.isEmpty() ? "No points yet" : message, Math.max(80, plotW - 24));
            double y = plotY + (glide.data().size == 0 ? plotH / 2 - (lines.size() - 1) * 8 : 16);
            for (String line : lines) {
                g.fillText(line, plotX + plotW / 2, y);
                y += 16;
            }
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BASELINE);
        }
    }

    /** The text broken at spaces into lines no wider than {@code width} (a longer word gets its own line). */
    List<String> wrap(String text, double width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && widths.width(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        if (!line.isEmpty()) lines.add(line.toString());
        return lines;
    }

    private final double[] backNow = new double[11];

    /**
     * Whether the back layer would look as when {@code key} was last updated (and updates it): it is redrawn only
     * when size, zoom, pan, bounds, data or legend place change.
     */
    boolean sameBack(double w, double h, double[] key) {
        double[] b = glide.bounds;
        backNow[0] = w;
        backNow[1] = h;
        backNow[2] = zoom;
        backNow[3] = panX;
        backNow[4] = panY;
        backNow[5] = b[0];
        backNow[6] = b[1];
        backNow[7] = b[3];
        backNow[8] = b[4];
        backNow[9] = System.identityHashCode(glide.data());
        backNow[10] = legendBeside ? legendWidth : 0;
        boolean same = Arrays.equals(backNow, 0, 11, key, 0, 11);
        System.arraycopy(backNow, 0, key, 0, 11);
        return same;
    }

    private static final double[] PX = new double[4];
    private static final double[] PY = new double[4];

    /** One marker centred at (x, y) with "radius" r, in the current fill. */
    static void marker(Pen g, Marker m, double x, double y, double r) {
        switch (m) {
            case CIRCLE -> g.fillOval(x - r, y - r, 2 * r, 2 * r);
            case SQUARE -> g.fillRect(x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
            case TRIANGLE -> {
                PX[0] = x;
                PY[0] = y - r * 1.15;
                PX[1] = x + r * 1.05;
                PY[1] = y + r * 0.8;
                PX[2] = x - r * 1.05;
                PY[2] = y + r * 0.8;
                g.fillPolygon(PX, PY, 3);
            }
            case DIAMOND -> {
                PX[0] = x;
                PY[0] = y - r * 1.2;
                PX[1] = x + r;
                PY[1] = y;
                PX[2] = x;
                PY[2] = y + r * 1.2;
                PX[3] = x - r;
                PY[3] = y;
                g.fillPolygon(PX, PY, 4);
            }
            case CROSS -> {
                double t = r * 0.32;
                g.fillRect(x - r * 1.05, y - t, r * 2.1, 2 * t);
                g.fillRect(x - t, y - r * 1.05, 2 * t, r * 2.1);
            }
        }
    }

    /** Chooses which items get a label and where (into the placer), within the frame's budget. */
    private void placeLabels() {
        placer.reset(plotX + 2, plotY + 2, plotX + plotW - 2, plotY + plotH - 2);
        if (!showLabels) return;
        double th = widths.height;
        int cap = glide.animating() ? GLIDE_LABELS : LabelPlacer.MAX_LABELS;
        for (int k = 0; k < items.labelCount && !placer.full() && placer.placed < cap; k++) {
            int i = items.labelOrder[k];
            double x = sx[i], y = sy[i];
            if (x < plotX || x > plotX + plotW || y < plotY || y > plotY + plotH) continue;
            placer.place(i, x, y, items.main(i) ? radius * 1.35 + 2 : radius, items.labelWidth(i), th);
        }
    }

    /** The placed labels into the on-screen label nodes. */
    void showLabels(LabelPool pool) {
        placeLabels();
        pool.begin();
        for (int k = 0; k < placer.placed; k++) {
            int i = placer.item[k];
            pool.add(items.label(i), items.labelColor(i), placer.lx[k], placer.ly[k], placer.lw[k], placer.lh[k]);
        }
        pool.end();
    }

    /**
     * Screen vertices of each current point's path through the laid-out snapshots up to the current one: a drawn
     * snapshot's vertex is where its marker is drawn, the others glide with them ({@link Glide#path}). Returns false
     * when there is nothing to draw.
     */
    private boolean trailVertices(ScatterData d) {
        int current = glide.shown().length == 0 ? -1 : glide.shown()[glide.shown().length - 1];
        if (current < 0 || trailCount == 0) return false;
        int last = d.fittedOrdinal[current], f = d.fitted.length;
        if (trailStart.length < trailCount + 1) trailStart = new int[trailCount + 1];
        int need = trailCount * (last + 1);
        if (trailX.length < need) {
            trailX = new double[need];
            trailY = new double[need];
        }
        int v = 0;
        for (int k = 0; k < trailCount; k++) {
            int i = trailItems[k], t = d.track[glide.point[i]];
            trailStart[k] = v;
            for (int o = 0; o < last; o++) {
                int p = d.pointAt[t * f + o];
                if (p < 0) continue;
                int item = glide.itemOfPoint[p];
                trailX[v] = item >= 0 ? sx[item] : screenX(glide.path[p * 3]);
                trailY[v++] = item >= 0 ? sy[item] : screenY(glide.path[p * 3 + 1]);
            }
            trailX[v] = sx[i];
            trailY[v++] = sy[i];
        }
        trailStart[trailCount] = v;
        return true;
    }

    /** The screen vertices (x0, y0, x1, y1, …) of the path that ends at item {@code item}, after the last paint; null if none. */
    double[] pathOf(int item) {
        if (!hasTrails) return null;
        for (int k = 0; k < trailCount; k++) {
            if (trailItems[k] != item) continue;
            double[] xy = new double[(trailStart[k + 1] - trailStart[k]) * 2];
            for (int v = trailStart[k], j = 0; v < trailStart[k + 1]; v++) {
                xy[j++] = trailX[v];
                xy[j++] = trailY[v];
            }
            return xy;
        }
        return null;
    }

    /** Opacity of segment s of a path of m vertices: fading in towards the newest. */
    private static double segmentAlpha(int s, int m) {
        return 0.1 + 0.55 * (s + 1) / (double) (m - 1);
    }

    /**
     * Paths into the raster as antialiased lines with arrowhead sprites: the normal (or, with a highlight, dimmed)
     * ones one pixel wide, or ({@code top}) the highlighted token's, three pixels wide and opaque.
     */
    private void rasterTrajectories(MarkerRaster raster, ScatterData d, boolean top) {
        double x0 = plotX + 1, y0 = plotY + 1, x1 = plotX + plotW - 1, y1 = plotY + plotH - 1;
        double dim = anyHighlight && !top ? 0.35 : 1;
        boolean dense = raster.scale() >= 1.5;
        for (int k = trailCount - 1; k >= 0; k--) {                   // front to back: the raster draws under
            int i = trailItems[k];
            if (anyHighlight && highlighted[i] != top) continue;
            int rgb = ScatterStyle.rgb(d.colorSlot[glide.point[i]]);
            int a = trailStart[k], m = trailStart[k + 1] - a;
            if (m >= 2) {                                                  // the arrowhead over its path
                double dx = trailX[a + m - 1] - trailX[a + m - 2], dy = trailY[a + m - 1] - trailY[a + m - 2];
                double len = Math.sqrt(dx * dx + dy * dy);
                double size = top ? 9 : 7;
                if (len >= size) {
                    MarkerSprites.Sprite arrow = sprites.arrow(d.colorSlot[glide.point[i]], arrowLevel(top),
                            Math.atan2(dy, dx), size, raster.scale());
                    double back = radius + 1 + size / 2;    // tip just outside the marker; the sprite is centred on the arrow's middle
                    raster.blit(arrow, trailX[a + m - 1] - dx / len * back, trailY[a + m - 1] - dy / len * back, x0, y0, x1, y1);
                }
            }
            for (int s = m - 2; s >= 0; s--) {                            // newest segment on top
                double alpha = top ? Math.max(0.45, segmentAlpha(s, m)) : segmentAlpha(s, m) * dim;
                double ax = trailX[a + s], ay = trailY[a + s], bx = trailX[a + s + 1], by = trailY[a + s + 1];
                if (top || dense) {
                    double len = Math.hypot(bx - ax, by - ay);
                    if (len >= 1e-9) {
                        double off = top ? 0.8 : 0.5;                 // lines keep their width on HiDPI and in 2×/4× exports
                        double nx = -(by - ay) / len * off, ny = (bx - ax) / len * off;
                        if (top) raster.line(ax - nx, ay - ny, bx - nx, by - ny, rgb, alpha, x0, y0, x1, y1);
                        raster.line(ax + nx, ay + ny, bx + nx, by + ny, rgb, alpha, x0, y0, x1, y1);
                    }
                }
                raster.line(ax, ay, bx, by, rgb, alpha, x0, y0, x1, y1);
            }
        }
    }

    private void axes(Pen g, ScatterData d) {
        g.setFont(ScatterStyle.SMALL_FONT);
        g.setLineWidth(1);
        double x0 = dataX(plotX), x1 = dataX(plotX + plotW), y0 = dataY(plotY + plotH), y1 = dataY(plotY);
        double stepX = Ticks.step((x1 - x0) / Math.max(2, plotW / 90)), stepY = Ticks.step((y1 - y0) / Math.max(2, plotH / 60));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (double v = Math.ceil(x0 / stepX) * stepX; v <= x1; v += stepX) {
            double px = Math.round(screenX(v)) + 0.5;
            g.setStroke(ScatterStyle.GRID);
            g.strokeLine(px, plotY, px, plotY + plotH);
            g.setStroke(ScatterStyle.AXIS);
            g.strokeLine(px, plotY + plotH, px, plotY + plotH + 4);
            g.setFill(ScatterStyle.AXIS);
            g.fillText(Ticks.label(v, stepX), px, plotY + plotH + 6);
        }
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (double v = Math.ceil(y0 / stepY) * stepY; v <= y1; v += stepY) {
            double py = Math.round(screenY(v)) + 0.5;
            g.setStroke(ScatterStyle.GRID);
            g.strokeLine(plotX, py, plotX + plotW, py);
            g.setStroke(ScatterStyle.AXIS);
            g.strokeLine(plotX - 4, py, plotX, py);
            g.setFill(ScatterStyle.AXIS);
            g.fillText(Ticks.label(v, stepY), plotX - 6, py);
        }
        g.setFill(ScatterStyle.INK);
        g.setFont(ScatterStyle.TITLE_FONT);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(d.axisName(0), plotX + plotW / 2, plotY + plotH + BOTTOM - 4);
        g.save();
        g.translate(14, plotY + plotH / 2);
        g.rotate(-90);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(d.axisName(1), 0, 0);
        g.restore();
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BASELINE);
    }

    private void title(Pen g, ScatterData d, double w) {
        g.setFont(ScatterStyle.TITLE_FONT);
        g.setFill(ScatterStyle.INK);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(legend.fit(d.title(), w - plotX - GAP), plotX, TOP / 2);
        g.setTextBaseline(VPos.BASELINE);
    }
}
