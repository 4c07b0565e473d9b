package dev.selfsup.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Turns an encoder's output into a fixed-width feature vector per sample for Tribuo classifiers. */
public interface DownstreamHead {

    /**
     * Computes features.
     *
     * @param encoderOutput the encoder block's output; first element {@code (batch, tokens, dim)}
     * @return {@code (batch, featureDim)}
     */
    NDArray features(NDList encoderOutput);

    /**
     * Returns the feature width for an encoder embedding width.
     *
     * @param embeddingDim the encoder's embedding dimension
     * @return the feature width
     */
    int featureDim(int embeddingDim);
}
