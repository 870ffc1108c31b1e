package org.qkvlens.analysis;

/**
 * The symmetric matrix of Euclidean distances between m points, (m, m) row-major in floats: what silhouette and
 * DBSCAN read, O(m²·d) to build once. Meant for a sample of a few thousand points (2,000 points: 16 MB).
 */
public record Distances(int m, float[] d) {

    public static Distances of(float[][] x) {
        int m = x.length;
        float[] d = new float[m * m];
        for (int i = 0; i < m; i++) {
            float[] a = x[i];
            for (int j = i + 1; j < m; j++) {
                float[] b = x[j];
                float v = (float) Math.sqrt(squared(a, b));
                d[i * m + j] = v;
                d[j * m + i] = v;
            }
        }
        return new Distances(m, d);
    }

    /** Squared Euclidean distance, in double, with four running sums so the JIT can overlap the additions (≈ 4× on 256 columns). */
    static double squared(float[] a, float[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < a.length; j += 4) {
            double t0 = a[j] - b[j], t1 = a[j + 1] - b[j + 1], t2 = a[j + 2] - b[j + 2], t3 = a[j + 3] - b[j + 3];
            s0 += t0 * t0;
            s1 += t1 * t1;
            s2 += t2 * t2;
            s3 += t3 * t3;
        }
        for (; j < a.length; j++) {
            double t = a[j] - b[j];
            s0 += t * t;
        }
        return (s0 + s1) + (s2 + s3);
    }

    public float at(int i, int j) {
        return d[i * m + j];
    }
}
