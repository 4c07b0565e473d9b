package dev.selfsup.vision.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MaskedPatchLossTest {

    @Test
    void onlyMaskedPatchesCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.randomNormal(new Shape(2, 4, 3));
            // mask: sample 0 hides patches 1 and 3, sample 1 hides patch 0
            NDArray mask = manager.create(new float[] {0, 1, 0, 1, 1, 0, 0, 0}, new Shape(2, 4));
            NDArray visibleWrong = target.duplicate();
            visibleWrong.set(new ai.djl.ndarray.index.NDIndex("0, 0"), 100f);
            visibleWrong.set(new ai.djl.ndarray.index.NDIndex("1, 2"), -100f);
            assertEquals(0f, MaskedPatchLoss.compute(visibleWrong, target, mask).getFloat(), 1e-6,
                    "errors on visible patches must not count");

            NDArray maskedWrong = target.duplicate();
            maskedWrong.set(new ai.djl.ndarray.index.NDIndex("0, 1"), target.get("0, 1").add(2f));
            // one of three masked patches is off by 2 in every value: (4 per patch) averaged over 3 patches
            assertEquals(4f / 3f, MaskedPatchLoss.compute(maskedWrong, target, mask).getFloat(), 1e-5);
        }
    }
}
