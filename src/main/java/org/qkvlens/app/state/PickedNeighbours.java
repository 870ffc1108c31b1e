package org.qkvlens.app.state;

import java.util.List;
import org.qkvlens.projection.PointKey;

/**
 * The picked point's nearest neighbours in the original space, as the neighbours instrument last computed them:
 * {@code neighbours} nearest first, every one at the picked point's snapshot. The scatter views draw a line from the
 * picked point to each. Immutable value; the search itself lives in org.qkvlens.neighbours.
 */
public record PickedNeighbours(PointKey picked, List<PointKey> neighbours) {
    public static final PickedNeighbours NONE = new PickedNeighbours(null, List.of());

    public PickedNeighbours {
        neighbours = List.copyOf(neighbours);
    }
}
