package org.qkvlens.session;

import java.nio.file.Path;
import java.util.List;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.CorpusReader;
import org.qkvlens.data.Dataset;
import org.qkvlens.data.TextPair;
import org.qkvlens.data.TokenizerKind;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.Preset;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.probe.ProbeFile;
import org.qkvlens.probe.ProbeLine;

/** Test set-ups: the article preset on sample-sentences/eng_de.csv (validated on itself), as {@code train} builds it. */
public final class ArticleRuns {
    private ArticleRuns() {
    }

    public static RunSetup setup(int epochs, long seed, int threads, boolean withProbes) {
        List<TextPair> pairs = CorpusReader.readPairs(Path.of("sample-sentences/eng_de.csv"));
        Dataset data = Dataset.build(pairs, pairs, TokenizerKind.WORDS, 2, Preset.DEFAULT_MAX_LENGTH);
        ModelConfig model = Preset.ARTICLE.model().withVocab(data.srcVocab().size(), data.trgVocab().size());
        TrainConfig p = Preset.ARTICLE.training(seed, threads);
        TrainConfig train = new TrainConfig(p.batchSize(), epochs, p.learningRate(), p.beta1(), p.beta2(), p.eps(), p.clip(),
                seed, threads, p.maxDecode());
        List<ProbeLine> probes = withProbes ? ProbeFile.read(Path.of("sample-sentences/probes.txt")) : List.of();
        return new RunSetup("article", model, train, BatchOrder.BUCKET, data, "eng_de.csv", probes, 0);
    }
}
