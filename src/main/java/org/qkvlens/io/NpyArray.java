package org.qkvlens.io;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Objects;

/**
 * One n-dimensional array as a .npy file holds it: an element type, a shape and the elements in C order
 * (last index fastest) in a flat Java array ({@code float[]}, {@code int[]}, {@code long[]} or {@code double[]}).
 * Rank 0 (a scalar, shape {@code ()}, one element) and dimensions of size 0 are allowed.
 *
 * <p>The shape is copied; the data array is NOT (arrays can be hundreds of MB): treat it as read-only once
 * wrapped. {@code equals} compares contents; {@code toString} shows dtype and shape, never the elements.
 * Leaves out: views, strides, Fortran order, arithmetic.
 *
 * @param dtype the element type
 * @param shape the size of each dimension, outermost first; its product equals the data length
 * @param data  the elements, a Java array matching {@code dtype}
 */
public record NpyArray(NpyDtype dtype, int[] shape, Object data) {

    public NpyArray {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        if (!dtype.holds(data)) {
            throw new IllegalArgumentException(dtype + " needs a " + dtype.newArray(0).getClass().getSimpleName()
                    + ", got a " + data.getClass().getSimpleName());
        }
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            }
        }
        if (elementCount(shape) != Array.getLength(data)) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + " holds " + elementCount(shape)
                    + " elements but the data has " + Array.getLength(data));
        }
    }

    public static NpyArray ofFloats(float[] data, int... shape) {
        return new NpyArray(NpyDtype.FLOAT32, shape, data);
    }

    public static NpyArray ofInts(int[] data, int... shape) {
        return new NpyArray(NpyDtype.INT32, shape, data);
    }

    public static NpyArray ofLongs(long[] data, int... shape) {
        return new NpyArray(NpyDtype.INT64, shape, data);
    }

    public static NpyArray ofDoubles(double[] data, int... shape) {
        return new NpyArray(NpyDtype.FLOAT64, shape, data);
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape (1 for rank 0). */
    public int size() {
        return Array.getLength(data);
    }

    /** The elements of a FLOAT32 array; any other dtype is a programming error (check {@link #dtype()} first). */
    public float[] floats() {
        return (float[]) dataAs(NpyDtype.FLOAT32);
    }

    public int[] ints() {
        return (int[]) dataAs(NpyDtype.INT32);
    }

    public long[] longs() {
        return (long[]) dataAs(NpyDtype.INT64);
    }

    public double[] doubles() {
        return (double[]) dataAs(NpyDtype.FLOAT64);
    }

    private Object dataAs(NpyDtype wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("this array is " + dtype + ", not " + wanted);
        }
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray other && dtype == other.dtype && Arrays.equals(shape, other.shape)
                && Objects.deepEquals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.deepHashCode(new Object[] {data}));
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype + ", shape " + shapeString(shape) + "]";
    }

    /** The product of the dimensions, capped at 2^31 (more than any Java array holds); 1 for rank 0. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = Math.min(n * d, 1L << 31); // n <= 2^31 and d < 2^31: the product cannot overflow
        }
        return n;
    }

    /** The shape as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (3, 4)}. */
    static String shapeString(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(')').toString();
    }
}
