package dev.selfsup.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientClippingTest {

    private static Parameter parameter(NDManager manager, String name, Shape shape, float value) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new ConstantInitializer(value)).build();
        p.initialize(manager, DataType.FLOAT32);
        return p;
    }

    @Test
    void theGlobalNormCoversEveryParameter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter a = parameter(manager, "a", new Shape(2, 2), 1f);
            Parameter b = parameter(manager, "b", new Shape(3), -3f);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(a.getArray().square().sum().add(b.getArray().square().sum()));
            }
            // gradients 2a = 2 (four of them) and 2b = -6 (three): sqrt(4 * 4 + 3 * 36)
            assertEquals(Math.sqrt(16 + 108), GradientClipping.globalNorm(List.of(a, b)), 1e-5);
            b.getArray().getGradient().set(new float[] {Float.NaN, 0, 0});
            assertTrue(Double.isNaN(GradientClipping.globalNorm(List.of(a, b))), "a NaN gradient shows in the norm");
        }
    }

    @Test
    void theScaleClipsOnlyAboveTheLimit() {
        assertEquals(1.0, GradientClipping.scale(0.5, 1.0));
        assertEquals(1.0, GradientClipping.scale(1.0, 1.0));
        assertEquals(1.0 / (4.0 + 1e-6), GradientClipping.scale(4.0, 1.0), 1e-15);
        assertEquals(1.0, GradientClipping.scale(1e6, 0), "a limit of 0 disables clipping");
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.scale(Double.NaN, 1.0));
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.scale(Double.POSITIVE_INFINITY, 1.0));
    }
}
