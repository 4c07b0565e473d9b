package dev.selfsup.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.testing.PretextTaskCheck;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DJL's PyTorch engine turns a Java number operand into a tensor over a JVM direct buffer and closes it at
 * once; when autograd keeps that tensor for the backward pass, a garbage collection between forward and
 * backward frees the buffer under it. These tests collect garbage and reuse the memory between the passes:
 * the gradients must not change.
 */
class ScalarsTest {

    /** Runs forward, then (optionally) garbage collection and memory reuse, then backward. */
    private static float[] gradient(NDManager manager, Shape shape, boolean collectInBetween,
                                    Function<NDArray, NDArray> f) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.arange(0f, (float) shape.size()).reshape(shape).div(shape.size()).sin();
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                if (collectInBetween) {
                    PretextTaskCheck.churnDirectMemory();
                }
                collector.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void multiplyingByAScalarSurvivesAGarbageCollectionBeforeBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Function<NDArray, NDArray> f = x -> Scalars.multiply(x.square(), 0.125);
            float[] expected = gradient(manager, new Shape(3, 4), false, f);
            for (int attempt = 0; attempt < 3; attempt++) {
                assertArrayEquals(expected, gradient(manager, new Shape(3, 4), true, f));
            }
            assertEquals(0.25f * (float) Math.sin(1.0 / 12), expected[1], 1e-6);
        }
    }

    @Test
    void attentionGradientsSurviveAGarbageCollectionBeforeBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            MultiHeadSelfAttention attention = new MultiHeadSelfAttention(8, 2);
            attention.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 8));
            Function<NDArray, NDArray> f = x -> attention.forward(new ParameterStore(manager, false), new NDList(x),
                    true).singletonOrThrow().square();
            float[] expected = gradient(manager, new Shape(2, 3, 8), false, f);
            for (int attempt = 0; attempt < 3; attempt++) {
                assertArrayEquals(expected, gradient(manager, new Shape(2, 3, 8), true, f));
            }
        }
    }
}
