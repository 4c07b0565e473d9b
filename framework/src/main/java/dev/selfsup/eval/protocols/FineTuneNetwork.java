package dev.selfsup.eval.protocols;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.api.DownstreamHead;

/**
 * An encoder, the downstream head that pools its output, and a linear classifier on top: what fine-tuning trains
 * end to end. The encoder block arrives initialised with its weights; only the classifier is initialised here.
 */
final class FineTuneNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block encoder;
    private final DownstreamHead head;
    private final Block classifier;
    private final int featureDim;

    FineTuneNetwork(Block encoder, DownstreamHead head, int featureDim, int classes) {
        super(VERSION);
        this.encoder = addChildBlock("encoder", encoder);
        this.head = head;
        this.featureDim = featureDim;
        this.classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).build());
    }

    /** @return the encoder part */
    Block encoder() {
        return encoder;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList encoded = encoder.forward(store, inputs, training, params);
        return classifier.forward(store, new NDList(head.features(encoded)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), featureDim)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (!encoder.isInitialized()) {
            encoder.initialize(manager, dataType, inputShapes);
        }
        classifier.initialize(manager, dataType, new Shape(inputShapes[0].get(0), featureDim));
    }
}
