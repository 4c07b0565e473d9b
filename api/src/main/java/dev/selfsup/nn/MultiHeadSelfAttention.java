package dev.selfsup.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head scaled dot-product self-attention over {@code (batch, tokens, dim)}: one fused QKV
 * projection, softmax attention per head, and an output projection. An optional second input, the valid-token
 * mask {@code (batch, tokens)} (1 real, 0 padding), keeps every query from attending to padding keys, so the
 * outputs at real tokens do not depend on how much padding follows them. A causal attention (language modelling
 * from left to right) also keeps every query from attending to the keys after it.
 */
public final class MultiHeadSelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dim;
    private final int heads;
    private final boolean causal;
    private final Linear qkv;
    private final Linear projection;

    /**
     * Creates the block.
     *
     * @param dim model width, divisible by {@code heads}
     * @param heads number of heads
     */
    public MultiHeadSelfAttention(int dim, int heads) {
        this(dim, heads, false);
    }

    /**
     * Creates the block, bidirectional or causal.
     *
     * @param dim model width, divisible by {@code heads}
     * @param heads number of heads
     * @param causal whether token {@code i} attends only to tokens {@code 0..i}
     */
    public MultiHeadSelfAttention(int dim, int heads, boolean causal) {
        super(VERSION);
        if (heads <= 0 || dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " must be divisible by heads " + heads);
        }
        this.dim = dim;
        this.heads = heads;
        this.causal = causal;
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
        this.projection = addChildBlock("projection", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray validMask = inputs.size() > 1 ? inputs.get(1) : null;
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        long headDim = dim / heads;
        // (B, T, 3, H, Dh) -> (3, B, H, T, Dh)
        NDArray qkvOut = qkv.forward(parameterStore, new NDList(x), training).singletonOrThrow()
                .reshape(batch, tokens, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = qkvOut.get(0);
        NDArray k = qkvOut.get(1);
        NDArray v = qkvOut.get(2);
        NDArray scores = Scalars.multiply(q.matMul(k.transpose(0, 1, 3, 2)), 1.0 / Math.sqrt(headDim));
        if (validMask != null) {
            scores = scores.add(keyPaddingBias(validMask, scores));
        }
        if (causal) {
            scores = scores.add(causalBias(scores));
        }
        NDArray attended = scores.softmax(-1).matMul(v) // (B, H, T, Dh)
                .transpose(0, 2, 1, 3)
                .reshape(batch, tokens, dim);
        return projection.forward(parameterStore, new NDList(attended), training);
    }

    /**
     * Returns the additive attention bias that keeps queries from attending to padding keys:
     * {@code (batch, 1, 1, tokens)}, 0 for valid keys and a large negative number for padding.
     *
     * @param validMask {@code (batch, tokens)}, 1 for valid tokens, 0 for padding
     * @param scores the attention scores it is added to (for type and device)
     * @return the bias
     */
    public static NDArray keyPaddingBias(NDArray validMask, NDArray scores) {
        NDArray valid = validMask.toType(scores.getDataType(), false).toDevice(scores.getDevice(), false);
        long batch = valid.getShape().get(0);
        long tokens = valid.getShape().get(1);
        // (valid - 1) * 1e9: 0 where valid, -1e9 at padding; no gradient flows into the mask
        return Scalars.multiply(valid.sub(Scalars.constant(valid, 1.0)), 1e9).reshape(batch, 1, 1, tokens)
                .stopGradient();
    }

    /**
     * Returns the additive attention bias of causal attention: {@code (1, 1, tokens, tokens)}, 0 where the key is at
     * or before the query and a large negative number after it.
     *
     * @param scores the attention scores {@code (batch, heads, tokens, tokens)} it is added to
     * @return the bias
     */
    public static NDArray causalBias(NDArray scores) {
        long tokens = scores.getShape().get(2);
        NDArray positions = scores.getManager().arange((int) tokens);
        NDArray after = positions.reshape(1, tokens).gt(positions.reshape(tokens, 1));
        return Scalars.multiply(after.toType(scores.getDataType(), false), -1e9).reshape(1, 1, tokens, tokens)
                .stopGradient();
    }

    /**
     * Returns whether the attention is causal.
     *
     * @return true if no token attends to the tokens after it
     */
    public boolean causal() {
        return causal;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes[0]);
        projection.initialize(manager, dataType, inputShapes[0]);
    }
}
