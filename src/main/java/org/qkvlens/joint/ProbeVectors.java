package org.qkvlens.joint;

import java.util.Arrays;
import java.util.List;

/**
 * One probe's part of a {@link JointSpace}: the normalised queries {@code q} (tq, D) and keys {@code k} (tk, D) of one
 * head, in double, their token labels, and which keys each query may see (with {@code causal}, as in decoder
 * self-attention, query i sees keys j ≤ i; a key fed as {@code <pad>} is hidden from every query, as the model masks
 * it). {@code rawDots[i][j]} is the model's own q_i·k_j, from the vectors before normalisation (the translation
 * added q_i·t to every q_i·k_j of row i), in double from the captured floats. Arrays are owned by this value: do not
 * change them. Leaves out values, x1, x4.
 */
public record ProbeVectors(int probe, List<String> queryLabels, List<String> keyLabels, double[][] q, double[][] k,
                           boolean causal, boolean[] padKey, double[][] rawDots) {
    public ProbeVectors {
        queryLabels = List.copyOf(queryLabels);
        keyLabels = List.copyOf(keyLabels);
        if (queryLabels.size() != q.length || keyLabels.size() != k.length || padKey.length != k.length
                || rawDots.length != q.length || (q.length > 0 && rawDots[0].length != k.length)) {
            throw new IllegalArgumentException("probe " + probe + ": " + q.length + " queries and " + k.length
                    + " keys do not match their labels");
        }
    }

    public int queries() {
        return q.length;
    }

    public int keys() {
        return k.length;
    }

    /** Whether query i attends to key j at all. */
    public boolean visible(int i, int j) {
        return !(causal && j > i) && !padKey[j];
    }

    /** q_i·k_j of the normalised vectors. */
    public double dot(int i, int j) {
        double s = 0;
        double[] a = q[i], b = k[j];
        for (int t = 0; t < a.length; t++) s += a[t] * b[t];
        return s;
    }

    /** The model's q·k before normalisation (scaling leaves it as it is; the translation added q_i·t). */
    public double rawDot(int i, int j) {
        return rawDots[i][j];
    }

    /**
     * Query i's attention weights over the keys, softmax(q_i·k_j / √D) over the keys it sees (0 for the others),
     * from the normalised vectors: the same as the model's weights, since the normalisation changes every energy
     * of row i by the same amount. A row that sees no key gets uniform weights, as the model's −1e10 masking does.
     */
    public double[] weights(int i) {
        int tk = k.length;
        double scale = Math.sqrt(q[i].length);
        double[] w = new double[tk];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < tk; j++) {
            if (visible(i, j)) {
                w[j] = dot(i, j) / scale;
                max = Math.max(max, w[j]);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            Arrays.fill(w, 1.0 / tk);
            return w;
        }
        double sum = 0;
        for (int j = 0; j < tk; j++) {
            w[j] = visible(i, j) ? Math.exp(w[j] - max) : 0;
            sum += w[j];
        }
        for (int j = 0; j < tk; j++) w[j] /= sum;
        return w;
    }
}
