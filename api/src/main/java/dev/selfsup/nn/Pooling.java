package dev.selfsup.nn;

import ai.djl.ndarray.NDArray;

/** Pooling of token features {@code (batch, tokens, dim)} into one vector per sample, honouring a valid-token mask. */
public final class Pooling {

    private Pooling() {
    }

    /**
     * Averages the valid tokens of each sample.
     *
     * @param tokens {@code (batch, tokens, dim)}
     * @param validMask {@code (batch, tokens)}, 1 for real tokens and 0 for padding, or null if all are valid
     * @return {@code (batch, dim)}
     */
    public static NDArray mean(NDArray tokens, NDArray validMask) {
        if (validMask == null) {
            return tokens.mean(new int[] {1});
        }
        NDArray weights = weights(tokens, validMask);
        NDArray counts = weights.sum(new int[] {1}).maximum(Scalars.constant(weights, 1.0));
        return tokens.mul(weights).sum(new int[] {1}).div(counts);
    }

    /**
     * Takes the per-dimension maximum over the valid tokens of each sample.
     *
     * @param tokens {@code (batch, tokens, dim)}
     * @param validMask {@code (batch, tokens)}, or null if all are valid
     * @return {@code (batch, dim)}
     */
    public static NDArray max(NDArray tokens, NDArray validMask) {
        if (validMask == null) {
            return tokens.max(new int[] {1});
        }
        NDArray weights = weights(tokens, validMask);
        // padding gets -1e9 so it never wins
        NDArray penalty = Scalars.multiply(weights.sub(Scalars.constant(weights, 1.0)), 1e9);
        return tokens.add(penalty).max(new int[] {1});
    }

    /** The mask as {@code (batch, tokens, 1)} weights of the tokens' type and device, outside autograd. */
    private static NDArray weights(NDArray tokens, NDArray validMask) {
        long batch = validMask.getShape().get(0);
        long count = validMask.getShape().get(1);
        return validMask.toType(tokens.getDataType(), false).toDevice(tokens.getDevice(), false)
                .reshape(batch, count, 1).stopGradient();
    }
}
