package dev.selfsup.text.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.nn.LearnedTensor;
import dev.selfsup.nn.TransformerStack;

/**
 * A pre-LayerNorm transformer over token ids (BERT's encoder without segment embeddings, or GPT's with causal
 * attention): a learned token embedding, learned positions, transformer layers and a final LayerNorm. Inputs
 * {@code (ids (batch, tokens) int64, validMask (batch, tokens))}; outputs {@code (features (batch, tokens, dim),
 * validMask)}. Padding is kept out of attention by the mask. A long text comes as windows, {@code (ids (batch,
 * windows, tokens), validMask (batch, windows, tokens))}: each window is encoded on its own (its positions start
 * at 0) and the outputs join the windows' tokens, {@code (features (batch, windows * tokens, dim), validMask
 * (batch, windows * tokens))}, so that pooling over the valid tokens pools the whole text.
 */
public final class TextTransformer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int maxLength;
    private final int dim;
    private final LearnedTensor tokenEmbedding;
    private final LearnedTensor positions;
    private final TransformerStack layers;

    /**
     * Creates the block.
     *
     * @param vocabularySize token ids
     * @param maxLength the longest sequence (positions learned)
     * @param dim model width
     * @param depth transformer layers
     * @param heads attention heads
     * @param mlpRatio MLP width relative to {@code dim}
     * @param causal whether each token attends only to itself and the tokens before it
     */
    public TextTransformer(int vocabularySize, int maxLength, int dim, int depth, int heads, double mlpRatio,
                           boolean causal) {
        super(VERSION);
        this.maxLength = maxLength;
        this.dim = dim;
        this.tokenEmbedding = addChildBlock("token_embedding",
                new LearnedTensor("token_embedding", new Shape(vocabularySize, dim)));
        this.positions = addChildBlock("positions", new LearnedTensor("positions", new Shape(1, maxLength, dim)));
        this.layers = addChildBlock("layers", new TransformerStack(dim, depth, heads, mlpRatio, causal));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        if (ids.getShape().dimension() == 2) {
            return encode(ps, inputs, training);
        }
        Shape shape = ids.getShape(); // (batch, windows, tokens): every window attended on its own
        long rows = shape.get(0) * shape.get(1);
        NDList windows = new NDList();
        for (NDArray input : inputs) {
            windows.add(input.reshape(rows, shape.get(2)));
        }
        NDList out = encode(ps, windows, training);
        long tokens = shape.get(1) * shape.get(2);
        NDList joined = new NDList(out.get(0).reshape(shape.get(0), tokens, dim));
        if (out.size() > 1) {
            joined.add(out.get(1).reshape(shape.get(0), tokens));
        }
        return joined;
    }

    private NDList encode(ParameterStore ps, NDList inputs, boolean training) {
        NDArray ids = inputs.get(0);
        long tokens = ids.getShape().get(1);
        if (tokens > maxLength) {
            throw new IllegalArgumentException(tokens + " tokens, more than the " + maxLength + " positions");
        }
        NDArray table = tokenEmbedding.value(ps, ids, training);
        NDArray embedded = Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
        NDArray position = positions.value(ps, ids, training).get(":, 0:" + tokens + ", :");
        NDList x = new NDList(embedded.add(position));
        if (inputs.size() > 1) {
            x.add(inputs.get(1));
        }
        return layers.forward(ps, x, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        Shape tokens = ids.dimension() == 2 ? ids : new Shape(ids.get(0), ids.get(1) * ids.get(2));
        Shape features = new Shape(tokens.get(0), tokens.get(1), dim);
        return inputShapes.length > 1 ? new Shape[] {features, tokens} : new Shape[] {features};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape features = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), dim);
        tokenEmbedding.initialize(manager, dataType, inputShapes[0]);
        positions.initialize(manager, dataType, features);
        layers.initialize(manager, dataType, features);
    }
}
