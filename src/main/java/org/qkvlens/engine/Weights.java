package org.qkvlens.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every parameter lives in the model's one flat {@code float[]}: a tensor per PyTorch {@code state_dict} entry
 * of the tutorial ({@code encoder.layers.0.self_attention.fc_q.weight}, …), in registration order, Linear weights as
 * (out_features, in_features). The same offsets index the gradient and the Adam moments. Leaves out the values.
 */
public final class Weights {

    /** One named tensor: {@code shape} elements starting at {@code offset} in the flat parameter array. */
    public record Tensor(String name, int offset, int[] shape) {
        public int size() {
            int n = 1;
            for (int d : shape) n = Math.multiplyExact(n, d);   // a tensor past 2^31 values is refused, never wrapped
            return n;
        }
    }

    /** A Linear layer: weight (out, in) at {@code w}, bias (out) at {@code b}. */
    public record Linear(int w, int b, int in, int out) {
    }

    /** A LayerNorm: γ and β, each (C). */
    public record Norm(int gamma, int beta) {
    }

    /** fc_q, fc_k, fc_v, fc_o of one multi-head attention layer. */
    public record Attention(Linear q, Linear k, Linear v, Linear o, int heads) {
    }

    /** fc_1 (C → pf) and fc_2 (pf → C). */
    public record FeedForward(Linear fc1, Linear fc2) {
    }

    public record EncoderLayer(Norm selfAttnNorm, Norm ffNorm, Attention selfAttention, FeedForward ff) {
    }

    public record DecoderLayer(Norm selfAttnNorm, Norm encAttnNorm, Norm ffNorm, Attention selfAttention,
                               Attention encoderAttention, FeedForward ff) {
    }

    public final ModelConfig config;
    public final int encTok;   // (Vs, C)
    public final int encPos;   // (maxLength, C)
    public final EncoderLayer[] encoder;
    public final int decTok;   // (Vt, C)
    public final int decPos;   // (maxLength, C)
    public final DecoderLayer[] decoder;
    public final Linear fcOut; // (Vt, C)
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Linear> linears = new ArrayList<>();
    private final Map<String, Tensor> byName = new LinkedHashMap<>();
    private int size;

    public Weights(ModelConfig cfg) {
        this.config = cfg;
        int c = cfg.hidDim();
        encTok = add("encoder.tok_embedding.weight", cfg.srcVocab(), c);
        encPos = add("encoder.pos_embedding.weight", cfg.maxLength(), c);
        encoder = new EncoderLayer[cfg.encLayers()];
        for (int l = 0; l < encoder.length; l++) {
            String p = "encoder.layers." + l + ".";
            Norm n1 = norm(p + "self_attn_layer_norm", c);
            Norm n2 = norm(p + "ff_layer_norm", c);
            Attention sa = attention(p + "self_attention", c, cfg.encHeads());
            FeedForward ff = feedForward(p + "positionwise_feedforward", c, cfg.encPfDim());
            encoder[l] = new EncoderLayer(n1, n2, sa, ff);
        }
        decTok = add("decoder.tok_embedding.weight", cfg.trgVocab(), c);
        decPos = add("decoder.pos_embedding.weight", cfg.maxLength(), c);
        decoder = new DecoderLayer[cfg.decLayers()];
        for (int l = 0; l < decoder.length; l++) {
            String p = "decoder.layers." + l + ".";
            Norm n1 = norm(p + "self_attn_layer_norm", c);
            Norm n2 = norm(p + "enc_attn_layer_norm", c);
            Norm n3 = norm(p + "ff_layer_norm", c);
            Attention sa = attention(p + "self_attention", c, cfg.decHeads());
            Attention ea = attention(p + "encoder_attention", c, cfg.decHeads());
            FeedForward ff = feedForward(p + "positionwise_feedforward", c, cfg.decPfDim());
            decoder[l] = new DecoderLayer(n1, n2, n3, sa, ea, ff);
        }
        fcOut = linear("decoder.fc_out", c, cfg.trgVocab());
    }

    /** Total floats in the flat parameter array. */
    public int size() {
        return size;
    }

    public List<Tensor> tensors() {
        return Collections.unmodifiableList(tensors);
    }

    /** The tensor of that state_dict name, or null. */
    public Tensor tensor(String name) {
        return byName.get(name);
    }

    /** Every Linear layer, for caching transposed weights. */
    public List<Linear> linears() {
        return Collections.unmodifiableList(linears);
    }

    private int add(String name, int... shape) {
        Tensor t = new Tensor(name, size, shape.clone());
        tensors.add(t);
        byName.put(name, t);
        size = Math.addExact(size, t.size());
        return t.offset();
    }

    private Norm norm(String prefix, int c) {
        return new Norm(add(prefix + ".weight", c), add(prefix + ".bias", c));
    }

    private Linear linear(String prefix, int in, int out) {
        int w = add(prefix + ".weight", out, in);
        int b = add(prefix + ".bias", out);
        Linear lin = new Linear(w, b, in, out);
        linears.add(lin);
        return lin;
    }

    private Attention attention(String prefix, int c, int heads) {
        return new Attention(linear(prefix + ".fc_q", c, c), linear(prefix + ".fc_k", c, c),
                linear(prefix + ".fc_v", c, c), linear(prefix + ".fc_o", c, c), heads);
    }

    private FeedForward feedForward(String prefix, int c, int pf) {
        return new FeedForward(linear(prefix + ".fc_1", c, pf), linear(prefix + ".fc_2", pf, c));
    }
}
