package org.qkvlens.engine;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * bentrevett's "Attention is All You Need" Seq2Seq (pytorch-seq2seq, notebook 6), forward and backward, over one
 * flat parameter array laid out by {@link Weights}. Reads top to bottom like the tutorial:
 * encoder (embeddings → layers of self-attention and feed-forward, each with dropout → residual → LayerNorm),
 * decoder (masked self-attention, encoder attention, feed-forward), fc_out, cross-entropy; then the backward in
 * reverse. Activations live in an {@link Activations} passed in, so training and probing use separate ones.
 * Legend: B batch, S source length, T decoder length, C hid_dim, H heads, P pf_dim, V target vocabulary.
 * Leaves out the optimiser ({@link Adam}) and the training loop ({@link Trainer}). Not thread-safe: one pass at a time.
 */
public final class Seq2Seq implements AutoCloseable {
    // Dropout sites: each draws its own mask stream (see Dropout). Layer sites are encSite/decSite(l) + offset.
    static final int SITE_ENC_EMB = 1, SITE_DEC_EMB = 2;
    private static final VectorSpecies<Float> DS = Dropout.FS;
    private static final int DL = DS.length();
    static final int ATT = 0, X4 = 1, FF_H = 2, FF_F = 3, CROSS_ATT = 4, CROSS_X4 = 5;

    public final ModelConfig config;
    public final Weights weights;
    public final float[] params;          // (P) every parameter, laid out by weights
    public final float[] grads;           // (P)
    private final float[] paramsT;        // (P) each Linear weight transposed to (in, out), same offsets
    private final Parallel parallel;
    private final LinearKernel linear;
    private final LayerNormKernel layerNorm;
    private final AttentionKernel attention;
    private final CrossEntropyKernel crossEntropy;
    private final Elementwise elementwise;
    private final Transposer transposer;
    private final float embScale;         // √C, as the tutorial's self.scale

    public Seq2Seq(ModelConfig config, int threads) {
        this(config, threads, false);
    }

    /** With {@code eagerSplit} every kernel splits across threads even at toy sizes (for determinism tests). */
    Seq2Seq(ModelConfig config, int threads, boolean eagerSplit) {
        this.config = config;
        this.weights = new Weights(config);
        this.params = new float[weights.size()];
        this.grads = new float[weights.size()];
        this.paramsT = new float[weights.size()];
        this.parallel = new Parallel(threads, eagerSplit);
        this.linear = new LinearKernel(parallel);
        this.layerNorm = new LayerNormKernel(parallel);
        this.attention = new AttentionKernel(parallel);
        this.crossEntropy = new CrossEntropyKernel(parallel);
        this.elementwise = new Elementwise(parallel);
        this.transposer = new Transposer(parallel, weights.linears());
        this.embScale = (float) Math.sqrt(config.hidDim());
    }

    public Parallel parallel() {
        return parallel;
    }

    /** The tutorial's initialisation from {@code seed}; see {@link Initializer}. */
    public void initialize(long seed) {
        Initializer.initialize(weights, params, seed);
        parametersChanged();
    }

    /** Call after writing {@link #params} directly (optimiser step, loading weights). */
    public void parametersChanged() {
        transposer.transpose(params, paramsT);
    }

    public void zeroGrad() {
        Arrays.fill(grads, 0f);
    }

    // ------------------------------------------------------------------------------------------------ forward

