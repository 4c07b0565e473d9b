package dev.selfsup.nn.joint;

/**
 * The momentum of an exponential-moving-average teacher over training. BYOL (Grill et al. 2020, section 3.2)
 * raises it from a base value to 1 along a cosine: {@code tau(k) = end - (end - base) * (cos(pi k / K) + 1) / 2}
 * at step {@code k} of {@code K}.
 */
public final class MomentumSchedule {

    private final double base;
    private final double end;

    private MomentumSchedule(double base, double end) {
        if (!(base >= 0 && base <= 1 && end >= 0 && end <= 1)) {
            throw new IllegalArgumentException("momentum must lie in [0, 1], got base " + base + ", end " + end);
        }
        this.base = base;
        this.end = end;
    }

    /**
     * A cosine schedule from {@code base} at step 0 to {@code end} at the last step.
     *
     * @param base the momentum at the first step (BYOL: 0.996)
     * @param end the momentum at the last step (BYOL: 1)
     * @return the schedule
     */
    public static MomentumSchedule cosine(double base, double end) {
        return new MomentumSchedule(base, end);
    }

    /**
     * A momentum that does not change.
     *
     * @param momentum the momentum at every step
     * @return the schedule
     */
    public static MomentumSchedule constant(double momentum) {
        return new MomentumSchedule(momentum, momentum);
    }

    /**
     * The momentum after update {@code step}.
     *
     * @param step the step, from 0
     * @param totalSteps the steps of the whole run
     * @return the momentum
     */
    public double at(long step, long totalSteps) {
        double progress = totalSteps <= 1 ? 1.0 : Math.min(1.0, (double) step / (totalSteps - 1));
        return end - (end - base) * (Math.cos(Math.PI * progress) + 1) / 2;
    }
}
