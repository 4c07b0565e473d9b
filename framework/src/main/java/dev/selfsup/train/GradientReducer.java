package dev.selfsup.train;

import ai.djl.nn.Parameter;
import dev.selfsup.api.StepInfo;

import java.util.List;

/**
 * The middle part of a training step: after gradients are computed and before the update is applied, make each
 * parameter's gradient the gradient of the whole, global batch. Training across processes (planned on Apache
 * Spark) plugs in here, summing the gradients of every worker, without touching any task or the optimizer.
 *
 * <p>In one process the framework's data parallelism already builds one graph over every local device, so its
 * backward pass leaves the batch's gradient on the parameters: {@link #IN_PROCESS} does nothing.
 */
public interface GradientReducer {

    /** The reducer of one process: the gradients are already those of the whole batch. */
    GradientReducer IN_PROCESS = (parameters, step) -> { };

    /**
     * Reduces the gradients in place.
     *
     * @param parameters the trainable parameters, in model order, each holding its local gradient
     * @param step where training stands
     */
    void reduce(List<Parameter> parameters, StepInfo step);
}
