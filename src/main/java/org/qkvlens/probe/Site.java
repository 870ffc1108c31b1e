package org.qkvlens.probe;

/**
 * Where in the model an array was captured: the three attention sites, and the layer outputs.
 * {@link #id()} is the name used in snapshot files ({@code enc_self}, …).
 */
public enum Site {
    ENC_SELF("enc_self", "encoder self-attention"),
    DEC_SELF("dec_self", "decoder self-attention"),
    DEC_CROSS("dec_cross", "decoder–encoder attention"),
    ENC_OUT("enc_out", "encoder layer output"),
    DEC_OUT("dec_out", "decoder layer output");

    private final String id;
    private final String label;

    Site(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public boolean isAttention() {
        return this == ENC_SELF || this == DEC_SELF || this == DEC_CROSS;
    }

    /** Whether the site is in the encoder (its layers, heads and rows are the encoder's). */
    public boolean isEncoder() {
        return this == ENC_SELF || this == ENC_OUT;
    }

    public static Site fromId(String id) {
        for (Site s : values()) if (s.id.equals(id)) return s;
        throw new IllegalArgumentException("unknown site '" + id + "'");
    }
}
