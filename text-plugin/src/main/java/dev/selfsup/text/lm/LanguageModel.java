package dev.selfsup.text.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.api.EncoderOutput;
import dev.selfsup.nn.PreNormTransformerLayer;

/**
 * A text encoder with a token-prediction head (BERT's: a dense layer, GELU and LayerNorm, then a projection onto
 * the vocabulary), applied only where a token is predicted. Inputs {@code (ids (B, T), validMask (B, T), positions
 * (S) int64)}, the positions indexing the flattened {@code (B * T)} tokens; output the logits {@code (S,
 * vocabulary)}.
 */
final class LanguageModel extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block encoder;
    private final int dim;
    private final Linear transform;
    private final LayerNorm norm;
    private final Linear vocabulary;

    LanguageModel(Block encoder, int dim, int vocabularySize) {
        super(VERSION);
        this.encoder = addChildBlock("encoder", encoder);
        this.dim = dim;
        this.transform = addChildBlock("head_transform", Linear.builder().setUnits(dim).build());
        this.norm = addChildBlock("head_norm", PreNormTransformerLayer.layerNorm());
        this.vocabulary = addChildBlock("head_vocabulary", Linear.builder().setUnits(vocabularySize).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray positions = inputs.get(2);
        NDArray tokens = EncoderOutput.tokens(encoder.forward(ps, new NDList(inputs.get(0), inputs.get(1)), training));
        long count = positions.getShape().get(0);
        NDArray flat = tokens.reshape(-1, dim);
        NDArray picked = flat.gather(positions.reshape(count, 1).broadcast(count, dim), 0);
        NDArray h = Activation.gelu(transform.forward(ps, new NDList(picked), training).singletonOrThrow());
        h = norm.forward(ps, new NDList(h.expandDims(0)), training).singletonOrThrow().squeeze(0);
        return vocabulary.forward(ps, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[2].get(0), vocabulary.getOutputShapes(
                new Shape[] {new Shape(1, dim)})[0].get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0], inputShapes[1]);
        Shape picked = new Shape(inputShapes[2].get(0), dim);
        transform.initialize(manager, dataType, picked);
        norm.initialize(manager, dataType, new Shape(1, inputShapes[2].get(0), dim));
        vocabulary.initialize(manager, dataType, picked);
    }
}
