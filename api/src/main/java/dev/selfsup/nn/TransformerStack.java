package dev.selfsup.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.api.LayeredEncoder;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link PreNormTransformerLayer}s followed by a final LayerNorm, over {@code (batch, tokens, dim)},
 * with an optional valid-token mask {@code (batch, tokens)} as second input, honoured by every layer's attention
 * and returned as the second output.
 */
public final class TransformerStack extends AbstractBlock {

    private static final byte VERSION = 1;
    /** A layer's parameters, named by DJL {@code <nn>layers_<nn>layer<i>_...}. */
    private static final java.util.regex.Pattern LAYER = java.util.regex.Pattern.compile("layers_\\d+layer(\\d+)_");

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

    /**
     * The {@link LayeredEncoder} capability of an encoder built around one stack, whose parameters outside it come
     * before it (embeddings, positions, a feature encoder): level 0 for those, {@code i + 1} for layer {@code i},
     * {@code depth + 1} for the final norm. The encoder says its stack's depth; the rest follows.
     */
    public interface Levels extends LayeredEncoder {

        /**
         * Returns the number of layers of the encoder's stack.
         *
         * @return the depth
         */
        int stackDepth();

        @Override
        default int layerCount() {
            return stackDepth() + 2;
        }

        @Override
        default int layerOf(String parameterName) {
            java.util.regex.Matcher layer = LAYER.matcher(parameterName);
            if (layer.find()) {
                return Integer.parseInt(layer.group(1)) + 1;
            }
            return parameterName.contains("final_norm") ? stackDepth() + 1 : 0;
        }
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
