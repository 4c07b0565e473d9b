package dev.selfsup.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A block holding one learned tensor of fixed shape (learned positions, a mask token, a class token),
 * initialised from N(0, 0.02²) as in ViT/MAE. Its forward pass ignores inputs and returns the tensor.
 */
public final class LearnedTensor extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Parameter tensor;

    /**
     * Creates the block.
     *
     * @param name the parameter name
     * @param shape the tensor shape, e.g. {@code (1, tokens, dim)}
     */
    public LearnedTensor(String name, Shape shape) {
        super(VERSION);
        this.tensor = addParameter(Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer(new NormalInitializer(0.02f))
                .build());
    }

    /**
     * Returns the tensor for this step.
     *
     * @param parameterStore the step's parameter store
     * @param reference an array on the device to use
     * @param training whether gradients are recorded
     * @return the tensor
     */
    public NDArray value(ParameterStore parameterStore, NDArray reference, boolean training) {
        return parameterStore.getValue(tensor, reference.getDevice(), training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(value(ps, inputs.head(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {tensor.getShape()};
    }
}
