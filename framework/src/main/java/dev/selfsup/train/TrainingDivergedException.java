package dev.selfsup.train;

/** The loss became NaN or infinite; training stops rather than writing garbage weights. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param step the step
     * @param loss the loss value
     * @param learningRate the learning rate at that step
     */
    public TrainingDivergedException(long step, float loss, double learningRate) {
        super(String.format("training diverged: loss is %s at step %d (learning rate %.3g). The last checkpoint"
                + " holds finite weights; lower train.optimizer.lr, lengthen train.schedule.warmup_steps or set"
                + " train.grad_clip, then rerun", loss, step, learningRate));
    }
}
