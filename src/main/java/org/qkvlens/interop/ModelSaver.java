package org.qkvlens.interop;

import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.qkvlens.data.Dataset;
import org.qkvlens.engine.Trainer;
import org.qkvlens.session.TrainingSession;

/**
 * Saves a training run's model in the {@link ModelDirectory} layout as it trains: {@link #begin} writes config.json
 * and vocab.json (and, per epoch, {@code epoch00.safetensors}: the weights before training, so a playback of the
 * directory starts where the run's own snapshots start); then after every epoch, on the training thread while the
 * weights are that epoch's, either {@code epochNN.safetensors} or (one file) {@code model.safetensors}, replaced
 * each epoch so a stopped run leaves its last finished epoch. Metadata: epoch, global step, losses.
 */
public final class ModelSaver implements TrainingSession.Listener {
    private final Path dir;
    private final TrainingSession session;
    private final boolean everyEpoch;
    private final List<Path> written = new CopyOnWriteArrayList<>();

    public ModelSaver(Path dir, TrainingSession session, boolean everyEpoch) {
        this.dir = dir;
        this.session = session;
        this.everyEpoch = everyEpoch;
    }

    /** Creates the directory (it must hold no model yet) and writes config.json, vocab.json and epoch00. */
    public void begin() {
        ModelDirectory.prepareNew(dir);
        Dataset d = session.setup().dataset();
        ModelDirectory.saveDescription(dir, session.setup().model(), d.srcVocab(), d.trgVocab(), d.tokenizer());
        written.add(dir.resolve(ModelDirectory.CONFIG));
        written.add(dir.resolve(ModelDirectory.VOCAB));
        if (everyEpoch) {
            written.add(ModelDirectory.saveWeights(dir, ModelDirectory.epochFileName(0), session.model(),
                    ModelDirectory.trainingMetadata(0, 0, Double.NaN, Double.NaN)));
        }
    }

    @Override
    public void onEpoch(Trainer.EpochResult r) {
        String name = everyEpoch ? ModelDirectory.epochFileName(r.epoch()) : ModelDirectory.SINGLE;
        Path file = ModelDirectory.saveWeights(dir, name, session.model(),
                ModelDirectory.trainingMetadata(r.epoch(), r.globalStep(), r.trainLoss(), r.validLoss()));
        if (!written.contains(file)) written.add(file);
    }

    /** The files written so far, in order. */
    public List<Path> written() {
        return List.copyOf(written);
    }
}
