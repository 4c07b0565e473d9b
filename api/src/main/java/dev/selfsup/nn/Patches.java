package dev.selfsup.nn;

import ai.djl.ndarray.NDArray;

/** Patch operations on image batches {@code (batch, channels, height, width)}. */
public final class Patches {

    private Patches() {
    }

    /**
     * Cuts images into non-overlapping square patches, row by row, each flattened as
     * {@code (patchRow, patchCol, channel)}.
     *
     * @param images {@code (B, C, H, W)} with H and W divisible by {@code patch}
     * @param patch the patch side
     * @return {@code (B, (H/p)*(W/p), p*p*C)}
     */
    public static NDArray patchify(NDArray images, int patch) {
        long b = images.getShape().get(0);
        long c = images.getShape().get(1);
        long h = images.getShape().get(2);
        long w = images.getShape().get(3);
        if (h % patch != 0 || w % patch != 0) {
            throw new IllegalArgumentException("image " + h + "x" + w + " is not divisible into " + patch + "-pixel patches");
        }
        long gh = h / patch;
        long gw = w / patch;
        return images.reshape(b, c, gh, patch, gw, patch)
                .transpose(0, 2, 4, 3, 5, 1)
                .reshape(b, gh * gw, (long) patch * patch * c);
    }

    /**
     * Normalises every patch to zero mean and unit variance over its own pixels (the MAE
     * "normalised pixel" target).
     *
     * @param patches {@code (B, N, P)}
     * @return the normalised patches
     */
    public static NDArray normalisePerPatch(NDArray patches) {
        NDArray mean = patches.mean(new int[] {-1}, true);
        NDArray centred = patches.sub(mean);
        NDArray variance = centred.square().mean(new int[] {-1}, true);
        return centred.div(variance.add(1e-6).sqrt());
    }
}
