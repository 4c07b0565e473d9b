package dev.selfsup.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link PreNormTransformerLayer}s followed by a final LayerNorm, over {@code (batch, tokens, dim)},
 * with an optional valid-token mask {@code (batch, tokens)} as second input, honoured by every layer's attention
 * and returned as the second output.
 */
public final class TransformerStack extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<PreNormTransformerLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;

    /**
     * Creates the stack.
     *
     * @param dim model width
     * @param depth number of layers
     * @param heads attention heads per layer
     * @param mlpRatio MLP width relative to {@code dim}
     */
    public TransformerStack(int dim, int depth, int heads, double mlpRatio) {
        this(dim, depth, heads, mlpRatio, false);
    }

    /**
     * Creates the stack, with bidirectional or causal attention.
     *
     * @param dim model width
     * @param depth number of layers
     * @param heads attention heads per layer
     * @param mlpRatio MLP width relative to {@code dim}
     * @param causal whether each token attends only to itself and the tokens before it (language modelling)
     */
    public TransformerStack(int dim, int depth, int heads, double mlpRatio, boolean causal) {
        super(VERSION);
        for (int i = 0; i < depth; i++) {
            layers.add(addChildBlock("layer" + i, new PreNormTransformerLayer(dim, heads, mlpRatio, causal)));
        }
        finalNorm = addChildBlock("final_norm", PreNormTransformerLayer.layerNorm());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList x = inputs;
        for (PreNormTransformerLayer layer : layers) {
            x = layer.forward(ps, x, training);
        }
        NDList normed = finalNorm.forward(ps, new NDList(x.get(0)), training);
        return inputs.size() > 1 ? new NDList(normed.singletonOrThrow(), inputs.get(1)) : normed;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (PreNormTransformerLayer layer : layers) {
            layer.initialize(manager, dataType, inputShapes[0]);
        }
        finalNorm.initialize(manager, dataType, inputShapes[0]);
    }
}
