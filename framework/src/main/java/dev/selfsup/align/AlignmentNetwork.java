package dev.selfsup.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.selfsup.api.EncoderOutput;
import dev.selfsup.nn.LearnedTensor;
import dev.selfsup.nn.Pooling;
import dev.selfsup.nn.joint.JointEmbeddingLosses;

import java.util.Arrays;
import java.util.List;

/**
 * The two towers of an alignment model: each side's encoder, mean-pooled over its valid tokens, a linear projection
 * without bias into the shared space and L2 normalisation (CLIP); plus the learned log of the logit scale. Its
 * inputs are side a's collated inputs followed by side b's. A frozen side runs in inference mode (its batch norm
 * statistics stay as they were) and passes no gradient.
 */
final class AlignmentNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block[] encoders;
    private final Block[] projections;
    private final boolean[] frozen;
    private final int aInputs;
    private final LearnedTensor logScale;

    /**
     * Assembles the network.
     *
     * @param names the two sides' names (block names {@code <name>} and {@code <name>_projection})
     * @param encoders the two encoder blocks
     * @param aInputs how many collated arrays side a's encoder takes
     * @param dim the shared space's width
     * @param temperature the initial temperature (the logit scale starts at its inverse)
     * @param frozen per side, whether its encoder is frozen
     */
    AlignmentNetwork(List<String> names, List<Block> encoders, int aInputs, int dim, double temperature,
                     boolean[] frozen) {
        super(VERSION);
        this.encoders = new Block[2];
        this.projections = new Block[2];
        for (int side = 0; side < 2; side++) {
            this.encoders[side] = addChildBlock(names.get(side), encoders.get(side));
            this.projections[side] = addChildBlock(names.get(side) + "_projection",
                    Linear.builder().setUnits(dim).optBias(false).build());
        }
        this.frozen = frozen.clone();
        this.aInputs = aInputs;
        LearnedTensor scale = new LearnedTensor("log_logit_scale", new Shape(1));
        scale.setInitializer(new ConstantInitializer((float) Math.log(1 / temperature)), Parameter.Type.OTHER);
        this.logScale = addChildBlock("logit_scale", scale);
    }

    /**
     * The block holding the log of the logit scale, {@code (1)}.
     *
     * @return the block
     */
    LearnedTensor logScale() {
        return logScale;
    }

    /**
     * The projection of a side, as a block to export.
     *
     * @param side 0 or 1
     * @return the block
     */
    Block projection(int side) {
        return projections[side];
    }

    /** Both sides' unit embeddings and the logit scale repeated per sample: {@code [a (N, d), b (N, d), s (N, 1)]}. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray a = embed(ps, 0, new NDList(inputs.subList(0, aInputs)), training);
        NDArray b = embed(ps, 1, new NDList(inputs.subList(aInputs, inputs.size())), training);
        NDArray scale = logScale.value(ps, a, training).exp();
        NDArray perSample = scale.reshape(1, 1).repeat(0, a.getShape().get(0));
        return new NDList(a, b, perSample);
    }

    /**
     * Embeds one side's collated inputs into the shared space.
     *
     * @param ps the parameter store
     * @param side 0 or 1
     * @param inputs that side's encoder inputs
     * @param training whether gradients are recorded (a frozen side never records them)
     * @return {@code (N, d)}, rows of unit length
     */
    NDArray embed(ParameterStore ps, int side, NDList inputs, boolean training) {
        boolean train = training && !frozen[side];
        NDList output = encoders[side].forward(ps, inputs, train);
        NDArray pooled = Pooling.mean(EncoderOutput.tokens(output), EncoderOutput.validMask(output));
        if (frozen[side]) {
            pooled = pooled.stopGradient();
        }
        NDArray projected = projections[side].forward(ps, new NDList(pooled), training).singletonOrThrow();
        return JointEmbeddingLosses.normalise(projected);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        long dim = projections[0].getOutputShapes(new Shape[] {pooledShape(0, inputShapes)})[0].get(1);
        return new Shape[] {new Shape(batch, dim), new Shape(batch, dim), new Shape(batch, 1)};
    }

    private Shape[] sideShapes(int side, Shape[] inputShapes) {
        return side == 0 ? Arrays.copyOfRange(inputShapes, 0, aInputs)
                : Arrays.copyOfRange(inputShapes, aInputs, inputShapes.length);
    }

    private Shape pooledShape(int side, Shape[] inputShapes) {
        Shape tokens = encoders[side].getOutputShapes(sideShapes(side, inputShapes))[0];
        return new Shape(tokens.get(0), tokens.get(tokens.dimension() - 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int side = 0; side < 2; side++) {
            encoders[side].initialize(manager, dataType, sideShapes(side, inputShapes));
            projections[side].initialize(manager, dataType, pooledShape(side, inputShapes));
        }
        logScale.initialize(manager, dataType, new Shape(1));
    }
}