    /**
     * Encodes {@code src} (B, S) with row stride {@code srcStride}. In training mode dropout draws from
     * (seed, step); otherwise it is off.
     */
    public void encode(Activations a, int[] src, int srcStride, int batch, int srcLen, boolean training, long seed, long step) {
        checkShape(a, batch, srcLen, a.maxSrcLen, "source");
        a.batch = batch;
        a.srcLen = srcLen;
        a.src = src;
        a.srcStride = srcStride;
        a.dropout = training ? config.dropout() : 0f;
        a.seed = seed;
        a.step = step;
        int c = config.hidDim(), n = batch * srcLen;
        float p = a.dropout;
        embed(src, srcStride, batch, srcLen, weights.encTok, weights.encPos, config.srcVocab(), a.encEmb,
                key(a, SITE_ENC_EMB), p);
        float[] x = a.encEmb;
        for (int l = 0; l < config.encLayers(); l++) {
            Weights.EncoderLayer w = weights.encoder[l];
            Activations.EncoderLayer al = a.encoder[l];
            int site = encSite(l);
            attentionForward(x, x, al.self, w.selfAttention(),
                    new AttentionShape(batch, srcLen, srcLen, w.selfAttention().heads(), c), sourceKeys(a, site + ATT));
            elementwise.residual(x, al.self.x4, al.norm1.resid, n * c, key(a, site + X4), p);
            layerNorm.forward(al.norm1.resid, al.norm1.out, al.norm1.mean, al.norm1.rstd, n, c, w.selfAttnNorm(), params);
            feedForward(al.norm1.out, al.ff, w.ff(), n, key(a, site + FF_H), p);
            elementwise.residual(al.norm1.out, al.ff.f, al.norm2.resid, n * c, key(a, site + FF_F), p);
            layerNorm.forward(al.norm2.resid, al.norm2.out, al.norm2.mean, al.norm2.rstd, n, c, w.ffNorm(), params);
            x = al.norm2.out;
        }
    }

    /**
     * Decodes the first {@code trgLen} tokens of each row of {@code trg} (row stride {@code trgStride}) against the
     * last {@link #encode}, leaving (B, T, V) logits in {@code a.logits}.
     */
    public void decode(Activations a, int[] trg, int trgStride, int trgLen) {
        decode(a, trg, trgStride, trgLen, false);
    }

    /**
     * {@link #decode}; with {@code lastOnly} the logits are computed for the last position of each row only (the
     * others are left as they were): what greedy decoding reads, at a fraction of the cost of fc_out.
     */
    public void decode(Activations a, int[] trg, int trgStride, int trgLen, boolean lastOnly) {
        int batch = a.batch;
        checkShape(a, batch, trgLen, a.maxTrgLen, "target");
        a.trgLen = trgLen;
        a.trg = trg;
        a.trgStride = trgStride;
        int c = config.hidDim(), n = batch * trgLen;
        float p = a.dropout;
        embed(trg, trgStride, batch, trgLen, weights.decTok, weights.decPos, config.trgVocab(), a.decEmb,
                key(a, SITE_DEC_EMB), p);
        float[] y = a.decEmb;
        float[] encOut = a.encoderOutput();
        for (int l = 0; l < config.decLayers(); l++) {
            Weights.DecoderLayer w = weights.decoder[l];
            Activations.DecoderLayer al = a.decoder[l];
            int site = decSite(l);
            attentionForward(y, y, al.self, w.selfAttention(),
                    new AttentionShape(batch, trgLen, trgLen, w.selfAttention().heads(), c), targetKeys(a, site + ATT));
            elementwise.residual(y, al.self.x4, al.norm1.resid, n * c, key(a, site + X4), p);
            layerNorm.forward(al.norm1.resid, al.norm1.out, al.norm1.mean, al.norm1.rstd, n, c, w.selfAttnNorm(), params);
            attentionForward(al.norm1.out, encOut, al.cross, w.encoderAttention(),
                    new AttentionShape(batch, trgLen, a.srcLen, w.encoderAttention().heads(), c),
                    sourceKeys(a, site + CROSS_ATT));
            elementwise.residual(al.norm1.out, al.cross.x4, al.norm2.resid, n * c, key(a, site + CROSS_X4), p);
            layerNorm.forward(al.norm2.resid, al.norm2.out, al.norm2.mean, al.norm2.rstd, n, c, w.encAttnNorm(), params);
            feedForward(al.norm2.out, al.ff, w.ff(), n, key(a, site + FF_H), p);
            elementwise.residual(al.norm2.out, al.ff.f, al.norm3.resid, n * c, key(a, site + FF_F), p);
            layerNorm.forward(al.norm3.resid, al.norm3.out, al.norm3.mean, al.norm3.rstd, n, c, w.ffNorm(), params);
            y = al.norm3.out;
        }
        if (lastOnly) {
            for (int b = 0; b < batch; b++) {
                linear.forward(y, a.logits, b * trgLen + trgLen - 1, b * trgLen + trgLen, weights.fcOut, params, paramsT);
            }
        } else {
            linear.forward(y, a.logits, n, weights.fcOut, params, paramsT);
        }
    }

