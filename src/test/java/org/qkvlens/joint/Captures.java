package org.qkvlens.joint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qkvlens.probe.ArrayKey;
import org.qkvlens.probe.Kind;
import org.qkvlens.probe.ProbeCapture;
import org.qkvlens.probe.Site;
import org.qkvlens.probe.Tensor;

/** Hand-made probe captures for the joint space's tests: given Q and K rows of one site and layer 0, nothing else. */
final class Captures {
    private Captures() {
    }

    /**
     * A probe with source labels {@code s0, s1, …} and decoder labels {@code d0, d1, …} (translation {@code w0, w1, …}
     * or {@code translation} when given) whose Q and K at {@code site}, layer 0, are the given rows (all heads).
     */
    static ProbeCapture capture(int probe, Site site, float[][] q, float[][] k, List<String> translation) {
        boolean qDecoder = site != Site.ENC_SELF, kDecoder = site == Site.DEC_SELF;
        int sourceLength = qDecoder ? (kDecoder ? 1 : k.length) : q.length;
        int decoderLength = qDecoder ? q.length : 1;
        List<String> source = labels("s", sourceLength), decoder = labels("d", decoderLength);
        List<String> words = translation != null ? translation : labels("w", decoderLength);
        Map<ArrayKey, Tensor> arrays = new HashMap<>();
        arrays.put(new ArrayKey(site, 0, Kind.Q), tensor(q));
        arrays.put(new ArrayKey(site, 0, Kind.K), tensor(k));
        return new ProbeCapture(probe, "probe " + probe, source, words, decoder, false, arrays);
    }

    static Tensor tensor(float[][] rows) {
        int c = rows[0].length;
        float[] data = new float[rows.length * c];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, data, i * c, c);
        return new Tensor(new int[] {rows.length, c}, data);
    }

    private static List<String> labels(String prefix, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }
}
