package dev.selfsup.vision.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.api.PatchTokenEncoder;
import dev.selfsup.nn.LearnedTensor;
import dev.selfsup.nn.Patches;
import dev.selfsup.nn.RandomMasking;
import dev.selfsup.nn.TransformerStack;

/**
 * The MAE model (He et al. 2021): the encoder (any {@link PatchTokenEncoder}) sees only the visible patches; a light decoder gets the
 * encoded visible tokens plus a shared mask token at every masked position, restores the original order,
 * adds its own positions, and predicts every patch's pixels.
 *
 * <p>Inputs: {@code [images (B,C,H,W), keepIndices (B,K), restoreIndices (B,N)]}; output: predicted
 * patches {@code (B, N, p*p*C)}.
 */
public final class MaskedAutoencoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block encoder;
    private final PatchTokenEncoder patches;
    private final Linear decoderEmbedding;
    private final LearnedTensor maskToken;
    private final LearnedTensor decoderPositions;
    private final TransformerStack decoder;
    private final Linear prediction;
    private final int decoderDim;
    private final int patchValues;

    /**
     * Creates the model.
     *
     * @param encoder the encoder's block, to pretrain (becomes a child block)
     * @param patches the same encoder as a patch-token encoder
     * @param decoderDim decoder width
     * @param decoderDepth decoder layers
     * @param decoderHeads decoder attention heads
     */
    public MaskedAutoencoder(Block encoder, PatchTokenEncoder patches, int decoderDim, int decoderDepth,
                             int decoderHeads) {
        super(VERSION);
        this.encoder = addChildBlock("encoder", encoder);
        this.patches = patches;
        this.decoderDim = decoderDim;
        this.patchValues = patches.patchSize() * patches.patchSize() * patches.channels();
        this.decoderEmbedding = addChildBlock("decoder_embedding", Linear.builder().setUnits(decoderDim).build());
        this.maskToken = addChildBlock("mask_token", new LearnedTensor("mask_token", new Shape(1, 1, decoderDim)));
        this.decoderPositions = addChildBlock("decoder_positions",
                new LearnedTensor("decoder_positions", new Shape(1, patches.tokenCount(), decoderDim)));
        this.decoder = addChildBlock("decoder", new TransformerStack(decoderDim, decoderDepth, decoderHeads, 4.0));
        this.prediction = addChildBlock("prediction", Linear.builder().setUnits(patchValues).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray images = inputs.get(0);
        NDArray keep = inputs.get(1);
        NDArray restore = inputs.get(2);
        long batch = images.getShape().get(0);
        long tokens = restore.getShape().get(1);
        long visible = keep.getShape().get(1);

        NDArray all = patches.embedPatches(ps, Patches.patchify(images, patches.patchSize()), training);
        NDArray latent = patches.encodeTokens(ps, RandomMasking.gatherTokens(all, keep), training);

        NDArray decoded = decoderEmbedding.forward(ps, new NDList(latent), training).singletonOrThrow();
        NDArray masks = maskToken.value(ps, decoded, training).broadcast(batch, tokens - visible, decoderDim);
        NDArray shuffled = NDArrays.concat(new NDList(decoded, masks), 1);
        NDArray ordered = RandomMasking.gatherTokens(shuffled, restore);
        NDArray withPositions = ordered.add(decoderPositions.value(ps, ordered, training));
        NDArray hidden = decoder.forward(ps, new NDList(withPositions), training).singletonOrThrow();
        return prediction.forward(ps, new NDList(hidden), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), patches.tokenCount(), patchValues)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape images = inputShapes[0];
        long batch = images.get(0);
        encoder.initialize(manager, dataType, images);
        Shape latent = encoder.getOutputShapes(new Shape[] {images})[0];
        decoderEmbedding.initialize(manager, dataType, latent);
        Shape decoderTokens = new Shape(batch, patches.tokenCount(), decoderDim);
        maskToken.initialize(manager, dataType, decoderTokens);
        decoderPositions.initialize(manager, dataType, decoderTokens);
        decoder.initialize(manager, dataType, decoderTokens);
        prediction.initialize(manager, dataType, decoderTokens);
    }
}
