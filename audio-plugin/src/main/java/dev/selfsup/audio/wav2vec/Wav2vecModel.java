package dev.selfsup.audio.wav2vec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.nn.LearnedTensor;

/**
 * What wav2vec 2.0 trains: the encoder's block and the task's heads. The heads are the Gumbel quantiser (a linear
 * map from latents to {@code groups x entries} logits and a codebook of {@code entries} vectors of
 * {@code codeDim / groups} per group), the projection of the quantised targets, the final projection of the
 * context features, and the learned vector that replaces masked frames. The task drives the parts through the
 * encoder's {@link dev.selfsup.api.LatentFrameEncoder} capability; this block holds their parameters.
 */
final class Wav2vecModel extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block encoder;
    private final int latentDim;
    private final int dim;
    private final int groups;
    private final int entries;
    private final int codeDim;
    private final int finalDim;
    private final Linear codeLogits;
    private final LearnedTensor codebook;
    private final Linear targetProjection;
    private final Linear contextProjection;
    private final LearnedTensor maskVector;

    Wav2vecModel(Block encoder, int latentDim, int dim, int groups, int entries, int codeDim, int finalDim) {
        super(VERSION);
        if (codeDim % groups != 0) {
            throw new IllegalArgumentException("code_dim " + codeDim + " must be a multiple of groups " + groups);
        }
        this.encoder = addChildBlock("encoder", encoder);
        this.latentDim = latentDim;
        this.dim = dim;
        this.groups = groups;
        this.entries = entries;
        this.codeDim = codeDim;
        this.finalDim = finalDim;
        codeLogits = addChildBlock("code_logits", Linear.builder().setUnits((long) groups * entries).build());
        codebook = addChildBlock("codebook", new LearnedTensor("codebook", new Shape(groups, entries,
                codeDim / groups)));
        targetProjection = addChildBlock("target_projection", Linear.builder().setUnits(finalDim).build());
        contextProjection = addChildBlock("context_projection", Linear.builder().setUnits(finalDim).build());
        maskVector = addChildBlock("mask_vector", new LearnedTensor("mask_vector", new Shape(dim)));
    }

    /** @return the code logits of latents {@code (n, latentDim)}: {@code (n, groups · entries)} */
    NDArray codeLogits(ParameterStore ps, NDArray latents, boolean training) {
        return codeLogits.forward(ps, new NDList(latents), training).singletonOrThrow();
    }

    /**
     * Turns code choices into quantised vectors.
     *
     * @param ps the parameter store
     * @param choices {@code (n, groups, entries)}, one-hot (or straight-through) per group
     * @param training whether training
     * @return {@code (n, codeDim)}
     */
    NDArray codes(ParameterStore ps, NDArray choices, boolean training) {
        long n = choices.getShape().get(0);
        NDArray table = codebook.value(ps, choices, training); // (groups, entries, codeDim / groups)
        return choices.transpose(1, 0, 2).matMul(table).transpose(1, 0, 2).reshape(n, codeDim);
    }

    /** @return the targets: quantised vectors projected, {@code (n, finalDim)} */
    NDArray projectTargets(ParameterStore ps, NDArray codes, boolean training) {
        return targetProjection.forward(ps, new NDList(codes), training).singletonOrThrow();
    }

    /** @return context features projected, {@code (n, finalDim)} */
    NDArray projectContext(ParameterStore ps, NDArray features, boolean training) {
        return contextProjection.forward(ps, new NDList(features), training).singletonOrThrow();
    }

    /** @return the learned vector for masked frames, {@code (dim)} */
    NDArray maskVector(ParameterStore ps, NDArray reference, boolean training) {
        return maskVector.value(ps, reference, training);
    }

    int groups() {
        return groups;
    }

    int entries() {
        return entries;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return encoder.forward(ps, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return encoder.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        codeLogits.initialize(manager, dataType, new Shape(1, latentDim));
        codebook.initialize(manager, dataType, new Shape(1));
        targetProjection.initialize(manager, dataType, new Shape(1, codeDim));
        contextProjection.initialize(manager, dataType, new Shape(1, dim));
        maskVector.initialize(manager, dataType, new Shape(1));
    }

    /** @return the width of the quantised vectors */
    int codeDim() {
        return codeDim;
    }

    /** @return the width the context features are projected to */
    int finalDim() {
        return finalDim;
    }
}
