package dev.selfsup.vision.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.nn.LearnedTensor;
import dev.selfsup.nn.Patches;
import dev.selfsup.nn.TransformerStack;

/**
 * A Vision Transformer (Dosovitskiy et al. 2021) without class token: linear patch embedding, learned
 * positions, pre-LayerNorm transformer layers and a final LayerNorm. Input {@code (B, C, H, W)}, output
 * {@code (B, patches, dim)}. Its parts are exposed so MAE can encode visible patches only.
 */
public final class VisionTransformer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int patch;
    private final int tokens;
    private final int dim;
    private final Linear patchEmbedding;
    private final LearnedTensor positions;
    private final TransformerStack layers;

    /**
     * Creates the block.
     *
     * @param imageSize side of the square input image
     * @param patch patch side (divides {@code imageSize})
     * @param dim model width
     * @param depth number of transformer layers
     * @param heads attention heads
     * @param mlpRatio MLP width relative to {@code dim}
     */
    public VisionTransformer(int imageSize, int patch, int dim, int depth, int heads, double mlpRatio) {
        super(VERSION);
        this.patch = patch;
        this.tokens = (imageSize / patch) * (imageSize / patch);
        this.dim = dim;
        this.patchEmbedding = addChildBlock("patch_embedding", Linear.builder().setUnits(dim).build());
        this.positions = addChildBlock("positions", new LearnedTensor("positions", new Shape(1, tokens, dim)));
        this.layers = addChildBlock("layers", new TransformerStack(dim, depth, heads, mlpRatio));
    }

    /**
     * Returns the number of patch tokens per image.
     *
     * @return the token count
     */
    public int tokens() {
        return tokens;
    }

    /**
     * Returns the patch side.
     *
     * @return pixels per patch side
     */
    public int patch() {
        return patch;
    }

    /**
     * Embeds patches and adds their positions.
     *
     * @param ps the parameter store
     * @param patches {@code (B, N, p*p*C)} from {@link Patches#patchify}
     * @param training whether training
     * @return {@code (B, N, dim)}
     */
    public NDArray embedPatches(ParameterStore ps, NDArray patches, boolean training) {
        NDArray embedded = patchEmbedding.forward(ps, new NDList(patches), training).singletonOrThrow();
        return embedded.add(positions.value(ps, embedded, training));
    }

    /**
     * Runs the transformer layers over a token subset.
     *
     * @param ps the parameter store
     * @param tokenFeatures {@code (B, T, dim)}
     * @param training whether training
     * @return {@code (B, T, dim)}
     */
    public NDArray encodeTokens(ParameterStore ps, NDArray tokenFeatures, boolean training) {
        return layers.forward(ps, new NDList(tokenFeatures), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray patches = Patches.patchify(inputs.head(), patch);
        return new NDList(encodeTokens(ps, embedPatches(ps, patches, training), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), tokens, dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape images = inputShapes[0];
        long channels = images.get(1);
        Shape patchShape = new Shape(images.get(0), tokens, (long) patch * patch * channels);
        patchEmbedding.initialize(manager, dataType, patchShape);
        Shape tokenShape = new Shape(images.get(0), tokens, dim);
        positions.initialize(manager, dataType, tokenShape);
        layers.initialize(manager, dataType, tokenShape);
    }
}
