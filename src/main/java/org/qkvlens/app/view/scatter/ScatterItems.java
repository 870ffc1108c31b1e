package org.qkvlens.app.view.scatter;

import javafx.scene.paint.Color;
import org.qkvlens.app.state.TokenRef;
import org.qkvlens.projection.PointKey;

/**
 * What each drawn item of a scatter is, the same for the 2D and the 3D view: whether it is the highlighted token,
 * which items may get a label and in which order, each label's text and width, and its colour (the sentence's,
 * darker, fainter for older epochs and when another token is highlighted), and which are search matches or selected
 * points ({@link #mark}: then the rest is dimmed). Rebuilt by {@link #restyle} when the items
 * or the highlight change, not per frame; label text and width are made once per data point. Leaves out where
 * things go on screen (each view's own projection) and how markers are drawn. FX thread.
 */
final class ScatterItems {
    private final ScatterStyle.TextWidths widths;
    private final Glide glide;
    /** Per item: the highlighted token's point. */
    boolean[] highlighted = new boolean[0];
    boolean anyHighlight;
    /** Per item: a search match or a selected point ({@link #mark}); when any item is, the unmarked ones are dimmed. */
    boolean[] marked = new boolean[0];
    /** Per item: a selected point (outlined). */
    boolean[] selected = new boolean[0];
    boolean anyMark;
    private java.util.Set<TokenRef> matches = java.util.Set.of();
    private java.util.Set<PointKey> selection = java.util.Set.of();
    /** Items that may get a label, best first ({@link #labelCount} of them). */
    int[] labelOrder = new int[0];
    int labelCount;
    private int[] scratch = new int[0];

    private ScatterData labelsOf;
    private String[] labelText = new String[0];
    private double[] labelWidth = new double[0];

    ScatterItems(Glide glide, ScatterStyle.TextWidths widths) {
        this.glide = glide;
        this.widths = widths;
    }

    /** Recomputes the highlight flags and the label order after the items or the highlighted token changed. */
    void restyle(TokenRef highlight) {
        int n = glide.count;
        ScatterData d = glide.data();
        if (highlighted.length < n) {
            int cap = Math.max(n, highlighted.length * 3 / 2);
            highlighted = new boolean[cap];
            marked = new boolean[cap];
            selected = new boolean[cap];
            labelOrder = new int[cap];
            scratch = new int[cap];
        }
        anyHighlight = false;
        anyMark = false;
        for (int i = 0; i < n; i++) {
            PointKey k = d.points[glide.point[i]].key();
            highlighted[i] = highlight != null && k.probe() == highlight.probe() && k.decoder() == highlight.decoder()
                    && k.position() == highlight.position();
            anyHighlight |= highlighted[i];
            selected[i] = !selection.isEmpty() && selection.contains(k);
            marked[i] = selected[i] || !matches.isEmpty() && matches.contains(TokenRef.of(k));
            anyMark |= marked[i];
        }
        labelCount = labelOrder(glide, highlighted, anyMark ? marked : null, n, scratch, labelOrder);
        if (labelsOf != d) {
            labelsOf = d;
            labelText = new String[d.size];
            labelWidth = new double[d.size];
        }
    }

    /**
     * The items that may get a label, best first, into {@code out}; returns how many. With up to four snapshots drawn
     * (the article's three) every point may; with more only the current snapshot's, or every epoch becomes a label.
     * Order: the highlighted token's points (current first), then the marked ones (search matches and selected points)
     * when any are, else the selected sentences' (A and B), then the others;
     * within each, the current snapshot's, then older ones, newest first; ties by item. A counting sort (the keys are
     * few): linear in the items, which matters at 100,000 of them.
     */
    private static int labelOrder(Glide glide, boolean[] highlighted, boolean[] marked, int n, int[] keys, int[] out) {
        boolean all = glide.shown().length <= 4;
        int ages = glide.shown().length + 1;
        int[] slot = glide.data().sentenceSlot;
        int m = 0;
        for (int i = 0; i < n; i++) {
            int age = glide.fromEnd[i];
            if (!all && age > 0) continue;
            int tier = highlighted[i] ? 0 : marked != null ? (marked[i] ? 1 : 2) : slot[glide.point[i]] < 2 ? 1 : 2;
            keys[i] = tier * ages + Math.min(age, ages - 1);
            m++;
        }
        int[] start = new int[3 * ages + 1];
        for (int i = 0; i < n; i++) if (all || glide.fromEnd[i] == 0) start[keys[i] + 1]++;
        for (int k = 0; k < 3 * ages; k++) start[k + 1] += start[k];
        for (int i = 0; i < n; i++) if (all || glide.fromEnd[i] == 0) out[start[keys[i]]++] = i;
        return m;
    }

    /**
     * The search's matches and the selected points, emphasised from the next {@link #restyle} on (the others dimmed).
     */
    void mark(java.util.Set<TokenRef> searchMatches, java.util.Set<PointKey> selectedPoints) {
        matches = searchMatches;
        selection = selectedPoints;
    }

    /** Whether item i is drawn faint: others are marked (search, selection) or highlighted, and it is neither. */
    boolean dimmed(int i) {
        return anyMark ? !marked[i] && !highlighted[i] : anyHighlight && !highlighted[i];
    }

    /** Whether item i is the highlighted token's point in the current snapshot (drawn bigger, labelled first). */
    boolean main(int i) {
        return highlighted[i] && glide.fromEnd[i] == 0;
    }

    /** The label of item i ({@code apple@K@30}). */
    String label(int i) {
        int p = glide.point[i];
        if (labelText[p] == null) {
            labelText[p] = glide.data().points[p].label();
            labelWidth[p] = widths.width(labelText[p]);
        }
        return labelText[p];
    }

    /** The width of item i's label in the label font. */
    double labelWidth(int i) {
        label(i);
        return labelWidth[glide.point[i]];
    }

    /** The colour of item i's label: its sentence's, darker; fainter for older epochs and beside a highlighted token. */
    Color labelColor(int i) {
        double a = Math.max(0.55, ScatterStyle.ageOpacity(glide.fromEnd[i], glide.shown().length));
        if (dimmed(i)) a = 0.35;
        return ScatterStyle.labelColor(glide.data().colorSlot[glide.point[i]], a);
    }
}
