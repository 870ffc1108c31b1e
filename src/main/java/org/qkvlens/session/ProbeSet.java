package org.qkvlens.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.qkvlens.data.BadInputException;
import org.qkvlens.data.SplitMix64;
import org.qkvlens.data.TextPair;
import org.qkvlens.probe.ProbeLine;

/**
 * Many probe sentences at once, besides the typed probes: the validation split, N pairs sampled from the training
 * pairs with a seed, or the lines of a file (read by the front end). Only the English side is probed: the model
 * translates each sentence greedily, as a typed probe without a reference. Each line keeps its corpus origin
 * ("train.en:12") so warnings point at it. Leaves out reading files and checking words against the vocabulary.
 */
public sealed interface ProbeSet {
    /** The most sentences a run probes (typed probes and the set together). */
    int MAX_PROBES = 5000;

    /** The validation pairs the run measures its loss on (they must be held out, not the training pairs). */
    record Valid() implements ProbeSet {
        @Override
        public String describe() {
            return "valid";
        }
    }

    /** {@code count} training pairs drawn without replacement by SplitMix64({@code seed}; null: the run's seed). */
    record Sampled(int count, Long seed) implements ProbeSet {
        public Sampled {
            if (count < 1) throw new BadInputException("train:" + count + ": sample at least 1 training pair");
        }

        @Override
        public String describe() {
            return "train:" + count + (seed != null ? ":" + seed : "");
        }
    }

    /** Probe lines a front end read from the file {@code name}. */
    record FromFile(String name, List<ProbeLine> lines) implements ProbeSet {
        public FromFile {
            lines = List.copyOf(lines);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** As the user would write it ({@code valid}, {@code train:N[:seed]}, the file). */
    String describe();

    /**
     * The keyword forms, {@code valid} and {@code train:N[:seed]}; null for anything else (a file name, for the
     * front end to read). A malformed {@code train:} is an error naming what is wrong.
     */
    static ProbeSet parseKeyword(String spec) {
        if (spec.equals("valid")) return new Valid();
        if (!spec.startsWith("train:")) return null;
        String[] parts = spec.split(":", -1);
        if (parts.length > 3) throw new BadInputException(spec + ": expected train:N or train:N:SEED");
        try {
            int n = Integer.parseInt(parts[1]);
            Long seed = parts.length == 3 ? Long.parseLong(parts[2]) : null;
            return new Sampled(n, seed);
        } catch (NumberFormatException e) {
            throw new BadInputException(spec + ": expected train:N or train:N:SEED with whole numbers");
        }
    }

    /**
     * The set's sentences from the run's training and validation pairs; {@code heldOut} tells whether the
     * validation pairs are held out of training (else there is no validation split to probe).
     */
    default List<ProbeLine> lines(List<TextPair> train, List<TextPair> valid, boolean heldOut, long runSeed) {
        return switch (this) {
            case Valid v -> {
                if (!heldOut || valid.isEmpty()) {
                    throw new BadInputException("probe set valid: the run has no validation split (give validation"
                            + " files or a validation fraction)");
                }
                yield sources(valid);
            }
            case Sampled s -> {
                if (s.count() > train.size()) {
                    throw new BadInputException("probe set " + s.describe() + ": the corpus has only " + train.size()
                            + " training pairs");
                }
                int[] order = new int[train.size()];
                for (int i = 0; i < order.length; i++) order[i] = i;
                SplitMix64.shuffle(order, new SplitMix64(s.seed() != null ? s.seed() : runSeed));
                int[] picked = Arrays.copyOf(order, s.count());
                Arrays.sort(picked);  // corpus order
                List<TextPair> chosen = new ArrayList<>();
                for (int i : picked) chosen.add(train.get(i));
                yield sources(chosen);
            }
            case FromFile f -> f.lines();
        };
    }

    private static List<ProbeLine> sources(List<TextPair> pairs) {
        return pairs.stream().map(p -> new ProbeLine(p.source(), null, p.origin())).toList();
    }
}
