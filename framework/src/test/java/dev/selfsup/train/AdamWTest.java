package dev.selfsup.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class AdamWTest {

    private static Parameter weight(NDManager manager, float value) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(2, 2))
                .optInitializer(new ConstantInitializer(value)).build();
        p.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
        return p;
    }

    private static void gradientOfSquares(Parameter p) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(p.getArray().square().sum());
        }
    }

    @Test
    void twoStepsMatchTheFormulaWithDecoupledDecay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = weight(manager, 1f);
            double lr = 0.1;
            double wd = 0.5;
            try (AdamW adam = AdamW.builder().setParameters(List.of(p)).setManager(manager).optBetas(0.9, 0.999)
                    .optEpsilon(1e-8).optWeightDecay(wd).build()) {
                double w = 1;
                double m = 0;
                double v = 0;
                for (int t = 1; t <= 2; t++) {
                    gradientOfSquares(p);
                    adam.step(lr);
                    double g = 2 * w;
                    m = 0.9 * m + 0.1 * g;
                    v = 0.999 * v + 0.001 * g * g;
                    w = w * (1 - lr * wd);
                    w -= lr / (1 - Math.pow(0.9, t)) * m / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
                    assertEquals(w, p.getArray().toFloatArray()[0], 1e-5, "step " + t);
                    assertEquals(0f, p.getArray().getGradient().sum().getFloat(), "gradients are zeroed");
                }
                assertEquals(2, adam.updates());
            }
        }
    }

    @Test
    void savedStateContinuesExactly() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter a = weight(manager, 1f);
            Parameter b = weight(manager, 1f);
            try (AdamW first = AdamW.builder().setParameters(List.of(a)).setManager(manager).build();
                 AdamW second = AdamW.builder().setParameters(List.of(b)).setManager(manager).build()) {
                gradientOfSquares(a);
                first.step(0.01);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                first.save(new DataOutputStream(bytes));
                second.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                b.getArray().set(a.getArray().toFloatArray());
                gradientOfSquares(a);
                gradientOfSquares(b);
                first.step(0.01);
                second.step(0.01);
                NDArray wa = a.getArray();
                assertArrayEquals(wa.toFloatArray(), b.getArray().toFloatArray());
            }
        }
    }
    @Test
    void theGradientScaleEqualsScalingTheGradientsFirst() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter scaledInside = weight(manager, 1f);
            Parameter scaledBefore = weight(manager, 1f);
            try (AdamW first = AdamW.builder().setParameters(List.of(scaledInside)).setManager(manager).build();
                 AdamW second = AdamW.builder().setParameters(List.of(scaledBefore)).setManager(manager).build()) {
                for (int t = 0; t < 3; t++) {
                    gradientOfSquares(scaledInside);
                    gradientOfSquares(scaledBefore);
                    scaledBefore.getArray().getGradient().muli(0.25);
                    first.step(0.01, 0.25);
                    second.step(0.01);
                    assertArrayEquals(scaledBefore.getArray().toFloatArray(), scaledInside.getArray().toFloatArray(),
                            1e-7f, "step " + t);
                }
                assertNotEquals(1f, scaledInside.getArray().toFloatArray()[0], "the weights moved");
            }
        }
    }

    @Test
    void learningRateScalesApplyPerParameterAndBiasesAreNotDecayed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = weight(manager, 1f);
            Parameter bias = Parameter.builder().setName("b").setType(Parameter.Type.BIAS).optShape(new Shape(3))
                    .optInitializer(new ConstantInitializer(1f)).build();
            bias.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
            double lr = 0.1;
            double wd = 0.5;
            try (AdamW adam = AdamW.builder().setParameters(List.of(w, bias)).setManager(manager)
                    .optBetas(0.9, 0.999).optWeightDecay(wd).optLearningRateScales(new double[] {0.5, 2.0}).build()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.getArray().square().sum().add(bias.getArray().square().sum()));
                }
                adam.step(lr);
                // first step: m / sqrt(v) after bias correction is sign(g) = 1, so each moves by its own rate
                // (to 1e-5: the fused kernel takes the betas as float32, and 1 - 0.999f is 1.3e-5 off 0.001)
                double decayed = 1 - 0.5 * lr * wd - 0.5 * lr;
                double notDecayed = 1 - 2.0 * lr;
                assertEquals(decayed, w.getArray().toFloatArray()[0], 1e-5);
                assertEquals(notDecayed, bias.getArray().toFloatArray()[0], 1e-5);
            }
        }
    }
}
