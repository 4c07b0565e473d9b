package dev.selfsup.vision.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.LayeredEncoder;
import dev.selfsup.api.Settings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Depth levels for layer-wise learning-rate decay: every level used, in parameter order, input side first. */
class LayeredEncodersTest {

    private static List<Integer> levels(Encoder encoder) {
        LayeredEncoder layers = encoder.capability(LayeredEncoder.class).orElseThrow();
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(2));
            List<Integer> out = new ArrayList<>();
            for (Pair<String, Parameter> p : encoder.block().getParameters()) {
                int level = layers.layerOf(p.getKey());
                assertTrue(level >= 0 && level < layers.layerCount(), p.getKey() + " -> " + level);
                out.add(level);
            }
            assertEquals(layers.layerCount(), new TreeSet<>(out).size(), "every level holds parameters: " + out);
            return out;
        }
    }

    private static void assertNonDecreasing(List<Integer> levels) {
        for (int i = 1; i < levels.size(); i++) {
            assertTrue(levels.get(i) >= levels.get(i - 1), "input side first: " + levels);
        }
    }

    @Test
    void vitLevelsArePatchEmbeddingThenEachLayerThenTheFinalNorm() {
        VitEncoderProvider provider = new VitEncoderProvider();
        Encoder vit = provider.create(provider.schema().validate(Settings.of(Map.of("image", 28, "patch", 7,
                "dim", 16, "depth", 3, "heads", 2)), new ArrayList<>()));
        List<Integer> levels = levels(vit);
        assertEquals(5, vit.capability(LayeredEncoder.class).orElseThrow().layerCount());
        assertEquals(0, levels.get(0));
        assertEquals(4, levels.get(levels.size() - 1));
        assertNonDecreasing(levels);
    }

    @Test
    void resnetLevelsAreTheStemThenEachResidualBlock() {
        ResNetEncoderProvider provider = new ResNetEncoderProvider();
        Encoder resnet = provider.create(provider.schema().validate(Settings.of(Map.of("widths", List.of(4, 8),
                "blocks_per_stage", 2)), new ArrayList<>()));
        List<Integer> levels = levels(resnet);
        assertEquals(5, resnet.capability(LayeredEncoder.class).orElseThrow().layerCount());
        assertNonDecreasing(levels);
    }
}