    /**
     * One step of greedy decoding: runs position {@code t} of each row of {@code trg} (row stride {@code trgStride},
     * positions before t already run by earlier steps into the same {@code a}) through the decoder against the source
     * the last {@link #encode} into {@code a} holds, eval mode, and leaves each row's logits for that position in
     * {@code cache.logits} (B, V). Every layer works row by row and position t sees keys 0…t (padding hidden), so the
     * numbers are those of {@link #decode} over positions 0…t, at the cost of one position instead of t + 1.
     * <p>
     * The keys and values of the positions so far are kept in {@code a} itself (and the keys once more in
     * {@code cache}, transposed per head for the attention, a column per step): after step t, {@code a} holds what
     * {@link #decode} over positions 0…t would leave in each decoder layer's self and cross {@link Activations.Site}
     * (Q, K, V, attention, x1, x4) and its norm outputs, laid out for {@code T = a.maxTrgLen} ({@code a.trgLen} is set
     * to it): row b's position i at {@code (b·T + i)·C}, attention weights of keys past i exactly 0. Positions past t,
     * the residual sums, the feed-forward and the embeddings are left as they were. So the probe pass reads its
     * activations from the decoding itself instead of running the decoder again.
     */
    void decodeStep(Activations a, DecodeCache cache, int[] trg, int trgStride, int t) {
        int batch = a.batch, s = a.srcLen, c = config.hidDim(), tt = a.maxTrgLen;
        if (batch > cache.maxBatch || s > cache.maxSrcLen || t >= Math.min(cache.maxTrgLen, tt) || t < 0) {
            throw new IllegalArgumentException("step " + t + " of a batch " + batch + " × " + s
                    + " does not fit the cache for " + cache.maxBatch + " × " + cache.maxSrcLen + " × "
                    + Math.min(cache.maxTrgLen, tt));
        }
        for (int b = 0; b < batch; b++) {
            int id = trg[b * trgStride + t];
            if (id < 0 || id >= config.trgVocab()) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + config.trgVocab());
            }
            embedRow(params, weights.decTok + id * c, weights.decPos + t * c, embScale, cache.y, b * c, c, 0L, 0f);
        }
        a.trg = trg;
        a.trgStride = trgStride;
        a.trgLen = tt;
        float[] encOut = a.encoderOutput();
        AttentionMask selfMask = new AttentionMask(trg, trgStride, config.trgPadIdx(), false, 0L, 0f);
        AttentionMask srcMask = new AttentionMask(a.src, a.srcStride, config.srcPadIdx(), false, 0L, 0f);
        float[] y = cache.y;
        for (int l = 0; l < config.decLayers(); l++) {
            Weights.DecoderLayer w = weights.decoder[l];
            Weights.Attention sa = w.selfAttention(), ca = w.encoderAttention();
            Activations.DecoderLayer al = a.decoder[l];
            // self-attention: the new position's key and value join the earlier ones in a; its query reads keys 0…t
            linear.forward(y, cache.q, batch, sa.q(), params, paramsT);
            linear.forward(y, cache.k, batch, sa.k(), params, paramsT);
            linear.forward(y, cache.v, batch, sa.v(), params, paramsT);
            putRows(cache.q, al.self.q, batch, t, tt, c);
            putRows(cache.k, al.self.k, batch, t, tt, c);
            putRows(cache.v, al.self.v, batch, t, tt, c);
            if (t == 0) Arrays.fill(cache.selfKt[l], 0, batch * c * cache.ldSelf, 0f);
            AttentionKernel.putKeyColumn(cache.k, batch, sa.heads(), c, cache.selfKt[l], cache.ldSelf, t);
            attention.forwardStep(new AttentionShape(batch, 1, t + 1, sa.heads(), c), selfMask, cache.q,
                    cache.selfKt[l], cache.ldSelf, al.self.v, tt, cache.att, cache.x1);
            putWeights(cache.att, al.self.att, batch * sa.heads(), t, tt, t + 1, tt);
            putRows(cache.x1, al.self.x1, batch, t, tt, c);
            linear.forward(cache.x1, cache.x4, batch, sa.o(), params, paramsT);
            putRows(cache.x4, al.self.x4, batch, t, tt, c);
            elementwise.residual(y, cache.x4, cache.norm1.resid, batch * c, 0L, 0f);
            layerNorm.forward(cache.norm1.resid, cache.norm1.out, cache.norm1.mean, cache.norm1.rstd, batch, c,
                    w.selfAttnNorm(), params);
            putRows(cache.norm1.out, al.norm1.out, batch, t, tt, c);
            // encoder–decoder attention: the source's keys and values once per batch, straight into a
            if (t == 0) {
                linear.forward(encOut, al.cross.k, batch * s, ca.k(), params, paramsT);
                linear.forward(encOut, al.cross.v, batch * s, ca.v(), params, paramsT);
                AttentionKernel.transposeKeys(al.cross.k, batch, s, ca.heads(), c, cache.crossKt[l], cache.ldCross);
            }
            linear.forward(cache.norm1.out, cache.q, batch, ca.q(), params, paramsT);
            putRows(cache.q, al.cross.q, batch, t, tt, c);
            attention.forwardStep(new AttentionShape(batch, 1, s, ca.heads(), c), srcMask, cache.q, cache.crossKt[l],
                    cache.ldCross, al.cross.v, s, cache.att, cache.x1);
            putWeights(cache.att, al.cross.att, batch * ca.heads(), t, tt, s, s);
            putRows(cache.x1, al.cross.x1, batch, t, tt, c);
            linear.forward(cache.x1, cache.x4, batch, ca.o(), params, paramsT);
            putRows(cache.x4, al.cross.x4, batch, t, tt, c);
            elementwise.residual(cache.norm1.out, cache.x4, cache.norm2.resid, batch * c, 0L, 0f);
            layerNorm.forward(cache.norm2.resid, cache.norm2.out, cache.norm2.mean, cache.norm2.rstd, batch, c,
                    w.encAttnNorm(), params);
            putRows(cache.norm2.out, al.norm2.out, batch, t, tt, c);
            feedForward(cache.norm2.out, cache.ff, w.ff(), batch, 0L, 0f);
            elementwise.residual(cache.norm2.out, cache.ff.f, cache.norm3.resid, batch * c, 0L, 0f);
            layerNorm.forward(cache.norm3.resid, cache.norm3.out, cache.norm3.mean, cache.norm3.rstd, batch, c,
                    w.ffNorm(), params);
            putRows(cache.norm3.out, al.norm3.out, batch, t, tt, c);
            System.arraycopy(cache.norm3.out, 0, cache.y, 0, batch * c);
        }
        linear.forward(cache.y, cache.logits, batch, weights.fcOut, params, paramsT);
    }

    /** Row b of {@code rows} (B, C) to position t of row b of {@code to} (B, T, C). */
    private static void putRows(float[] rows, float[] to, int batch, int t, int tt, int c) {
        for (int b = 0; b < batch; b++) System.arraycopy(rows, b * c, to, (b * tt + t) * c, c);
    }

    /**
     * The weights of one query per (batch, head) from {@code att} (B·H, 1, k) to query t of {@code to}
     * (B·H, T, tk), zero for keys k…tk−1 (later positions, exactly as the causal mask gives them).
     */
    private static void putWeights(float[] att, float[] to, int bh, int t, int tt, int k, int tk) {
        for (int i = 0; i < bh; i++) {
            int at = (i * tt + t) * tk;
            System.arraycopy(att, i * k, to, at, k);
            Arrays.fill(to, at + k, at + tk, 0f);
        }
    }

    /**
     * Mean cross-entropy of the logits of the last {@link #decode} against the next tokens: position t of row b
     * predicts {@code trg[b·trgStride + t + 1]}; padding is ignored. With {@code backward}, the logits are replaced
     * by their gradient, ready for {@link #backward}.
     */
    public double loss(Activations a, boolean backward) {
        CrossEntropyKernel.Targets next = new CrossEntropyKernel.Targets(a.trg, 1, a.trgStride, a.trgLen,
                config.trgPadIdx());
        return crossEntropy.lossAndGradient(a.logits, a.batch * a.trgLen, config.trgVocab(), next, a.rowLoss, backward);
    }

    /** One teacher-forced training pass: encode src (B, S), decode trg[:, :-1], loss against trg[:, 1:], backward. */
    public double forwardBackward(Activations a, int[] src, int srcLen, int[] trg, int trgLen, int batch, long seed, long step) {
        encode(a, src, srcLen, batch, srcLen, true, seed, step);
        decode(a, trg, trgLen, trgLen - 1);
        double loss = loss(a, true);
        backward(a);
        return loss;
    }

    /** Teacher-forced loss without gradients, dropout off (validation). */
    public double evaluate(Activations a, int[] src, int srcLen, int[] trg, int trgLen, int batch) {
        encode(a, src, srcLen, batch, srcLen, false, 0, 0);
        decode(a, trg, trgLen, trgLen - 1);
        return loss(a, false);
    }

    /** {@code x4 = fc_o(attention(fc_q(xq), fc_k(xkv), fc_v(xkv)))} into site s: xq (B, Tq, C), xkv (B, Tk, C). */
    private void attentionForward(float[] xq, float[] xkv, Activations.Site s, Weights.Attention w, AttentionShape shape,
                                  AttentionMask mask) {
        int nq = shape.batch() * shape.tq(), nk = shape.batch() * shape.tk();
        linear.forward(xq, s.q, nq, w.q(), params, paramsT);
        linear.forward(xkv, s.k, nk, w.k(), params, paramsT);
        linear.forward(xkv, s.v, nk, w.v(), params, paramsT);
        attention.forward(shape, mask, s.q, s.k, s.v, s.att, s.x1);
        linear.forward(s.x1, s.x4, nq, w.o(), params, paramsT);
    }

    void feedForward(float[] x, Activations.FeedForward ff, Weights.FeedForward w, int n, long dropKey, float p) {
        linear.forward(x, ff.h, n, w.fc1(), params, paramsT);
        // Without dropout hd would equal h: fc_2 reads h and hd is left alone.
        float[] hd = p == 0f ? ff.h : ff.hd;
        elementwise.reluDropout(ff.h, hd, n * w.fc1().out(), dropKey, p);
        linear.forward(hd, ff.f, n, w.fc2(), params, paramsT);
    }

    /** out (B, T, C) = dropout(tok[ids]·√C + pos[t]). */
    void embed(int[] ids, int stride, int batch, int len, int tok, int pos, int vocab, float[] out, long key, float p) {
        int c = config.hidDim();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) {
                int id = ids[b * stride + t];
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + vocab);
                }
                embedRow(params, tok + id * c, pos + t * c, embScale, out, (b * len + t) * c, c, key, p);
            }
        }
    }

    /** One row of {@link #embed}, vectorised (the same bits as the scalar tail; with p = 0 every multiplier is 1). */
    private static void embedRow(float[] params, int e, int ps, float scale, float[] out, int row, int c, long key, float p) {
        float keep = Dropout.keep(p);
        int j = 0;
        for (; j + DL <= c; j += DL) {
            FloatVector.fromArray(DS, params, e + j).mul(scale).add(FloatVector.fromArray(DS, params, ps + j))
                    .mul(Dropout.scales(key, row + j, p, keep)).intoArray(out, row + j);
        }
        for (; j < c; j++) out[row + j] = (params[e + j] * scale + params[ps + j]) * Dropout.scale(key, row + j, p);
    }

    // ----------------------------------------------------------------------------------------------- backward

    /** Adds dLoss/dparams into {@link #grads} for the last training {@link #loss}(a, true). */
    public void backward(Activations a) {
        Activations.Grads g = a.grads;
        if (g == null) throw new IllegalStateException("these activations were built for inference only");
        int batch = a.batch, s = a.srcLen, t = a.trgLen, c = config.hidDim();
        int ns = batch * s, nt = batch * t;
        float p = a.dropout;
        float[] encOut = a.encoderOutput();

        // fc_out: dlogits (in a.logits) → dOut, the gradient of the last decoder layer's output
        float[] yLast = a.decoder[config.decLayers() - 1].norm3.out;
        linear.backward(a.logits, yLast, g.dOut, false, nt, weights.fcOut, params, grads);
        Arrays.fill(g.dEncOut, 0, ns * c, 0f);

        for (int l = config.decLayers() - 1; l >= 0; l--) {
            Weights.DecoderLayer w = weights.decoder[l];
            Activations.DecoderLayer al = a.decoder[l];
            int site = decSite(l);
            float[] in = l == 0 ? a.decEmb : a.decoder[l - 1].norm3.out;
            layerNorm.backward(g.dOut, al.norm3.resid, al.norm3.mean, al.norm3.rstd, g.dResid, false, nt, c, w.ffNorm(), params, grads);
            feedForwardBackward(g.dResid, g.dA, al.norm2.out, al.ff, w.ff(), nt, g, key(a, site + FF_H), key(a, site + FF_F), p);
            layerNorm.backward(g.dA, al.norm2.resid, al.norm2.mean, al.norm2.rstd, g.dResid, false, nt, c, w.encAttnNorm(), params, grads);
            attentionBackward(g.dResid, g.dA, g.dEncOut, al.cross, w.encoderAttention(), al.norm1.out, encOut,
                    new AttentionShape(batch, t, s, w.encoderAttention().heads(), c), sourceKeys(a, site + CROSS_ATT),
                    key(a, site + CROSS_X4), g);
            layerNorm.backward(g.dA, al.norm1.resid, al.norm1.mean, al.norm1.rstd, g.dResid, false, nt, c, w.selfAttnNorm(), params, grads);
            attentionBackward(g.dResid, g.dOut, g.dOut, al.self, w.selfAttention(), in, in,
                    new AttentionShape(batch, t, t, w.selfAttention().heads(), c), targetKeys(a, site + ATT),
                    key(a, site + X4), g);
        }
        embedBackward(g.dOut, a.trg, a.trgStride, batch, t, weights.decTok, weights.decPos, key(a, SITE_DEC_EMB), p);

        System.arraycopy(g.dEncOut, 0, g.dOut, 0, ns * c);
        for (int l = config.encLayers() - 1; l >= 0; l--) {
            Weights.EncoderLayer w = weights.encoder[l];
            Activations.EncoderLayer al = a.encoder[l];
            int site = encSite(l);
            float[] in = l == 0 ? a.encEmb : a.encoder[l - 1].norm2.out;
            layerNorm.backward(g.dOut, al.norm2.resid, al.norm2.mean, al.norm2.rstd, g.dResid, false, ns, c, w.ffNorm(), params, grads);
            feedForwardBackward(g.dResid, g.dA, al.norm1.out, al.ff, w.ff(), ns, g, key(a, site + FF_H), key(a, site + FF_F), p);
            layerNorm.backward(g.dA, al.norm1.resid, al.norm1.mean, al.norm1.rstd, g.dResid, false, ns, c, w.selfAttnNorm(), params, grads);
            attentionBackward(g.dResid, g.dOut, g.dOut, al.self, w.selfAttention(), in, in,
                    new AttentionShape(batch, s, s, w.selfAttention().heads(), c), sourceKeys(a, site + ATT),
                    key(a, site + X4), g);
        }
        embedBackward(g.dOut, a.src, a.srcStride, batch, s, weights.encTok, weights.encPos, key(a, SITE_ENC_EMB), p);
    }

    /**
     * Backward of {@code r = xq + dropout(fc_o(attention(fc_q(xq), fc_k(xkv), fc_v(xkv))))} from dR, the gradient of r:
     * dXq receives dR (the residual) plus the fc_q path; dXkv accumulates the fc_k and fc_v paths
     * (for self-attention both are the same array). Shape and mask are the forward's; the residual's dropout uses
     * {@code x4Key} with the mask's p.
     */
    private void attentionBackward(float[] dR, float[] dXq, float[] dXkv, Activations.Site s, Weights.Attention w,
                                   float[] xq, float[] xkv, AttentionShape shape, AttentionMask mask, long x4Key,
                                   Activations.Grads g) {
        int c = shape.c(), nq = shape.batch() * shape.tq(), nk = shape.batch() * shape.tk();
        elementwise.residualBackward(dR, dXq, g.dX4, nq * c, x4Key, mask.p());
        linear.backward(g.dX4, s.x1, g.dX1, false, nq, w.o(), params, grads);
        attention.backward(shape, mask, s.q, s.k, s.v, s.att, g.dX1, g.dQ, g.dK, g.dV);
        linear.backward(g.dQ, xq, dXq, true, nq, w.q(), params, grads);
        linear.backward(g.dK, xkv, dXkv, true, nk, w.k(), params, grads);
        linear.backward(g.dV, xkv, dXkv, true, nk, w.v(), params, grads);
    }

    /** Backward of {@code r = x + dropout(fc_2(dropout(relu(fc_1(x)))))} from dR: dX receives the whole gradient of x. */
    void feedForwardBackward(float[] dR, float[] dX, float[] x, Activations.FeedForward ff, Weights.FeedForward w,
                                     int n, Activations.Grads g, long hKey, long fKey, float p) {
        int c = config.hidDim();
        elementwise.residualBackward(dR, dX, g.dF, n * c, fKey, p);
        linear.backward(g.dF, p == 0f ? ff.h : ff.hd, g.dH, false, n, w.fc2(), params, grads);
        elementwise.reluDropoutBackward(g.dH, ff.h, n * w.fc1().out(), hKey, p);
        linear.backward(g.dH, x, dX, true, n, w.fc1(), params, grads);
    }

    void embedBackward(float[] dOut, int[] ids, int stride, int batch, int len, int tok, int pos, long key, float p) {
        int c = config.hidDim();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) {
                embedBackwardRow(dOut, (b * len + t) * c, grads, tok + ids[b * stride + t] * c, pos + t * c, embScale, c, key, p);
            }
        }
    }

    /** One row of {@link #embedBackward}: dTok += d·√C, dPos += d with d = dOut · mask. */
    private static void embedBackwardRow(float[] dOut, int row, float[] grads, int e, int ps, float scale, int c, long key,
                                         float p) {
        float keep = Dropout.keep(p);
        int j = 0;
        for (; j + DL <= c; j += DL) {
            FloatVector d = FloatVector.fromArray(DS, dOut, row + j).mul(Dropout.scales(key, row + j, p, keep));
            FloatVector.fromArray(DS, grads, e + j).add(d.mul(scale)).intoArray(grads, e + j);
            FloatVector.fromArray(DS, grads, ps + j).add(d).intoArray(grads, ps + j);
        }
        for (; j < c; j++) {
            float d = dOut[row + j] * Dropout.scale(key, row + j, p);
            grads[e + j] += d * scale;
            grads[ps + j] += d;
        }
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    static int encSite(int layer) {
        return 100 + 10 * layer;
    }

    static int decSite(int layer) {
        return 10_000 + 10 * layer;
    }

    /** Attention over the source of the pass in {@code a}: source padding hidden, dropout from that site. */
    private AttentionMask sourceKeys(Activations a, int site) {
        return new AttentionMask(a.src, a.srcStride, config.srcPadIdx(), false, key(a, site), a.dropout);
    }

    /** Decoder self-attention of the pass in {@code a}: target padding and later positions hidden. */
    private AttentionMask targetKeys(Activations a, int site) {
        return new AttentionMask(a.trg, a.trgStride, config.trgPadIdx(), true, key(a, site), a.dropout);
    }

    private static long key(Activations a, int site) {
        return a.dropout == 0f ? 0L : Dropout.key(a.seed, a.step, site);
    }

    private static void checkShape(Activations a, int batch, int len, int maxLen, String what) {
        if (batch <= 0 || batch > a.maxBatch || len <= 0 || len > maxLen) {
            throw new IllegalArgumentException("batch " + batch + " × " + what + " length " + len
                    + " does not fit activations for " + a.maxBatch + " × " + maxLen);
        }
    }

    @Override
    public void close() {
        parallel.close();
    }
}
