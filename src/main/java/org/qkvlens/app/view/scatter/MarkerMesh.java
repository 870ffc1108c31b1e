package org.qkvlens.app.view.scatter;

import javafx.scene.paint.PhongMaterial;
import javafx.scene.shape.CullFace;
import javafx.scene.shape.MeshView;
import javafx.scene.shape.TriangleMesh;
import javafx.scene.shape.VertexFormat;
import org.qkvlens.app.figure.Marker;

/**
 * All 3D markers of one kind as a single TriangleMesh: a small solid per point (sphere-like icosahedron Q, cube K,
 * tetrahedron V, octahedron x1, 3D cross x4) coloured through a palette texture, so 10,000 points are five nodes, not
 * 10,000. The mesh uses explicit normals (POINT_NORMAL_TEXCOORD) shared by all markers of the kind and one texture
 * coordinate per marker, so that a glide frame changes only the points and a highlight only the texture coordinates:
 * JavaFX then updates its vertex buffer in place instead of rebuilding (and re-welding) the whole mesh. Faces change
 * only when the number of markers does. Buffers grow, never shrink.
 */
final class MarkerMesh {
    private final float[] template;   // unit solid: x, y, z per vertex
    private final int[] triangles;    // vertex indices, 3 per face
    private final int[] normalOf;     // normal index per triangle corner
    private final int verts;
    final TriangleMesh mesh = new TriangleMesh(VertexFormat.POINT_NORMAL_TEXCOORD);
    final MeshView view = new MeshView(mesh);

    private float[] points = new float[0];
    private float[] tex = new float[0];
    private int[] faces = new int[0];
    int count = -1;
    private int capacity;
    private int shownBefore;     // markers [count, shownBefore) were shown last time and must be collapsed

    MarkerMesh(Marker marker, PhongMaterial material) {
        Solid s = solid(marker);
        template = s.vertices;
        triangles = s.triangles;
        verts = template.length / 3;
        normalOf = new int[triangles.length];
        float[] normals;
        if (marker == Marker.CIRCLE) {                 // smooth: the normal of a vertex is its direction
            normals = template.clone();
            for (int i = 0; i < triangles.length; i++) normalOf[i] = triangles[i];
        } else {                                                     // flat: one normal per face
            normals = new float[triangles.length];
            for (int f = 0; f < triangles.length / 3; f++) {
                float[] n = faceNormal(template, triangles[f * 3], triangles[f * 3 + 1], triangles[f * 3 + 2]);
                System.arraycopy(n, 0, normals, f * 3, 3);
                normalOf[f * 3] = normalOf[f * 3 + 1] = normalOf[f * 3 + 2] = f;
            }
        }
        mesh.getNormals().setAll(normals);
        view.setMaterial(material);
        view.setCullFace(CullFace.BACK);
        setCount(0);
    }

    /**
     * Uses n markers. Faces are rebuilt only when n exceeds the capacity (which then grows by a quarter); markers
     * beyond n are collapsed to a point (zero-area triangles draw nothing), so scrubbing through "all epochs so far",
     * where n changes every step, only moves points.
     */
    void setCount(int n) {
        if (n == count) return;
        if (n > capacity || capacity == 0) {
            capacity = Math.max(1, n + n / 4);          // JavaFX wants a non-empty mesh: at least one (hidden) marker
            points = new float[capacity * verts * 3];
            tex = new float[capacity * 2];
            faces = new int[capacity * triangles.length * 3];
            int f = 0;
            for (int k = 0; k < capacity; k++) {
                int base = k * verts;
                for (int t = 0; t < triangles.length; t++) {
                    faces[f++] = base + triangles[t];
                    faces[f++] = normalOf[t];
                    faces[f++] = k;
                }
            }
            mesh.getPoints().setAll(points);
            mesh.getTexCoords().setAll(tex);
            mesh.getFaces().setAll(faces);
            shownBefore = 0;
        }
        count = n;
        view.setVisible(n > 0);
    }

    /** Marker k takes palette position (u[cell[k]], 0.5). */
    void setCells(int[] cell, float[] u) {
        boolean changed = false;
        for (int k = 0; k < count; k++) {
            float v = u[cell[k]];
            if (tex[k * 2] != v || tex[k * 2 + 1] != 0.5f) {
                tex[k * 2] = v;
                tex[k * 2 + 1] = 0.5f;
                changed = true;
            }
        }
        if (changed) mesh.getTexCoords().set(0, tex, 0, count * 2);
    }

    /** Places marker k at (x[k], y[k], z[k]) with size s[k] (world units); collapses markers no longer used. */
    void move(float[] x, float[] y, float[] z, float[] size) {
        int p = 0;
        for (int k = 0; k < count; k++) {
            float cx = x[k], cy = y[k], cz = z[k], s = size[k];
            for (int v = 0; v < verts; v++) {
                points[p++] = cx + template[v * 3] * s;
                points[p++] = cy + template[v * 3 + 1] * s;
                points[p++] = cz + template[v * 3 + 2] * s;
            }
        }
        int upTo = Math.max(count, shownBefore);
        if (upTo > count) java.util.Arrays.fill(points, count * verts * 3, upTo * verts * 3, 0f);
        if (upTo > 0) mesh.getPoints().set(0, points, 0, upTo * verts * 3);
        shownBefore = count;
    }

