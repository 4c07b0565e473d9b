package dev.selfsup.train;

/**
 * Linear warm-up from 0 to the peak rate, then half-cosine decay to {@code minRatio * peak} at the last
 * step. {@code type: constant} keeps the peak after warm-up.
 */
public final class LearningRateSchedule {

    private final double peak;
    private final long warmupSteps;
    private final long totalSteps;
    private final double minRatio;
    private final boolean cosine;

    /**
     * Creates a schedule.
     *
     * @param peak the peak learning rate
     * @param warmupSteps warm-up length
     * @param totalSteps total number of steps in the run
     * @param minRatio final rate as a fraction of the peak
     * @param cosine true for cosine decay, false for constant after warm-up
     */
    public LearningRateSchedule(double peak, long warmupSteps, long totalSteps, double minRatio, boolean cosine) {
        this.peak = peak;
        this.warmupSteps = Math.max(0, Math.min(warmupSteps, totalSteps));
        this.totalSteps = Math.max(1, totalSteps);
        this.minRatio = minRatio;
        this.cosine = cosine;
    }

    /**
     * Returns the rate for a step.
     *
     * @param step the 0-based step
     * @return the learning rate
     */
    public double rate(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        if (!cosine) {
            return peak;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double floor = peak * minRatio;
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
