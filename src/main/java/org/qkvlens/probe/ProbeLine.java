package org.qkvlens.probe;

/**
 * One probe sentence to translate and inspect, with the reference translation if the file gave one
 * ({@code null} if not). {@code text} may be empty (a line holding only a tab and a reference): it is read
 * so it can be flagged when probes are checked against a vocabulary. {@code origin} is "probes.txt:3".
 */
public record ProbeLine(String text, String reference, String origin) {
}
