package dev.selfsup.vision.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.Settings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VitEncoderProviderTest {

    private final VitEncoderProvider provider = new VitEncoderProvider();

    private Settings settings(Map<String, Object> values) {
        return provider.schema().validate(Settings.of(values), new ArrayList<>());
    }

    @Test
    void encodesImagesIntoOneTokenPerPatch() {
        VitEncoder encoder = provider.create(settings(Map.of("image", 28, "patch", 7, "dim", 32, "depth", 2, "heads", 4)));
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(3));
            NDList out = encoder.block().forward(new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(0f, 1f, new Shape(3, 1, 28, 28))), false);
            assertEquals(new Shape(3, 16, 32), out.head().getShape());
            assertEquals(16, encoder.block().tokens());
        }
    }

    @Test
    void rejectsPatchesThatDoNotTileTheImageAndHeadsThatDoNotDivideTheWidth() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> provider.create(settings(Map.of("image", 28, "patch", 5, "dim", 30, "heads", 4))));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains("patch 5 does not divide image 28"), e.getMessage());
        assertTrue(e.getMessage().contains("heads 4 does not divide dim 30"), e.getMessage());
    }
}
