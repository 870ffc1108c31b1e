package org.qkvlens.app.view.neighbours;

import org.qkvlens.probe.Kind;
import org.qkvlens.projection.PointKey;

/**
 * One row of the neighbours table: the {@code rank}-th nearest (from 1) of the picked point in the original space, its
 * token, sentence, position, kind and epoch, its distance (cosine or Euclidean), and whether it is also among the
 * picked point's k nearest in the picture. {@code key} says which plotted point it is.
 */
public record NeighbourRow(int rank, String token, String sentence, int position, Kind kind, int epoch, double distance,
                           boolean inPicture, PointKey key) {
}
