package org.qkvlens.data;

/**
 * How {@link Batcher} groups a shuffled epoch: BUCKET puts sentences of similar length together (less padding,
 * like torchtext's BucketIterator), RANDOM takes them as they come.
 */
public enum BatchOrder {
    BUCKET,
    RANDOM
}
