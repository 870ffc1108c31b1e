package org.qkvlens.engine;

/**
 * An independent double-precision Seq2Seq forward written straight from the tutorial's PyTorch code, one plain loop
 * per operation, sharing nothing with the engine but the parameter layout ({@link Weights}) and the dropout masks
 * ({@link Dropout}). Finite differences of its loss are the oracle for every gradient the engine computes.
 */
final class DoubleSeq2Seq {
    final ModelConfig cfg;
    final Weights w;
    double[] p;

    DoubleSeq2Seq(ModelConfig cfg, float[] params) {
        this.cfg = cfg;
        this.w = new Weights(cfg);
        this.p = new double[params.length];
        for (int i = 0; i < params.length; i++) p[i] = params[i];
    }

    /** Mean cross-entropy of trg[:, 1:] given src and trg[:, :-1]; dropout as the engine draws it when training. */
    double loss(int[] src, int srcLen, int[] trg, int trgLen, int batch, boolean training, long seed, long step) {
        float drop = training ? cfg.dropout() : 0f;
        int t = trgLen - 1;
        double[][][] enc = new double[batch][][];
        double[][][] dec = new double[batch][][];
        // Dropout indices run over the whole batch tensor, as in the engine, so process the batch together.
        double[][][] x = embed(src, srcLen, batch, srcLen, w.encTok, w.encPos, key(training, seed, step, Seq2Seq.SITE_ENC_EMB), drop);
        for (int l = 0; l < cfg.encLayers(); l++) {
            int site = Seq2Seq.encSite(l);
            Weights.EncoderLayer lw = w.encoder[l];
            double[][][] a = attention(x, x, lw.selfAttention(), src, srcLen, false, key(training, seed, step, site + Seq2Seq.ATT), drop);
            x = norm(residual(x, a, key(training, seed, step, site + Seq2Seq.X4), drop), lw.selfAttnNorm());
            double[][][] f = feedForward(x, lw.ff(), key(training, seed, step, site + Seq2Seq.FF_H),
                    key(training, seed, step, site + Seq2Seq.FF_F), drop);
            x = norm(residual(x, f, 0, 0f), lw.ffNorm());
        }
        enc = x;
        double[][][] y = embed(trg, trgLen, batch, t, w.decTok, w.decPos, key(training, seed, step, Seq2Seq.SITE_DEC_EMB), drop);
        for (int l = 0; l < cfg.decLayers(); l++) {
            int site = Seq2Seq.decSite(l);
            Weights.DecoderLayer lw = w.decoder[l];
            double[][][] a = attention(y, y, lw.selfAttention(), trg, trgLen, true, key(training, seed, step, site + Seq2Seq.ATT), drop);
            y = norm(residual(y, a, key(training, seed, step, site + Seq2Seq.X4), drop), lw.selfAttnNorm());
            a = attention(y, enc, lw.encoderAttention(), src, srcLen, false, key(training, seed, step, site + Seq2Seq.CROSS_ATT), drop);
            y = norm(residual(y, a, key(training, seed, step, site + Seq2Seq.CROSS_X4), drop), lw.encAttnNorm());
            double[][][] f = feedForward(y, lw.ff(), key(training, seed, step, site + Seq2Seq.FF_H),
                    key(training, seed, step, site + Seq2Seq.FF_F), drop);
            y = norm(residual(y, f, 0, 0f), lw.ffNorm());
        }
        dec = y;
        double sum = 0;
        int count = 0;
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < t; i++) {
                int target = trg[b * trgLen + i + 1];
                if (target == cfg.trgPadIdx()) continue;
                double[] logits = linear(dec[b][i], w.fcOut);
                double max = Double.NEGATIVE_INFINITY;
                for (double v : logits) max = Math.max(max, v);
                double z = 0;
                for (double v : logits) z += Math.exp(v - max);
                sum += max + Math.log(z) - logits[target];
                count++;
            }
        }
        return sum / count;
    }

    private static long key(boolean training, long seed, long step, int site) {
        return training ? Dropout.key(seed, step, site) : 0L;
    }

    /**
     * A dropout applied to element e of a (B, T, C)-shaped tensor; index e = (b·T + t)·C + c, as in the engine.
     * The residual's second dropout (after fc_2) uses its own key; here {@code residual} handles x4 and f alike.
     */
    private static double mask(long key, int index, float p) {
        return Dropout.scale(key, index, p);
    }

    private double[][][] embed(int[] ids, int stride, int batch, int len, int tok, int pos, long key, float drop) {
        int c = cfg.hidDim();
        double scale = Math.sqrt(c);
        double[][][] out = new double[batch][len][c];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) {
                int id = ids[b * stride + t];
                for (int j = 0; j < c; j++) {
                    out[b][t][j] = (p[tok + id * c + j] * (float) scale + p[pos + t * c + j]) * mask(key, (b * len + t) * c + j, drop);
                }
            }
        }
        return out;
    }

    private double[] linear(double[] x, Weights.Linear lin) {
        double[] y = new double[lin.out()];
        for (int o = 0; o < lin.out(); o++) {
            double s = p[lin.b() + o];
            for (int i = 0; i < lin.in(); i++) s += p[lin.w() + o * lin.in() + i] * x[i];
            y[o] = s;
        }
        return y;
    }

    private double[][][] attention(double[][][] xq, double[][][] xkv, Weights.Attention aw, int[] keyIds, int keyStride,
                                   boolean causal, long key, float drop) {
        int batch = xq.length, tq = xq[0].length, tk = xkv[0].length, c = cfg.hidDim(), h = aw.heads(), d = c / h;
        double scale = (float) Math.sqrt(d);
        double[][][] out = new double[batch][tq][];
        int keyPad = causal ? cfg.trgPadIdx() : cfg.srcPadIdx();
        for (int b = 0; b < batch; b++) {
            double[][] q = new double[tq][], k = new double[tk][], v = new double[tk][];
            for (int i = 0; i < tq; i++) q[i] = linear(xq[b][i], aw.q());
            for (int j = 0; j < tk; j++) {
                k[j] = linear(xkv[b][j], aw.k());
                v[j] = linear(xkv[b][j], aw.v());
            }
            double[][] x1 = new double[tq][c];
            for (int head = 0; head < h; head++) {
                for (int i = 0; i < tq; i++) {
                    double[] e = new double[tk];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < tk; j++) {
                        double s = 0;
                        for (int t = 0; t < d; t++) s += q[i][head * d + t] * k[j][head * d + t];
                        boolean masked = keyIds[b * keyStride + j] == keyPad || (causal && j > i);
                        e[j] = masked ? -1e10 : s / scale;
                        max = Math.max(max, e[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < tk; j++) z += Math.exp(e[j] - max);
                    for (int j = 0; j < tk; j++) {
                        double a = Math.exp(e[j] - max) / z * mask(key, ((b * h + head) * tq + i) * tk + j, drop);
                        for (int t = 0; t < d; t++) x1[i][head * d + t] += a * v[j][head * d + t];
                    }
                }
            }
            for (int i = 0; i < tq; i++) out[b][i] = linear(x1[i], aw.o());
        }
        return out;
    }

    private double[][][] residual(double[][][] x, double[][][] f, long key, float drop) {
        int batch = x.length, len = x[0].length, c = x[0][0].length;
        double[][][] out = new double[batch][len][c];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) {
                for (int j = 0; j < c; j++) out[b][t][j] = x[b][t][j] + f[b][t][j] * mask(key, (b * len + t) * c + j, drop);
            }
        }
        return out;
    }

    private double[][][] norm(double[][][] x, Weights.Norm n) {
        int c = cfg.hidDim();
        double[][][] out = new double[x.length][x[0].length][c];
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[0].length; t++) {
                double m = 0, v = 0;
                for (int j = 0; j < c; j++) m += x[b][t][j];
                m /= c;
                for (int j = 0; j < c; j++) v += (x[b][t][j] - m) * (x[b][t][j] - m);
                v /= c;
                double r = 1 / Math.sqrt(v + 1e-5);
                for (int j = 0; j < c; j++) out[b][t][j] = (x[b][t][j] - m) * r * p[n.gamma() + j] + p[n.beta() + j];
            }
        }
        return out;
    }

    /**
     * fc_2(dropout(relu(fc_1(x)))) followed by the dropout the residual applies: returned already masked with fKey so
     * that the caller's residual adds it unmasked.
     */
    private double[][][] feedForward(double[][][] x, Weights.FeedForward fw, long hKey, long fKey, float drop) {
        int batch = x.length, len = x[0].length, c = cfg.hidDim(), pf = fw.fc1().out();
        double[][][] out = new double[batch][len][];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) {
                double[] h = linear(x[b][t], fw.fc1());
                for (int j = 0; j < pf; j++) h[j] = Math.max(0, h[j]) * mask(hKey, (b * len + t) * pf + j, drop);
                double[] f = linear(h, fw.fc2());
                for (int j = 0; j < c; j++) f[j] *= mask(fKey, (b * len + t) * c + j, drop);
                out[b][t] = f;
            }
        }
        return out;
    }
}
