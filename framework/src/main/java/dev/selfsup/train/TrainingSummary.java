package dev.selfsup.train;

/**
 * What a pretraining run did.
 *
 * @param steps steps trained
 * @param firstLoss loss of the first step
 * @param finalLoss mean loss over the last logging window
 * @param seconds wall time
 */
public record TrainingSummary(long steps, double firstLoss, double finalLoss, double seconds) {
}
