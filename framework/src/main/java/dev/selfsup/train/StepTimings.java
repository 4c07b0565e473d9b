package dev.selfsup.train;

/**
 * Receives where each training step's time went, for benchmarks. Phases are wall-clock nanoseconds on the
 * training thread; on a GPU, work queued in one phase may finish in a later one (reading the loss after the
 * backward pass waits for the device).
 */
@FunctionalInterface
public interface StepTimings {

    /**
     * Reports one finished step.
     *
     * @param step the 0-based step
     * @param phases its time by phase
     */
    void record(long step, Phases phases);

    /**
     * One step's time by phase.
     *
     * @param dataNanos reading, augmenting and collating samples (the data wait)
     * @param forwardNanos the task's forward pass and loss
     * @param backwardNanos the backward pass, including reading the loss back
     * @param optimizerNanos gradient clipping and the optimizer update
     * @param totalNanos the whole step, including the loop's own work (metrics, checkpoints)
     */
    record Phases(long dataNanos, long forwardNanos, long backwardNanos, long optimizerNanos, long totalNanos) {
    }
}
