package org.qkvlens.io;

import java.lang.reflect.Array;

/**
 * The four NumPy element types QKV Lens stores, each with its .npy descriptor, its size in bytes and the Java
 * array that holds it in memory.
 *
 * <p>Leaves out: big-endian and byte-order-free ('|') descriptors, bool, int8/16, float16 and every structured
 * dtype: the reader names them as unsupported rather than guessing a conversion.
 */
public enum NpyDtype {
    FLOAT32("<f4", 4, float[].class),
    INT32("<i4", 4, int[].class),
    INT64("<i8", 8, long[].class),
    FLOAT64("<f8", 8, double[].class);

    private final String descr;
    private final int itemSize;
    private final Class<?> arrayClass;

    NpyDtype(String descr, int itemSize, Class<?> arrayClass) {
        this.descr = descr;
        this.itemSize = itemSize;
        this.arrayClass = arrayClass;
    }

    /** The descriptor NumPy writes in the header, e.g. {@code "<f4"}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The dtype with this header descriptor, or null if QKV Lens does not read it. */
    static NpyDtype fromDescr(String descr) {
        for (NpyDtype d : values()) {
            if (d.descr.equals(descr)) {
                return d;
            }
        }
        return null;
    }

    /** Whether {@code data} is the Java array type for this dtype ({@code float[]} for FLOAT32, ...). */
    boolean holds(Object data) {
        return arrayClass.isInstance(data);
    }

    /** A zeroed Java array of this dtype with {@code length} elements. */
    Object newArray(int length) {
        return Array.newInstance(arrayClass.componentType(), length);
    }

    /** The NumPy name and descriptor, e.g. {@code float32 (<f4)}, as messages show it. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT) + " (" + descr + ")";
    }
}
