package org.qkvlens.session;

import java.util.List;
import org.qkvlens.data.BatchOrder;
import org.qkvlens.data.Dataset;
import org.qkvlens.engine.ModelConfig;
import org.qkvlens.engine.TrainConfig;
import org.qkvlens.probe.CaptureFilter;
import org.qkvlens.probe.ProbeLine;

/**
 * Everything a training run is made from: the model shape (vocabulary sizes already those of the dataset), how to
 * train, the data, the probe sentences, and how often to take snapshots besides each epoch's end
 * ({@code snapshotEverySteps} ≤ 0: only at epoch ends) and which arrays to capture. {@code preset} and {@code corpus}
 * describe the run for people.
 */
public record RunSetup(String preset, ModelConfig model, TrainConfig train, BatchOrder order, Dataset dataset,
                       String corpus, List<ProbeLine> probes, int snapshotEverySteps, CaptureFilter capture) {
    /** Capturing every array. */
    public RunSetup(String preset, ModelConfig model, TrainConfig train, BatchOrder order, Dataset dataset,
                    String corpus, List<ProbeLine> probes, int snapshotEverySteps) {
        this(preset, model, train, order, dataset, corpus, probes, snapshotEverySteps, CaptureFilter.ALL);
    }

    public RunSetup {
        probes = List.copyOf(probes);
        if (capture == null) capture = CaptureFilter.ALL;
        if (model.srcVocab() != dataset.srcVocab().size() || model.trgVocab() != dataset.trgVocab().size()) {
            throw new IllegalArgumentException("model vocabulary sizes differ from the dataset's");
        }
    }
}
