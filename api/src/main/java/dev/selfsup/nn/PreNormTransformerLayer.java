package dev.selfsup.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-LayerNorm transformer encoder layer as in ViT/MAE:
 * {@code x + Attn(LN(x))}, then {@code x + MLP(LN(x))} with a GELU MLP. Inputs {@code (tokens)} or
 * {@code (tokens, validMask)}; the mask is passed to attention and returned unchanged as the second output.
 */
public final class PreNormTransformerLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final LayerNorm attentionNorm;
    private final MultiHeadSelfAttention attention;
    private final LayerNorm mlpNorm;
    private final Linear hidden;
    private final Linear output;

    /**
     * Creates the layer.
     *
     * @param dim model width
     * @param heads attention heads
     * @param mlpRatio hidden width of the MLP relative to {@code dim}
     */
    public PreNormTransformerLayer(int dim, int heads, double mlpRatio) {
        this(dim, heads, mlpRatio, false);
    }

    /**
     * Creates the layer, with bidirectional or causal attention.
     *
     * @param dim model width
     * @param heads attention heads
     * @param mlpRatio MLP width relative to {@code dim}
     * @param causal whether each token attends only to itself and the tokens before it
     */
    public PreNormTransformerLayer(int dim, int heads, double mlpRatio, boolean causal) {
        super(VERSION);
        this.attentionNorm = addChildBlock("attention_norm", layerNorm());
        this.attention = addChildBlock("attention", new MultiHeadSelfAttention(dim, heads, causal));
        this.mlpNorm = addChildBlock("mlp_norm", layerNorm());
        this.hidden = addChildBlock("mlp_hidden", Linear.builder().setUnits(Math.round(dim * mlpRatio)).build());
        this.output = addChildBlock("mlp_output", Linear.builder().setUnits(dim).build());
    }

    /**
     * Returns a LayerNorm over the feature axis of {@code (batch, tokens, dim)} with the epsilon ViTs use.
     *
     * @return a new LayerNorm block
     */
    public static LayerNorm layerNorm() {
        return LayerNorm.builder().axis(2).optEpsilon(1e-6f).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDList attentionInputs = attentionNorm.forward(ps, new NDList(x), training);
        if (inputs.size() > 1) {
            attentionInputs = new NDList(attentionInputs.singletonOrThrow(), inputs.get(1)); // the valid-token mask
        }
        NDArray attended = attention.forward(ps, attentionInputs, training).singletonOrThrow();
        x = x.add(attended);
        NDArray h = hidden.forward(ps, mlpNorm.forward(ps, new NDList(x), training), training).singletonOrThrow();
        NDArray mlp = output.forward(ps, new NDList(Activation.gelu(h)), training).singletonOrThrow();
        NDArray out = x.add(mlp);
        return inputs.size() > 1 ? new NDList(out, inputs.get(1)) : new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        attentionNorm.initialize(manager, dataType, shape);
        attention.initialize(manager, dataType, shape);
        mlpNorm.initialize(manager, dataType, shape);
        hidden.initialize(manager, dataType, shape);
        Shape hiddenShape = hidden.getOutputShapes(new Shape[] {shape})[0];
        output.initialize(manager, dataType, hiddenShape);
    }
}
