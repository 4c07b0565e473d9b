package dev.selfsup.api;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.List;
import java.util.Random;

/**
 * A self-supervised objective: the trainable model (the encoder plus task heads or decoders) and its
 * loss. The framework owns the loop, optimizer, devices and checkpoints.
 */
public interface PretextTask {

    /**
     * Returns the trainable block; it must hold the encoder's block as a child so that training it
     * trains the encoder.
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
     * Turns samples into the model's inputs (by default the encoder's collation).
     *
     * @param samples the samples
     * @param manager where to allocate
     * @return the inputs
     */
    default NDList collate(List<Sample> samples, NDManager manager) {
        return encoder().collate(samples, manager);
    }

    /**
     * Runs a training forward pass and returns the loss.
     *
     * @param parameters the parameter store of the step
     * @param inputs a collated batch
     * @param random this step's random stream (masking, noise); seeded by the framework from the run
     *     seed and the step number, so a resumed run draws the same numbers
     * @return the loss and metrics
     */
    PretextLoss loss(ParameterStore parameters, NDList inputs, Random random);

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
     * Returns the encoder to keep after pretraining.
     *
     * @return the encoder
     */
    Encoder encoder();
}
