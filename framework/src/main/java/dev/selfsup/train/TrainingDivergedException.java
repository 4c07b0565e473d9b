package dev.selfsup.train;

/**
 * Training stopped because the loss or the gradient stopped being finite. The step that found it made no update,
 * so no parameter and no checkpoint holds a NaN.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final String ADVICE = "The update was not applied and the last checkpoint holds finite weights;"
            + " lower train.optimizer.lr, lengthen train.schedule.warmup_steps or set train.grad_clip, then rerun";

    private TrainingDivergedException(String message) {
        super(message);
    }

    /**
     * The loss of a step is not finite.
     *
     * @param step the step (from 0)
     * @param loss the loss
     * @param learningRate the step's learning rate
     * @return the exception
     */
    public static TrainingDivergedException loss(long step, float loss, double learningRate) {
        return new TrainingDivergedException(String.format("training diverged: loss is %s at step %d (learning rate"
                + " %.3g). %s", loss, step, learningRate, ADVICE));
    }

    /**
     * The loss of a step is finite, its gradient is not.
     *
     * @param step the step (from 0)
     * @param loss the loss
     * @param gradientNorm the gradient's global norm
     * @param learningRate the step's learning rate
     * @return the exception
     */
    public static TrainingDivergedException gradient(long step, float loss, double gradientNorm,
                                                     double learningRate) {
        return new TrainingDivergedException(String.format("training diverged: the gradient norm is %s at step %d"
                + " (loss %s, learning rate %.3g). %s", gradientNorm, step, loss, learningRate, ADVICE));
    }
}
