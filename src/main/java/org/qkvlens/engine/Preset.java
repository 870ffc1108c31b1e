package org.qkvlens.engine;

/**
 * The two named set-ups. {@code article}: the 1-layer, 1-head, 64-wide model of the article QKV Lens grew from,
 * trained on its 36 toy sentences. {@code tutorial}: bentrevett's "Attention is All You Need" notebook on Multi30k.
 * Vocabulary sizes are placeholders until the data is read.
 */
public enum Preset {
    ARTICLE(64, 1, 1, 128, 0.1f, 8, 30, 10),
    TUTORIAL(256, 3, 8, 512, 0.1f, 128, 10, 50);

    public static final int DEFAULT_MAX_LENGTH = 100;

    private final int hidDim;
    private final int layers;
    private final int heads;
    private final int pfDim;
    private final float dropout;
    private final int batchSize;
    private final int epochs;
    private final int maxDecode;

    Preset(int hidDim, int layers, int heads, int pfDim, float dropout, int batchSize, int epochs, int maxDecode) {
        this.hidDim = hidDim;
        this.layers = layers;
        this.heads = heads;
        this.pfDim = pfDim;
        this.dropout = dropout;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.maxDecode = maxDecode;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The model with placeholder vocabularies (4 specials each); call {@link ModelConfig#withVocab} once data is read. */
    public ModelConfig model() {
        return new ModelConfig(4, 4, hidDim, layers, layers, heads, heads, pfDim, pfDim, dropout, DEFAULT_MAX_LENGTH, 1, 1);
    }

    public TrainConfig training(long seed, int threads) {
        return new TrainConfig(batchSize, epochs, 5e-4f, 0.9f, 0.999f, 1e-8f, 1.0f, seed, threads, maxDecode);
    }
}
