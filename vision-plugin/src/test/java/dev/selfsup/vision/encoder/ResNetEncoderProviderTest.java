package dev.selfsup.vision.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.Settings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResNetEncoderProviderTest {

    private final ResNetEncoderProvider provider = new ResNetEncoderProvider();

    private Settings settings(Map<String, Object> values) {
        return provider.schema().validate(Settings.of(values), new ArrayList<>());
    }

    @Test
    void encodesImagesIntoOneTokenPerFinalFeatureMapPosition() {
        ResNetEncoder encoder = provider.create(settings(Map.of("widths", List.of(4, 8, 16), "blocks_per_stage", 2)));
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(3));
            NDArray images = manager.randomUniform(0f, 1f, new Shape(3, 1, 28, 28));
            NDList out = encoder.block().forward(new ParameterStore(manager, false), new NDList(images), false);
            // 28 -> 14 -> 7: 49 positions of the last stage's 16 channels
            assertEquals(new Shape(3, 49, 16), out.head().getShape());
            assertEquals(new Shape(3, 49, 16), encoder.block().getOutputShapes(encoder.inputShapes(3))[0]);
            assertEquals(16, encoder.embeddingDim());
            // odd sides round up at each halving, as the convolutions do: 13 -> 7 -> 4, 29 -> 15 -> 8
            NDList odd = encoder.block().forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(2, 1, 13, 29))), false);
            assertEquals(new Shape(2, 32, 16), odd.head().getShape());
            assertEquals(odd.head().getShape(), encoder.block().getOutputShapes(
                    new Shape[] {new Shape(2, 1, 13, 29)})[0]);
            // one image alone gives the same tokens as in the batch (inference uses running statistics)
            NDList alone = encoder.block().forward(new ParameterStore(manager, false),
                    new NDList(images.get("0:1")), false);
            assertArrayEquals(out.head().get("0:1").toFloatArray(), alone.head().toFloatArray(), 1e-4f);
            assertTrue(encoder.block().getParameters().values().stream()
                    .anyMatch(p -> p.getType() == Parameter.Type.RUNNING_MEAN), "batch norm throughout");
        }
    }

    /**
     * DJL exposes no strides, so the layout itself is not observable here (its effect is the step time in
     * docs/benchmarks.md); this guards that making it changes nothing a network can see.
     */
    @Test
    void theChannelsLastLayoutKeepsValuesShapeAndGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(3);
            NDArray images = manager.randomUniform(0f, 1f, new Shape(2, 3, 5, 7));
            images.setRequiresGradient(true);
            NDArray weights = manager.randomUniform(-1f, 1f, new Shape(2, 3, 5, 7));
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray laidOut = ResNet.channelsLastOnCpu(images);
                assertEquals(images.getShape(), laidOut.getShape());
                assertArrayEquals(images.toFloatArray(), laidOut.toFloatArray());
                // a convolution reads the permuted memory as the same images
                Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(4).build();
                conv.initialize(manager, DataType.FLOAT32, images.getShape());
                ParameterStore store = new ParameterStore(manager, false);
                assertArrayEquals(conv.forward(store, new NDList(images), false).head().toFloatArray(),
                        conv.forward(store, new NDList(laidOut), false).head().toFloatArray(), 1e-5f);
                collector.backward(laidOut.mul(weights).sum());
            }
            assertArrayEquals(weights.toFloatArray(), images.getGradient().toFloatArray());
        }
    }

    @Test
    void refusesAnEmptyListOfStages() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> provider.create(settings(Map.of("widths", List.of()))));
        assertTrue(e.getMessage().contains("at least one"), e.getMessage());
    }
}
