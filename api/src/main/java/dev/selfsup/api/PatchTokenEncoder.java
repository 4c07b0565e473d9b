package dev.selfsup.api;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Capability of an image encoder that cuts images into square patches, one token each, and can encode any subset
 * of the tokens: what masked image modelling (MAE) needs. Ask for it with
 * {@code encoder.capability(PatchTokenEncoder.class)}.
 */
public interface PatchTokenEncoder {

    /**
     * Returns the side of a square patch in pixels.
     *
     * @return the patch size
     */
    int patchSize();

    /**
     * Returns the number of image channels the encoder reads.
     *
     * @return 1 for grey, 3 for RGB
     */
    int channels();

    /**
     * Returns the number of patch tokens per image.
     *
     * @return the token count
     */
    int tokenCount();

    /**
     * Embeds flattened patches, with their positions.
     *
     * @param parameters the parameter store
     * @param patches {@code (batch, tokenCount, patchSize * patchSize * channels)} in patch order
     * @param training whether this is a training pass
     * @return {@code (batch, tokenCount, embeddingDim)}
     */
    NDArray embedPatches(ParameterStore parameters, NDArray patches, boolean training);

    /**
     * Runs the encoder's transformer over some of the embedded tokens.
     *
     * @param parameters the parameter store
     * @param tokens {@code (batch, visible, embeddingDim)}, a subset of {@link #embedPatches} output
     * @param training whether this is a training pass
     * @return {@code (batch, visible, embeddingDim)}
     */
    NDArray encodeTokens(ParameterStore parameters, NDArray tokens, boolean training);
}
