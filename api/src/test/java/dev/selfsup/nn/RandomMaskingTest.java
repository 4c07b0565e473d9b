package dev.selfsup.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomMaskingTest {

    @Test
    void everySampleKeepsExactlyTheVisibleCountAndMaskMatchesKeepIndices() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int batch = 16;
            int tokens = 49;
            RandomMasking m = RandomMasking.draw(manager, batch, tokens, 0.75, new Random(7));
            assertEquals(12, m.keepCount());
            assertEquals(new Shape(batch, 12), m.keepIndices().getShape());
            float[] mask = m.mask().toFloatArray();
            long[] keep = m.keepIndices().toLongArray();
            for (int b = 0; b < batch; b++) {
                int visible = 0;
                for (int t = 0; t < tokens; t++) {
                    visible += mask[b * tokens + t] == 0f ? 1 : 0;
                }
                assertEquals(12, visible, "sample " + b);
                Set<Long> kept = new HashSet<>();
                for (int i = 0; i < 12; i++) {
                    long token = keep[b * 12 + i];
                    assertTrue(kept.add(token), "duplicate visible token");
                    assertEquals(0f, mask[b * tokens + (int) token], "kept token must be unmasked");
                }
            }
        }
    }

    @Test
    void samplesAreMaskedIndependentlyAndReproducibly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int batch = 32;
            float[] a = RandomMasking.draw(manager, batch, 49, 0.75, new Random(3)).mask().toFloatArray();
            float[] again = RandomMasking.draw(manager, batch, 49, 0.75, new Random(3)).mask().toFloatArray();
            assertArrayEquals(a, again, "same seed, same masks");
            Set<String> patterns = new HashSet<>();
            for (int b = 0; b < batch; b++) {
                patterns.add(Arrays.toString(Arrays.copyOfRange(a, b * 49, (b + 1) * 49)));
            }
            assertEquals(batch, patterns.size(), "every sample draws its own mask");
            float[] other = RandomMasking.draw(manager, batch, 49, 0.75, new Random(4)).mask().toFloatArray();
            assertTrue(!Arrays.equals(a, other), "another seed gives other masks");
        }
    }

    @Test
    void restoreIndicesInvertTheShuffle() {
        try (NDManager manager = NDManager.newBaseManager()) {
            RandomMasking m = RandomMasking.draw(manager, 2, 9, 0.5, new Random(1));
            NDArray tokens = manager.arange(2 * 9 * 3f).reshape(2, 9, 3);
            NDArray visible = m.keepVisible(tokens);
            assertEquals(new Shape(2, 4, 3), visible.getShape());
            // the first feature of token t is 3t (+27 in sample 1): gathered tokens are the kept ones
            long[] keep = m.keepIndices().toLongArray();
            float[] v = visible.toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(27f * b + 3f * keep[b * 4 + i], v[(b * 4 + i) * 3]);
                }
            }
        }
    }
}
