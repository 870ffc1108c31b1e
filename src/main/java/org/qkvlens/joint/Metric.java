package org.qkvlens.joint;

/**
 * How the joint space's points are compared when laid out: by Euclidean distance of the normalised vectors, or by
 * cosine (the points handed to the projector are then scaled to unit length, whose Euclidean distance
 * √(2 − 2 cos) orders pairs as cosine distance does). Leaves out any other metric.
 */
public enum Metric {
    EUCLIDEAN, COSINE
}
