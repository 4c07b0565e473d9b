package dev.selfsup.nn;

/**
 * Floating-point operations of the blocks in this package, counted from their shapes (a multiply-add is
 * two operations). Normalisation, activations and softmax are left out: they are a few percent of a
 * transformer's work and do not run on the matrix units a GEMM ceiling measures.
 */
public final class Flops {

    private Flops() {
    }

    /**
     * A linear layer.
     *
     * @param tokens rows it is applied to
     * @param in input width
     * @param out output width
     * @return operations of one forward pass
     */
    public static long linear(long tokens, long in, long out) {
        return 2 * tokens * in * out;
    }

    /**
     * One {@link PreNormTransformerLayer}: QKV projection, attention scores and weighted sum, output
     * projection, and the two-layer MLP.
     *
     * @param tokens sequence length
     * @param dim model width
     * @param mlpRatio MLP width relative to {@code dim}
     * @return operations of one forward pass for one sequence
     */
    public static long transformerLayer(long tokens, long dim, double mlpRatio) {
        long hidden = Math.round(dim * mlpRatio);
        return linear(tokens, dim, 3 * dim) + 2 * (2 * tokens * tokens * dim) + linear(tokens, dim, dim)
                + linear(tokens, dim, hidden) + linear(tokens, hidden, dim);
    }

    /**
     * The usual estimate of a training step from the forward pass: the backward pass costs about twice the
     * forward (gradients with respect to inputs and to weights).
     *
     * @param forward operations of the forward pass
     * @return operations of forward plus backward
     */
    public static long training(long forward) {
        return 3 * forward;
    }
}
