package dev.selfsup.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Variable length: padding a sequence, with its valid-token mask, changes none of its outputs or its embedding. */
class PaddingTest {

    @Test
    void appendingPaddingChangesNoTokenOutputAndNoPooledEmbedding() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            TransformerStack stack = new TransformerStack(8, 2, 2, 2.0);
            stack.initialize(manager, DataType.FLOAT32, new Shape(2, 5, 8));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray real = manager.randomNormal(new Shape(2, 3, 8));
            NDArray padding = manager.randomNormal(new Shape(2, 2, 8)).mul(100); // anything at all
            NDArray padded = NDArrays.concat(new NDList(real, padding), 1);
            NDArray mask = manager.create(new float[] {1, 1, 1, 0, 0, 1, 1, 1, 0, 0}, new Shape(2, 5));

            NDList plain = stack.forward(ps, new NDList(real), false);
            NDList masked = stack.forward(ps, new NDList(padded, mask), false);
            assertEquals(2, masked.size(), "the mask is passed on");
            NDArray kept = masked.get(0).get(":, 0:3, :");
            assertArrayEquals(plain.get(0).toFloatArray(), kept.toFloatArray(), 1e-5f);

            NDArray pooledPlain = Pooling.mean(plain.get(0), null);
            NDArray pooledMasked = Pooling.mean(masked.get(0), masked.get(1));
            assertArrayEquals(pooledPlain.toFloatArray(), pooledMasked.toFloatArray(), 1e-5f);
            assertArrayEquals(Pooling.max(plain.get(0), null).toFloatArray(),
                    Pooling.max(masked.get(0), masked.get(1)).toFloatArray(), 1e-5f);

            // without the mask the padding leaks into the real tokens: the test can tell
            NDArray leaked = stack.forward(ps, new NDList(padded), false).get(0).get(":, 0:3, :");
            assertTrue(leaked.sub(plain.get(0)).abs().max().getFloat() > 1e-3f);
        }
    }
}
