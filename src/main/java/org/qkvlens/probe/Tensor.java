package org.qkvlens.probe;

import java.util.Arrays;

/**
 * An immutable float array with a shape, row-major. The data array is owned by this value: callers must not
 * change it (it is not copied on read, so large snapshots cost nothing to pass around).
 */
public record Tensor(int[] shape, float[] data) {
    public Tensor {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) n *= d;
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return shape[i];
    }

    public int rank() {
        return shape.length;
    }

    /** Row {@code r} of a (rows, cols) matrix, copied. */
    public float[] row(int r) {
        int cols = shape[shape.length - 1];
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    /** Copies {@code n} values from {@code src} at {@code from}. */
    public static Tensor copyOf(float[] src, int from, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return new Tensor(shape, Arrays.copyOfRange(src, from, from + n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
