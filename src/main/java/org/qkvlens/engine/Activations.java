package org.qkvlens.engine;

/**
 * Every array one forward pass writes and its backward reads, allocated once for a largest batch shape
 * (batch, srcLen, trgLen) and reused for any smaller one: each array is laid out compactly for the shape of
 * the current pass. The probe pass reads Q, K, V, x1, x4, attention and layer outputs straight from here.
 * Gradient scratch is allocated only for training. Legend: B batch, S source length, T decoder length
 * (target length − 1), C hid_dim, H heads, P pf_dim, V target vocabulary.
 */
public final class Activations {

    /** Q, K, V, attention weights (before dropout), x1 = attention·V and x4 = fc_o(x1) of one attention site. */
    public static final class Site {
        public final float[] q;     // (B, Tq, C)
        public final float[] k;     // (B, Tk, C)
        public final float[] v;     // (B, Tk, C)
        public final float[] att;   // (B, H, Tq, Tk)
        public final float[] x1;    // (B, Tq, C)
        public final float[] x4;    // (B, Tq, C)

        Site(int batch, int tq, int tk, int heads, int c) {
            q = new float[batch * tq * c];
            k = new float[batch * tk * c];
            v = new float[batch * tk * c];
            att = new float[batch * heads * tq * tk];
            x1 = new float[batch * tq * c];
            x4 = new float[batch * tq * c];
        }
    }

    /** A residual sum, the LayerNorm of it and that norm's per-row statistics. */
    public static final class Norm {
        public final float[] resid;  // (N, C) input of the LayerNorm
        public final float[] out;    // (N, C)
        final float[] mean;          // (N)
        final float[] rstd;          // (N)

        Norm(int rows, int c) {
            resid = new float[rows * c];
            out = new float[rows * c];
            mean = new float[rows];
            rstd = new float[rows];
        }
    }

    /** The position-wise feed-forward: h = relu(fc_1(x)), hd = dropout(h), f = fc_2(hd). */
    public static final class FeedForward {
        final float[] h;   // (N, P)
        final float[] hd;  // (N, P)
        final float[] f;   // (N, C)

        FeedForward(int rows, int pf, int c) {
            h = new float[rows * pf];
            hd = new float[rows * pf];
            f = new float[rows * c];
        }
    }

    public static final class EncoderLayer {
        public final Site self;
        public final Norm norm1;     // self_attn_layer_norm(x + dropout(x4))
        final FeedForward ff;
        public final Norm norm2;     // ff_layer_norm: the layer's output

        EncoderLayer(int batch, int s, ModelConfig cfg) {
            int n = batch * s, c = cfg.hidDim();
            self = new Site(batch, s, s, cfg.encHeads(), c);
            norm1 = new Norm(n, c);
            ff = new FeedForward(n, cfg.encPfDim(), c);
            norm2 = new Norm(n, c);
        }
    }

    public static final class DecoderLayer {
        public final Site self;
        public final Norm norm1;     // self_attn_layer_norm
        public final Site cross;
        public final Norm norm2;     // enc_attn_layer_norm
        final FeedForward ff;
        public final Norm norm3;     // ff_layer_norm: the layer's output

        DecoderLayer(int batch, int s, int t, ModelConfig cfg) {
            int n = batch * t, c = cfg.hidDim();
            self = new Site(batch, t, t, cfg.decHeads(), c);
            norm1 = new Norm(n, c);
            cross = new Site(batch, t, s, cfg.decHeads(), c);
            norm2 = new Norm(n, c);
            ff = new FeedForward(n, cfg.decPfDim(), c);
            norm3 = new Norm(n, c);
        }
    }

    /** Gradient scratch shared by all layers (backward visits them one at a time). */
    static final class Grads {
        final float[] dOut, dResid, dA, dF, dX1, dX4, dQ, dK, dV;  // (max(B·S, B·T), C)
        final float[] dH;       // (max(B·S, B·T), max P)
        final float[] dEncOut;  // (B, S, C)

