package org.qkvlens.app.view.scatter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qkvlens.app.figure.Palette;
import org.qkvlens.app.state.PointClusters;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Snapshot;
import org.qkvlens.probe.Tensor;
import org.qkvlens.projection.Layout;
import org.qkvlens.projection.Method;
import org.qkvlens.projection.Point;
import org.qkvlens.projection.PointKey;

/**
 * Colour-by on a hand-made point set (decoder–encoder attention, two probes, two snapshots of epochs 0 and 2):
 * <pre>
 * point  snapshot probe side     pos kind token
 *   0      0       0    encoder   0   K    x
 *   1      0       0    encoder   1   K    y
 *   2      0       1    encoder   0   K    x
 *   3      0       1    encoder   1   K    x
 *   4      1       0    decoder   0   Q    sos->a     attention row (0.5, 0.5): entropy ln 2
 *   5      1       0    decoder   1   Q    a->b       attention row (1, 0): entropy 0
 * </pre>
 * so every slot, value and legend row can be checked by hand; and the CSV of the frame round-trips.
 */
class ColoringTest {
    private static final float[] ATTENTION = {0.5f, 0.5f, 1f, 0f};   // (1 head, 2 queries, 2 keys)

    private static Snapshot snapshot(int epoch) {
        List<ProbeCapture> caps = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            Map<ArrayKey, Tensor> arrays = Map.of(new ArrayKey(Site.DEC_CROSS, 0, Kind.ATTENTION), new Tensor(new int[] {1, 2, 2}, ATTENTION));
            caps.add(new ProbeCapture(p, "probe " + p, List.of("x", "y"), List.of("a", "b"), List.of("sos->a", "a->b"), false, arrays));
        }
        return new Snapshot(epoch, epoch * 10L, true, Double.NaN, Double.NaN, caps);
    }

    static final List<Snapshot> RUN = List.of(snapshot(0), snapshot(2));

    private static Point point(int snapshot, int probe, boolean decoder, int pos, Kind kind, String token) {
        return new Point(new PointKey(probe, decoder, pos, kind, snapshot), token, RUN.get(snapshot).epoch(), 0, new float[] {pos + 1, probe + 2});
    }

    static final List<Point> POINTS = List.of(
            point(0, 0, false, 0, Kind.K, "x"), point(0, 0, false, 1, Kind.K, "y"), point(0, 1, false, 0, Kind.K, "x"),
            point(0, 1, false, 1, Kind.K, "x"), point(1, 0, true, 0, Kind.Q, "sos->a"), point(1, 0, true, 1, Kind.Q, "a->b"));

    static ScatterData data() {
        List<PointKey> keys = POINTS.stream().map(Point::key).toList();
        double[][] coords = new double[keys.size()][];
        for (int i = 0; i < coords.length; i++) coords[i] = new double[] {i * 1.25, -i / 3.0};
        Layout layout = new Layout(Method.PCA, 2, keys, coords);
        List<ScatterData.Sentence> sentences = List.of(new ScatterData.Sentence(0, "A", "probe 0"), new ScatterData.Sentence(1, "B", "probe 1"));
        return ScatterData.of(layout, Site.DEC_CROSS, 0, -1, List.of(Kind.Q, Kind.K), sentences, RUN, POINTS, new int[] {0, 1});
    }

    @Test
    void categoriesByFrequency() {
        ScatterData d = data();
        Coloring word = Coloring.of(d, ColorBy.WORD, PointClusters.NONE, RUN);
        assertArrayEquals(new int[] {0, 1, 0, 0, 2, 3}, word.slot(), "x ×3 first, then y, sos->a, a->b in order of appearance");
        assertEquals(List.of(new Coloring.Entry(0, "x", 3), new Coloring.Entry(1, "y", 1), new Coloring.Entry(2, "sos->a", 1),
                new Coloring.Entry(3, "a->b", 1)), word.entries());
        Coloring kind = Coloring.of(d, ColorBy.KIND, PointClusters.NONE, RUN);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1}, kind.slot());
        assertEquals("Q", kind.valueText(5));
        Coloring position = Coloring.of(d, ColorBy.POSITION, PointClusters.NONE, RUN);
        assertFalse(position.continuous(), "two positions: categories");
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, position.slot());
        Coloring sentence = Coloring.of(d, ColorBy.SENTENCE, PointClusters.NONE, RUN);
        assertArrayEquals(new int[] {0, 0, 1, 1, 0, 0}, sentence.slot(), "A blue, B vermillion as built");
    }

    @Test
    void clustersFromTheSelectionAndTheRestGrey() {
        ScatterData d = data();
        PointClusters pc = new PointClusters("k-means, k = 3", 3, Map.of(POINTS.get(0).key(), 2, POINTS.get(1).key(), 0,
                POINTS.get(2).key(), 2, POINTS.get(3).key(), -1));
        Coloring c = Coloring.of(d, ColorBy.CLUSTER, pc, RUN);
        int grey = Palette.OTHERS_SLOT;
        assertArrayEquals(new int[] {0, 1, 0, 2, grey, grey}, c.slot());
        assertEquals(List.of(new Coloring.Entry(0, "2", 2), new Coloring.Entry(1, "0", 1), new Coloring.Entry(2, "noise", 1),
                new Coloring.Entry(grey, "not clustered", 2)), c.entries());
        assertEquals("", c.valueText(4));
        List<ScatterLegend.Row> rows = ScatterLegend.colourRows(d.recoloured(c));
        assertEquals(List.of("2 (2)", "0 (1)", "noise (1)", "not clustered (2)"), rows.stream().map(ScatterLegend.Row::text).toList());
        assertEquals("Colour: cluster", ScatterLegend.colourHeader(d.recoloured(c)));
        // the hover says it too: the value a point is coloured by, a dash when it has none
        assertTrue(PointInfo.describe(d.recoloured(c), 0).endsWith("\ncluster: 2"), PointInfo.describe(d.recoloured(c), 0));
        assertTrue(PointInfo.describe(d.recoloured(c), 4).endsWith("\ncluster: \u2013"), PointInfo.describe(d.recoloured(c), 4));
        assertTrue(!PointInfo.describe(d, 0).contains("cluster"), "coloured by sentence: no extra line");
    }

    @Test
    void beyondThePaletteIsOther() {
        List<Point> many = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            for (int r = 0; r <= (i < 8 ? 1 : 0); r++) many.add(point(0, r, false, i, Kind.K, "w" + i));  // w0…w7 twice, w8…w10 once
        }
        List<PointKey> keys = many.stream().map(Point::key).toList();
        double[][] coords = new double[keys.size()][];
        for (int i = 0; i < coords.length; i++) coords[i] = new double[] {i, i};
        ScatterData d = ScatterData.of(new Layout(Method.PCA, 2, keys, coords), Site.DEC_CROSS, 0, -1, List.of(Kind.K),
                List.of(new ScatterData.Sentence(0, "A", "a")), RUN, many, new int[] {0});
        Coloring c = Coloring.of(d, ColorBy.WORD, PointClusters.NONE, RUN);
        assertEquals(9, c.entries().size());
        assertEquals(new Coloring.Entry(Palette.OTHERS_SLOT, "other (3 more)", 3), c.entries().getLast());
        assertEquals(Palette.OTHERS_SLOT, c.slot()[many.size() - 1]);
        Coloring position = Coloring.of(d, ColorBy.POSITION, PointClusters.NONE, RUN);
        assertTrue(position.continuous(), "11 positions: a ramp");
        assertEquals(ScatterStyle.RAMP_BASE, position.slot()[0]);
        assertEquals(ScatterStyle.RAMP_BASE + ScatterStyle.RAMP - 1, position.slot()[many.size() - 1]);
        assertEquals("0 … 10", ScatterLegend.colourRows(d.recoloured(position)).getFirst().text());
    }

    @Test
    void epochAndEntropyAreRamps() {
        ScatterData d = data();
        Coloring epoch = Coloring.of(d, ColorBy.EPOCH, PointClusters.NONE, RUN);
        assertTrue(epoch.continuous());
        assertEquals(0, epoch.min());
        assertEquals(2, epoch.max());
        int first = ScatterStyle.RAMP_BASE, last = ScatterStyle.RAMP_BASE + ScatterStyle.RAMP - 1;
        assertArrayEquals(new int[] {first, first, first, first, last, last}, epoch.slot());
        assertEquals("2", epoch.valueText(5));

        Coloring entropy = Coloring.of(d, ColorBy.ENTROPY, PointClusters.NONE, RUN);
        int grey = Palette.OTHERS_SLOT;
        assertArrayEquals(new int[] {grey, grey, grey, grey, last, first}, entropy.slot());
        assertEquals(Math.log(2), entropy.max(), 1e-6);
        assertEquals(0, entropy.min(), 1e-12);
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", Math.log(2)), entropy.valueText(4));
        assertEquals("", entropy.valueText(0), "keys have no attention row");
        List<ScatterLegend.Row> rows = ScatterLegend.colourRows(d.recoloured(entropy));
        assertEquals(ScatterLegend.BAR, rows.getFirst().role());
        assertEquals("0.00 … 0.69 nats", rows.getFirst().text());
        assertEquals("not a query (4)", rows.get(1).text());
    }

    @Test
    void recolouringKeepsTheLayoutAndCsvRoundTrips() {
        ScatterData d = data();
        ScatterData w = d.recoloured(Coloring.of(d, ColorBy.WORD, PointClusters.NONE, RUN));
        assertTrue(w.layout() == d.layout() && w.pos == d.pos, "the same positions, not laid out again");
        assertEquals(ColorBy.WORD, w.colorBy());
        ScatterFrame f = new ScatterFrame(w, new int[] {0, 1});
        String[] lines = ScatterCsv.of(f).split("\n");
        assertEquals("snapshot,epoch,probe,side,position,token,kind,x,y,norm,colour (word)", lines[0]);
        assertEquals(1 + d.size(), lines.length);
        int[] visible = f.visiblePoints();
        for (int r = 1; r < lines.length; r++) {
            String[] c = lines[r].split(",", -1);
            int i = visible[r - 1];
            Point p = d.point(i);
            assertEquals(p.key().snapshot(), Integer.parseInt(c[0]));
            assertEquals(p.epoch(), Integer.parseInt(c[1]));
            assertEquals(p.key().probe(), Integer.parseInt(c[2]));
            assertEquals(p.key().decoder() ? "decoder" : "encoder", c[3]);
            assertEquals(p.key().position(), Integer.parseInt(c[4]));
            assertEquals(p.token(), c[5]);
            assertEquals(p.key().kind().id(), c[6]);
            assertEquals(d.coordinate(i, 0), Double.parseDouble(c[7]), 1e-6);
            assertEquals(d.coordinate(i, 1), Double.parseDouble(c[8]), 1e-6);
            assertEquals(p.norm(), Double.parseDouble(c[9]), 1e-6);
            assertEquals(p.token(), c[10], "coloured by word: the word");
        }
    }
}
