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
                double s = 0;
                for (int c = 0; c < a.length; c++) {
                    double t = a[c] - b[c];
                    s += t * t;
                }
                float v = (float) Math.sqrt(s);
                d[i * m + j] = v;
                d[j * m + i] = v;
            }
        }
        return new Distances(m, d);
    }

    public float at(int i, int j) {
        return d[i * m + j];
    }
}