        Grads(int rows, int srcRows, int c, int pf) {
            dOut = new float[rows * c];
            dResid = new float[rows * c];
            dA = new float[rows * c];
            dF = new float[rows * c];
            dX1 = new float[rows * c];
            dX4 = new float[rows * c];
            dQ = new float[rows * c];
            dK = new float[rows * c];
            dV = new float[rows * c];
            dH = new float[rows * pf];
            dEncOut = new float[srcRows * c];
        }
    }

    public final int maxBatch, maxSrcLen, maxTrgLen;
    public final float[] encEmb;        // (B, S, C) embeddings after dropout: encoder layer 0's input
    public final EncoderLayer[] encoder;
    public final float[] decEmb;        // (B, T, C)
    public final DecoderLayer[] decoder;
    public final float[] logits;        // (B, T, V); after a training backward: dLoss/dlogits
    final float[] rowLoss;              // (B, T)
    final Grads grads;                  // null when built for inference only

    // The pass that last wrote these arrays: its shape, its tokens, and the dropout stream it drew from.
    int batch, srcLen, trgLen;
    int[] src, trg;
    int srcStride, trgStride;
    float dropout;
    long seed, step;

    public Activations(ModelConfig cfg, int maxBatch, int maxSrcLen, int maxTrgLen, boolean forTraining) {
        if (maxSrcLen > cfg.maxLength() || maxTrgLen > cfg.maxLength()) {
            throw new IllegalArgumentException("sequence longer than max_length " + cfg.maxLength());
        }
        this.maxBatch = maxBatch;
        this.maxSrcLen = maxSrcLen;
        this.maxTrgLen = maxTrgLen;
        int c = cfg.hidDim();
        int ns = maxBatch * maxSrcLen, nt = maxBatch * maxTrgLen;
        encEmb = new float[ns * c];
        encoder = new EncoderLayer[cfg.encLayers()];
        for (int l = 0; l < encoder.length; l++) encoder[l] = new EncoderLayer(maxBatch, maxSrcLen, cfg);
        decEmb = new float[nt * c];
        decoder = new DecoderLayer[cfg.decLayers()];
        for (int l = 0; l < decoder.length; l++) decoder[l] = new DecoderLayer(maxBatch, maxSrcLen, maxTrgLen, cfg);
        logits = new float[Math.multiplyExact(nt, cfg.trgVocab())];
        rowLoss = new float[nt];
        grads = forTraining ? new Grads(Math.max(ns, nt), ns, c, Math.max(cfg.encPfDim(), cfg.decPfDim())) : null;
    }

    /** The encoder's final output (B, S, C). */
    public float[] encoderOutput() {
        return encoder[encoder.length - 1].norm2.out;
    }

    public int batch() {
        return batch;
    }

    public int srcLen() {
        return srcLen;
    }

    public int trgLen() {
        return trgLen;
    }

    /** Bytes held by these arrays. */
    public long bytes() {
        long floats = encEmb.length + decEmb.length + logits.length + rowLoss.length;
        for (EncoderLayer l : encoder) floats += site(l.self) + norm(l.norm1) + ff(l.ff) + norm(l.norm2);
        for (DecoderLayer l : decoder) {
            floats += site(l.self) + norm(l.norm1) + site(l.cross) + norm(l.norm2) + ff(l.ff) + norm(l.norm3);
        }
        if (grads != null) {
            floats += 9L * grads.dOut.length + grads.dH.length + grads.dEncOut.length;
        }
        return floats * Float.BYTES;
    }

    private static long site(Site s) {
        return (long) s.q.length + s.k.length + s.v.length + s.att.length + s.x1.length + s.x4.length;
    }

    private static long norm(Norm n) {
        return 2L * n.resid.length + 2L * n.mean.length;
    }

    private static long ff(FeedForward f) {
        return 2L * f.h.length + f.f.length;
    }
}
