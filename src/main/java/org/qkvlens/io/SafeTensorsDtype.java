package org.qkvlens.io;

/**
 * The element types a safetensors header may name (the format's {@code Dtype} list), each with its size in bytes.
 * Only F32, F16 and BF16 are {@link #readable() read} (as float32); the rest are known so a header that uses them
 * can be checked and reported by name. Leaves out the sub-byte types (F4, F6), whose sizes are not whole bytes.
 */
public enum SafeTensorsDtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), F8_E8M0(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int itemSize;

    SafeTensorsDtype(int itemSize) {
        this.itemSize = itemSize;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** Whether QKV Lens converts this type to float32: F32, F16 and BF16. */
    public boolean readable() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The dtype spelled as in a header ({@code "F32"}), or null for a name the format does not have. */
    public static SafeTensorsDtype fromName(String name) {
        for (SafeTensorsDtype d : values()) {
            if (d.name().equals(name)) return d;
        }
        return null;
    }
}
