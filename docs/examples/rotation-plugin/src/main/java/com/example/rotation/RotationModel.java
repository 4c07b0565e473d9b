package com.example.rotation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.api.EncoderOutput;
import dev.selfsup.nn.Pooling;

/** The encoder, its tokens mean-pooled, and a 4-way head; the encoder is a child so training trains it. */
final class RotationModel extends AbstractBlock {

    private final Block encoder;
    private final Block head;

    RotationModel(Block encoder, Block head) {
        super((byte) 1);
        this.encoder = addChildBlock("encoder", encoder);
        this.head = addChildBlock("head", head);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList out = encoder.forward(ps, inputs, training); // (B, T, D) and, for variable length, the valid mask
        NDArray pooled = Pooling.mean(EncoderOutput.tokens(out), EncoderOutput.validMask(out));
        return head.forward(ps, new NDList(pooled), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 4)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape tokens = encoder.getOutputShapes(inputShapes)[0];
        head.initialize(manager, dataType, new Shape(tokens.get(0), tokens.get(2)));
    }
}
