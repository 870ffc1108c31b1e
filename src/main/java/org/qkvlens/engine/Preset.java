package org.qkvlens.engine;

import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.TokenizerKind;

/**
 * The two named set-ups, and the one place every default of a run lives. {@code article}: the 1-layer, 1-head,
 * 64-wide model of the article QKV Lens grew from, trained on its 36 toy sentences. {@code tutorial}: bentrevett's
 * "Attention is All You Need" notebook on Multi30k. Vocabulary sizes are placeholders until the data is read.
 * Front ends never spell a default themselves: they ask {@code org.qkvlens.session.RunRequest} with explicit overrides.
 */
public enum Preset {
    ARTICLE(64, 1, 1, 128, 0.1f, 8, 30, 10),
    TUTORIAL(256, 3, 8, 512, 0.1f, 128, 10, 50);

    /** The preset a front end uses when none is chosen. */
    public static final Preset DEFAULT = ARTICLE;
    /** Positional table size: the longest sentence, {@code <sos>} and {@code <eos>} included. */
    public static final int DEFAULT_MAX_LENGTH = 100;
    /** Seed for initialisation, dropout and batch order. */
    public static final long DEFAULT_SEED = 1234;
    /** Adam as in the tutorial: {@code torch.optim.Adam(lr=0.0005)} with PyTorch's betas and eps. */
    public static final float LEARNING_RATE = 5e-4f;
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPS = 1e-8f;
    /** Gradient-norm clipping ({@code clip_grad_norm_(..., 1)}); 0 turns it off. */
    public static final float CLIP = 1.0f;
    /** Batches of similar lengths, like torchtext's BucketIterator. */
    public static final BatchOrder DEFAULT_ORDER = BatchOrder.BUCKET;
    public static final TokenizerKind DEFAULT_TOKENIZER = TokenizerKind.WORDS;
    /** Words seen fewer times in training become {@code <unk>}. */
    public static final int DEFAULT_MIN_FREQ = 2;
    /** Snapshots only at each epoch's end (a positive N: also every N steps). */
    public static final int DEFAULT_SNAPSHOT_EVERY_STEPS = 0;

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
        return new TrainConfig(batchSize, epochs, LEARNING_RATE, BETA1, BETA2, EPS, CLIP, seed, threads, maxDecode);
    }
}