    private static float[] faceNormal(float[] v, int a, int b, int c) {
        double ux = v[b * 3] - v[a * 3], uy = v[b * 3 + 1] - v[a * 3 + 1], uz = v[b * 3 + 2] - v[a * 3 + 2];
        double wx = v[c * 3] - v[a * 3], wy = v[c * 3 + 1] - v[a * 3 + 1], wz = v[c * 3 + 2] - v[a * 3 + 2];
        double nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        return new float[] {(float) (nx / len), (float) (ny / len), (float) (nz / len)};
    }

    private record Solid(float[] vertices, int[] triangles) {
    }

    private static Solid solid(Marker m) {
        return switch (m) {
            case CIRCLE -> icosahedron();
            case SQUARE -> box(0.8f, 0.8f, 0.8f);
            case TRIANGLE -> outward(new float[] {0, -1.25f, 0, 1.1f, 0.55f, -0.65f, -1.1f, 0.55f, -0.65f, 0, 0.55f, 1.25f},
                    new int[] {0, 1, 2, 0, 1, 3, 0, 2, 3, 1, 2, 3});
            case DIAMOND -> outward(new float[] {1, 0, 0, -1, 0, 0, 0, 1.25f, 0, 0, -1.25f, 0, 0, 0, 1, 0, 0, -1},
                    new int[] {0, 2, 4, 0, 4, 3, 0, 3, 5, 0, 5, 2, 1, 2, 4, 1, 4, 3, 1, 3, 5, 1, 5, 2});
            case CROSS -> cross();
        };
    }

    private static Solid icosahedron() {
        float t = (float) ((1 + Math.sqrt(5)) / 2);
        float[] v = {-1, t, 0, 1, t, 0, -1, -t, 0, 1, -t, 0, 0, -1, t, 0, 1, t, 0, -1, -t, 0, 1, -t, t, 0, -1, t, 0, 1,
            -t, 0, -1, -t, 0, 1};
        float len = (float) Math.sqrt(1 + t * t);
        for (int i = 0; i < v.length; i++) v[i] /= len;
        int[] f = {0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
            3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1};
        return outward(v, f);
    }

    private static Solid box(float hx, float hy, float hz) {
        float[] v = new float[24];
        for (int i = 0; i < 8; i++) {
            v[i * 3] = (i & 1) == 0 ? -hx : hx;
            v[i * 3 + 1] = (i & 2) == 0 ? -hy : hy;
            v[i * 3 + 2] = (i & 4) == 0 ? -hz : hz;
        }
        int[] f = {0, 1, 3, 0, 3, 2, 4, 5, 7, 4, 7, 6, 0, 1, 5, 0, 5, 4, 2, 3, 7, 2, 7, 6, 0, 2, 6, 0, 6, 4, 1, 3, 7, 1, 7, 5};
        return outward(v, f);
    }

    private static Solid cross() {
        Solid[] bars = {box(1.15f, 0.28f, 0.28f), box(0.28f, 1.15f, 0.28f), box(0.28f, 0.28f, 1.15f)};
        float[] v = new float[72];
        int[] f = new int[108];
        for (int b = 0; b < 3; b++) {
            System.arraycopy(bars[b].vertices, 0, v, b * 24, 24);
            for (int i = 0; i < 36; i++) f[b * 36 + i] = bars[b].triangles[i] + b * 8;
        }
        return new Solid(v, f);
    }

    /**
     * Orders each triangle of a solid convex about the origin so JavaFX sees its front from outside: JavaFX culls
     * (as back faces) triangles whose (b − a) × (c − a) points away from the camera, so it must point outwards.
     */
    private static Solid outward(float[] v, int[] f) {
        int[] out = f.clone();
        for (int i = 0; i < out.length; i += 3) {
            int a = out[i], b = out[i + 1], c = out[i + 2];
            double ux = v[b * 3] - v[a * 3], uy = v[b * 3 + 1] - v[a * 3 + 1], uz = v[b * 3 + 2] - v[a * 3 + 2];
            double wx = v[c * 3] - v[a * 3], wy = v[c * 3 + 1] - v[a * 3 + 1], wz = v[c * 3 + 2] - v[a * 3 + 2];
            double nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
            double mx = v[a * 3] + v[b * 3] + v[c * 3], my = v[a * 3 + 1] + v[b * 3 + 1] + v[c * 3 + 1],
                    mz = v[a * 3 + 2] + v[b * 3 + 2] + v[c * 3 + 2];
            if (nx * mx + ny * my + nz * mz < 0) {
                out[i + 1] = c;
                out[i + 2] = b;
            }
        }
        return new Solid(v, out);
    }
}
