package dev.selfsup.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Reads an encoder block's output as {@link Encoder} defines it: token features and an optional valid-token mask. */
public final class EncoderOutput {

    private EncoderOutput() {
    }

    /**
     * Returns the token features.
     *
     * @param output the block's output
     * @return {@code (batch, tokens, embeddingDim)}
     */
    public static NDArray tokens(NDList output) {
        return output.get(0);
    }

    /**
     * Returns the valid-token mask, if the encoder gives one.
     *
     * @param output the block's output
     * @return {@code (batch, tokens)}, 1 for real tokens and 0 for padding, or null when every token is valid
     */
    public static NDArray validMask(NDList output) {
        return output.size() > 1 ? output.get(1) : null;
    }
}
