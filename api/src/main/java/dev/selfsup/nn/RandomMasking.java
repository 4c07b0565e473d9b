package dev.selfsup.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * Per-sample random token masking as in MAE (He et al. 2021): every sample keeps its own random subset
 * of exactly {@code keepCount} tokens.
 *
 * @param keepIndices {@code (B, keep)} int64 positions of the visible tokens, in shuffled order
 * @param restoreIndices {@code (B, N)} int64 permutation that puts shuffled tokens back in place
 * @param mask {@code (B, N)} float, 1 where a token is masked (hidden from the encoder), 0 where visible
 * @param keepCount number of visible tokens per sample
 */
public record RandomMasking(NDArray keepIndices, NDArray restoreIndices, NDArray mask, int keepCount) {

    /**
     * Returns how many of {@code tokens} stay visible at a mask ratio (at least one).
     *
     * @param tokens the number of tokens
     * @param maskRatio the fraction to mask, in [0, 1)
     * @return the visible count
     */
    public static int keepCount(int tokens, double maskRatio) {
        return Math.max(1, (int) (tokens * (1.0 - maskRatio)));
    }

    /**
     * Draws a masking for a batch.
     *
     * @param manager where to allocate
     * @param batch batch size
     * @param tokens tokens per sample
     * @param maskRatio fraction of tokens to mask
     * @param random the step's random stream (drawn on the JVM, so runs are reproducible on any device)
     * @return the masking
     */
    public static RandomMasking draw(NDManager manager, int batch, int tokens, double maskRatio, Random random) {
        int keep = keepCount(tokens, maskRatio);
        float[] noise = new float[batch * tokens];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextFloat();
        }
        NDArray shuffle = manager.create(noise, new Shape(batch, tokens)).argSort(1);
        NDArray restore = shuffle.argSort(1);
        NDArray keepIndices = shuffle.get(":, :" + keep);
        NDArray mask = restore.gte(keep).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return new RandomMasking(keepIndices, restore, mask, keep);
    }

    /**
     * Selects the visible tokens.
     *
     * @param tokens {@code (B, N, D)}
     * @return {@code (B, keep, D)}
     */
    public NDArray keepVisible(NDArray tokens) {
        return gatherTokens(tokens, keepIndices);
    }

    /**
     * Gathers tokens along axis 1.
     *
     * @param tokens {@code (B, N, D)}
     * @param indices {@code (B, K)} int64
     * @return {@code (B, K, D)}
     */
    public static NDArray gatherTokens(NDArray tokens, NDArray indices) {
        long dim = tokens.getShape().get(2);
        Shape target = new Shape(indices.getShape().get(0), indices.getShape().get(1), dim);
        return tokens.gather(indices.expandDims(2).broadcast(target), 1);
    }
}
