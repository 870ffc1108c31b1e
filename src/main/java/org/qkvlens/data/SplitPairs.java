package org.qkvlens.data;

import java.util.List;

/** A corpus split by {@link Dataset#split}: the pairs to train on and the pairs held out to validate. */
public record SplitPairs(List<TextPair> train, List<TextPair> valid) {
    public SplitPairs {
        train = List.copyOf(train);
        valid = List.copyOf(valid);
    }
}
