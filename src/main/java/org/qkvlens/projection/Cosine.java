package org.qkvlens.projection;

/**
 * Cosine similarity, in double: {@code a·b / (|a| |b|)}, 0 when either vector is zero. The heatmap's numbers.
 */
public final class Cosine {
    private Cosine() {
    }

    public static double of(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths " + a.length + " and " + b.length);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** {@code m[i][j] = cos(a[i], b[j])}. */
    public static double[][] matrix(float[][] a, float[][] b) {
        double[][] m = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) m[i][j] = of(a[i], b[j]);
        }
        return m;
    }
}
