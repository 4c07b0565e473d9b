package dev.selfsup.api;

/**
 * Where training stands, as tasks and listeners see it at every step.
 *
 * @param step the step being taken, counted from 0 (the update it makes is number {@code step + 1})
 * @param epoch the epoch the step's batch comes from, from 0
 * @param totalSteps the steps of the whole run
 * @param stepsPerEpoch the steps of one epoch
 */
public record StepInfo(long step, long epoch, long totalSteps, long stepsPerEpoch) {

    /**
     * Checks the values.
     */
    public StepInfo {
        if (step < 0 || epoch < 0 || totalSteps < 1 || stepsPerEpoch < 1) {
            throw new IllegalArgumentException("bad step information: step " + step + ", epoch " + epoch
                    + ", total " + totalSteps + ", per epoch " + stepsPerEpoch);
        }
    }

    /**
     * Returns how far the run is, for schedules: {@code step / totalSteps}, from 0 at the first step towards 1.
     *
     * @return the progress in [0, 1)
     */
    public double progress() {
        return Math.min(1.0, (double) step / totalSteps);
    }
}
