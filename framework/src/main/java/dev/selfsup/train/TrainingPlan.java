package dev.selfsup.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.selfsup.api.Settings;

import java.util.ArrayList;
import java.util.List;

/**
 * The validated {@code train} section of a recipe, as numbers.
 *
 * @param epochs passes over the training split
 * @param maxSteps if positive, stop after this many steps (overrides epochs)
 * @param batchSize samples per step
 * @param learningRate peak learning rate
 * @param weightDecay decoupled weight decay
 * @param beta1 AdamW first moment decay
 * @param beta2 AdamW second moment decay
 * @param epsilon AdamW epsilon
 * @param cosine cosine decay (true) or constant (false) after warm-up
 * @param warmupSteps warm-up steps
 * @param minLearningRateRatio final learning rate relative to the peak
 * @param gradientClip maximum global gradient norm, 0 to disable
 * @param checkpointEvery steps between checkpoints, 0 for only the final one
 * @param checkpointKeep checkpoints to keep
 * @param logEvery steps between metric records
 */
public record TrainingPlan(int epochs, long maxSteps, int batchSize, double learningRate, double weightDecay,
                           double beta1, double beta2, double epsilon, boolean cosine, long warmupSteps,
                           double minLearningRateRatio, double gradientClip, long checkpointEvery,
                           int checkpointKeep, long logEvery) {

    /**
     * Reads a validated {@code train} section.
     *
     * @param train the section
     * @return the plan
     */
    public static TrainingPlan from(Settings train) {
        Settings optimizer = train.getSection("optimizer");
        Settings schedule = train.getSection("schedule");
        Settings checkpoint = train.getSection("checkpoint");
        return new TrainingPlan(train.getInt("epochs"), train.getLong("max_steps"), train.getInt("batch_size"),
                optimizer.getDouble("lr"), optimizer.getDouble("weight_decay"), optimizer.getDouble("beta1"),
                optimizer.getDouble("beta2"), optimizer.getDouble("eps"),
                "cosine".equals(schedule.getString("type")), schedule.getLong("warmup_steps"),
                schedule.getDouble("min_lr_ratio"), train.getDouble("grad_clip"),
                checkpoint.getLong("every_steps"), checkpoint.getInt("keep"), train.getLong("log_every"));
    }

    /**
     * Returns the parameters of a model that training updates (those requiring gradients), in block order.
     *
     * @param model an initialised model
     * @return the parameters
     */
    public static List<Parameter> trainableParameters(Block model) {
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().requiresGradient()) {
                parameters.add(p.getValue());
            }
        }
        return parameters;
    }

    /**
     * Creates the optimizer this plan describes.
     *
     * @param parameters the parameters to update
     * @param manager owns the optimizer state (on the parameters' device)
     * @return the optimizer; close it to free its state
     */
    public AdamW newOptimizer(List<Parameter> parameters, NDManager manager) {
        return newOptimizer(parameters, manager, null);
    }

    /**
     * Creates the optimizer this plan describes, with a learning-rate factor per parameter.
     *
     * @param parameters the parameters to update
     * @param manager owns the optimizer state (on the parameters' device)
     * @param scales one factor per parameter, or null for 1 everywhere
     * @return the optimizer; close it to free its state
     */
    public AdamW newOptimizer(List<Parameter> parameters, NDManager manager, double[] scales) {
        return AdamW.builder().setParameters(parameters).setManager(manager).optBetas(beta1, beta2)
                .optEpsilon(epsilon).optWeightDecay(weightDecay).optLearningRateScales(scales).build();
    }

    /**
     * Returns this plan cut to a fixed number of steps, logging and checkpointing only at the end, for
     * benchmarks (the schedule then spans those steps).
     *
     * @param steps the steps to run
     * @return the plan
     */
    public TrainingPlan forSteps(long steps) {
        return new TrainingPlan(epochs, steps, batchSize, learningRate, weightDecay, beta1, beta2, epsilon, cosine,
                Math.min(warmupSteps, steps / 2), minLearningRateRatio, gradientClip, 0, 1, steps);
    }

    /**
     * Returns the total number of steps for a training split.
     *
     * @param trainSize samples in the split
     * @return the number of steps
     */
    public long totalSteps(int trainSize) {
        long perEpoch = stepsPerEpoch(trainSize);
        return maxSteps > 0 ? maxSteps : perEpoch * epochs;
    }

    /**
     * Returns full batches per epoch (the last partial batch is dropped).
     *
     * @param trainSize samples in the split
     * @return steps per epoch, at least 1
     */
    public long stepsPerEpoch(int trainSize) {
        return Math.max(1, trainSize / Math.min(batchSize, trainSize));
    }
}
