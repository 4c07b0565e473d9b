package dev.selfsup.api;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.Map;
import java.util.Random;

/**
 * A self-supervised objective: the model (its encoders plus task heads, decoders, teachers...) and how one
 * training step computes its loss. The framework owns the loop, the optimizer, the devices and checkpoints.
 *
 * <p>A step runs in three parts, so that data parallelism over N devices computes the loss one device would:
 * <ol>
 *   <li>{@link #collate} turns each device's share of the batch (its <em>shard</em>) into arrays;</li>
 *   <li>{@link #forward} runs on each shard, on its device, and returns arrays whose first axis is the shard's
 *       samples (embeddings, predictions, per-sample targets...);</li>
 *   <li>the framework gathers those outputs on the first device, concatenating each along its first axis, and
 *       {@link #loss} computes the loss over the whole batch. Losses that couple the batch (contrastive
 *       negatives, variance and covariance terms, a similarity matrix) therefore see every sample.</li>
 * </ol>
 * Then gradients are computed, reduced across devices, checked to be finite, clipped, and applied; the hooks
 * {@link #beforeStep} and {@link #afterUpdate} frame that, and {@link #afterInitialise} runs once before any
 * checkpoint is restored.
 *
 * <p>Every parameter of {@link #model()} is checkpointed; those that do not require gradients (an EMA teacher,
 * frozen parts) are checkpointed but not optimised. Use {@code dev.selfsup.nn.Scalars} for arithmetic with
 * constants in {@link #forward} and {@link #loss}, and check a task with
 * {@code dev.selfsup.api.testing.PretextTaskCheck}.
 */
public interface PretextTask {

    /**
     * Returns the model: a block holding every encoder's block as a child (so that training it trains them)
     * and every other parameter the task trains or updates.
     *
     * @return the model
     */
    Block model();

    /**
     * Returns the shapes of {@link #collate} output for a batch, used to initialise {@link #model()}.
     *
     * @param batchSize the batch size
     * @return the input shapes
     */
    Shape[] inputShapes(int batchSize);

    /**
     * Turns one shard of a batch into the inputs of {@link #forward}.
     *
     * @param batch the shard, in every view
     * @param manager where to allocate (on the shard's device)
     * @return the inputs
     */
    NDList collate(Batch batch, NDManager manager);

    /**
     * Runs the differentiated forward pass of one shard.
     *
     * @param parameters the parameter store of the shard (its device's copies of the parameters)
     * @param inputs the shard's collated inputs
     * @param step where training stands
     * @param random the shard's random stream of this step (masking, noise), derived from the run seed, the step
     *     and the shard, so a resumed run draws the same numbers
     * @return outputs whose first axis is the shard's samples, in shard order
     */
    NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random);

    /**
     * Computes the loss over the whole batch from the gathered outputs of {@link #forward} (each output
     * concatenated over the shards along its first axis, on the first device).
     *
     * @param outputs the gathered outputs
     * @param step where training stands
     * @return the loss and metrics
     */
    PretextLoss loss(NDList outputs, StepInfo step);

    /**
     * Called once, right after the model is initialised and before a checkpoint or saved part is loaded over it:
     * copy a teacher from the student here. (A restored checkpoint then overwrites every parameter with its saved
     * value.)
     */
    default void afterInitialise() {
    }

    /**
     * Called before each step's forward pass: update temperatures or momentum from a schedule here. Values kept in
     * fields must be functions of {@code step} alone, so that a resumed run computes the same ones.
     *
     * @param step where training stands
     */
    default void beforeStep(StepInfo step) {
    }

    /**
     * Called after each optimizer update: move an EMA teacher towards the student, clamp a learnable
     * temperature. Parameters changed here must be parameters of {@link #model()}, so checkpoints keep them.
     *
     * @param step the step just taken
     */
    default void afterUpdate(StepInfo step) {
    }

    /**
     * Returns the floating-point operations of the forward pass and loss for one sample, counted from the
     * architecture (see {@code dev.selfsup.nn.Flops}); benchmarks turn it into achieved GFLOP/s.
     *
     * @return operations per sample, or 0 if the task does not count them
     */
    default long forwardFlopsPerSample() {
        return 0;
    }

    /**
     * Combines the loss and metrics of the held-out batches (the data set's test split, encoded without gradients
     * every {@code train.held_out.every_steps}) into the figures logged as {@code heldout_<name>}. By default each is
     * the mean over the batches; a task whose batches weigh differently (by the number of predicted tokens) or that
     * reports a derived figure (perplexity) overrides it.
     *
     * @param batches per held-out batch, its loss (under {@code loss}) and the metrics of {@link #loss}
     * @return the held-out figures by name
     */
    default Map<String, Double> heldOutMetrics(java.util.List<Map<String, Double>> batches) {
        Map<String, Double> sums = new java.util.LinkedHashMap<>();
        for (Map<String, Double> batch : batches) {
            batch.forEach((name, value) -> sums.merge(name, value, Double::sum));
        }
        sums.replaceAll((name, sum) -> sum / batches.size());
        return sums;
    }

    /**
     * Returns the encoders to keep after pretraining, by the names the recipe gives them (the name of a
     * recipe's single {@code encoder:} is {@value TaskContext#DEFAULT_ENCODER}).
     *
     * @return the encoders, in recipe order
     */
    Map<String, Encoder> encoders();

    /**
     * Returns this task as a capability interface, if it has it: {@link CrossModalEmbedder} for a task whose
     * trained model embeds two modalities into one space (retrieval, zero-shot classification).
     *
     * @param capability the interface
     * @param <T> its type
     * @return the capability, or empty
     */
    default <T> java.util.Optional<T> capability(Class<T> capability) {
        return capability.isInstance(this) ? java.util.Optional.of(capability.cast(this)) : java.util.Optional.empty();
    }

    /**
     * Returns the task's other parts to keep beside its encoders, by name (projection heads, a learnable
     * temperature), so that a run folder alone is enough to embed, classify, retrieve or classify zero-shot.
     * Each is a block of {@link #model()}, saved with its parameters in its own folder of the run.
     *
     * @return the exported parts (none by default)
     */
    default Map<String, Block> exports() {
        return Map.of();
    }
}
