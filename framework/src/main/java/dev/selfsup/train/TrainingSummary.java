package dev.selfsup.train;

import java.nio.file.Path;

/**
 * What a pretraining run did.
 *
 * @param firstStep the step training started from (0, or the resumed checkpoint's step)
 * @param steps completed steps at the end
 * @param totalSteps the planned steps
 * @param firstLoss loss of the run's first step
 * @param finalLoss mean loss over the last logging window (NaN if none finished in this process)
 * @param seconds wall time of this process's training
 * @param runSeconds wall time of the whole run's training, over every process that resumed it
 * @param stopReason why training stopped early, or null if it ran to the end
 * @param lastCheckpoint the newest checkpoint folder
 */
public record TrainingSummary(long firstStep, long steps, long totalSteps, double firstLoss, double finalLoss,
                              double seconds, double runSeconds, String stopReason, Path lastCheckpoint) {

    /**
     * Returns whether training was stopped before its last step.
     *
     * @return true if stopped early
     */
    public boolean stopped() {
        return stopReason != null;
    }

    /**
     * Returns this summary marked as stopped (after training, before evaluation).
     *
     * @param reason why
     * @return the summary
     */
    public TrainingSummary stoppedBecause(String reason) {
        return new TrainingSummary(firstStep, steps, totalSteps, firstLoss, finalLoss, seconds, runSeconds, reason,
                lastCheckpoint);
    }
}
