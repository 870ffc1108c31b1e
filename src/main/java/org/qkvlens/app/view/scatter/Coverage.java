package org.qkvlens.app.view.scatter;

import java.util.List;
import org.qkvlens.probe.Kind;
import org.qkvlens.projection.Method;

/**
 * What a scatter layout covers of what the selection asks for: points and snapshots laid out against those available,
 * the method's point budget, and whether even the newest snapshot alone is over it (then nothing is laid out). Also
 * the one-line summary the view always shows and the number of sentences that would fit. Leaves out drawing.
 *
 * @param points             points laid out
 * @param snapshots          snapshots laid out
 * @param availablePoints    points of all snapshots with points
 * @param availableSnapshots snapshots with points
 * @param newestPoints       points of the newest snapshot alone
 * @param sentences          sentences asked for (A, B and further probes)
 * @param budget             most points the method lays out together
 */
public record Coverage(Method method, int points, int snapshots, int availablePoints, int availableSnapshots,
                       int newestPoints, int sentences, int budget) {

    public static final Coverage NONE = new Coverage(Method.PCA, 0, 0, 0, 0, 0, 0, 0);

    /** Even the newest snapshot alone has more points than the method lays out: nothing was laid out. */
    public boolean overBudget() {
        return newestPoints > budget && points == 0;
    }

    /** Some snapshots were left out to stay within the budget. */
    public boolean leftSomeOut() {
        return overBudget() || snapshots < availableSnapshots;
    }

    /** The most sentences whose newest snapshot fits the budget (at least 2: A and B). */
    public int sentencesThatFit() {
        if (newestPoints == 0 || sentences == 0) return sentences;
        double perSentence = newestPoints / (double) sentences;
        return (int) Math.max(2, Math.min(sentences, Math.floor(budget / perSentence)));
    }

    /**
     * "12,345 points laid out · 3 snapshots · K, V · 42 sentences" (one layout spans every snapshot laid out, so the
     * epoch slider never refits; the epochs shown are drawn from it), then what was left out and why.
     */
    public String summary(List<Kind> kinds) {
        StringBuilder b = new StringBuilder(String.format("%,d points laid out · %d %s · ", points, snapshots,
                snapshots == 1 ? "snapshot" : "snapshots"));
        for (int i = 0; i < kinds.size(); i++) b.append(i == 0 ? "" : ", ").append(kinds.get(i).id());
        b.append(String.format(" · %,d %s", sentences, sentences == 1 ? "sentence" : "sentences"));
        String out = leftOut();
        return out.isEmpty() ? b.toString() : b.append(" — ").append(out).toString();
    }

    /** Why points are missing, or "" when none are. */
    public String leftOut() {
        if (overBudget()) {
            return String.format("nothing laid out: %s lays out at most %,d points and the newest snapshot alone has %,d; "
                    + "sample to %,d sentences or use PCA", method, budget, newestPoints, sentencesThatFit());
        }
        if (snapshots < availableSnapshots) {
            return String.format("left out %d of %d snapshots (%,d of %,d points): %s lays out at most %,d points",
                    availableSnapshots - snapshots, availableSnapshots, availablePoints - points, availablePoints, method,
                    budget);
        }
        return "";
    }
}
