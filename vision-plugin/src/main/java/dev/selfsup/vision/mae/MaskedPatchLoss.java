package dev.selfsup.vision.mae;

import ai.djl.ndarray.NDArray;

/** The MAE reconstruction loss: mean squared error per patch, averaged over masked patches only. */
public final class MaskedPatchLoss {

    private MaskedPatchLoss() {
    }

    /**
     * Computes the loss.
     *
     * @param predicted {@code (B, N, P)} predicted patches
     * @param target {@code (B, N, P)} target patches (normalised per patch when {@code norm_pix})
     * @param mask {@code (B, N)}, 1 for masked patches, 0 for visible ones
     * @return the scalar loss
     */
    public static NDArray compute(NDArray predicted, NDArray target, NDArray mask) {
        NDArray perPatch = predicted.sub(target).square().mean(new int[] {-1});
        return perPatch.mul(mask).sum().div(mask.sum());
    }
}
