package com.example.rotation;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.selfsup.api.Batch;
import dev.selfsup.api.DataDescription;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Image;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.TaskContext;
import dev.selfsup.api.testing.PretextTaskCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rotation task's step passes the API's check, on a tiny stand-in image encoder (one token per image row). */
class RotationTaskTest {

    /** 8x8 grey images; each row of pixels is a token, embedded by one linear layer. */
    private static final class RowEncoder implements Encoder {
        private final SequentialBlock block = new SequentialBlock()
                .add(x -> new NDList(x.head().reshape(x.head().getShape().get(0), 8, 8)))
                .add(Linear.builder().setUnits(6).build());

        @Override
        public String modality() {
            return Sample.IMAGE;
        }

        @Override
        public Block block() {
            return block;
        }

        @Override
        public Shape[] inputShapes(int batchSize) {
            return new Shape[] {new Shape(batchSize, 1, 8, 8)};
        }

        @Override
        public int embeddingDim() {
            return 6;
        }

        @Override
        public NDList collate(List<Sample> samples, NDManager manager) {
            float[] flat = new float[samples.size() * 64];
            for (int i = 0; i < samples.size(); i++) {
                samples.get(i).get(Sample.IMAGE, Image.class).copyTo(flat, i * 64);
            }
            return new NDList(manager.create(flat, new Shape(samples.size(), 1, 8, 8)));
        }

        @Override
        public float[] rawFeatures(Sample sample) {
            return sample.get(Sample.IMAGE, Image.class).pixels();
        }

        @Override
        public Settings settings() {
            return Settings.of(Map.of("type", "rows"));
        }
    }

    @Test
    void theStepSurvivesAGarbageCollectionBetweenForwardAndBackward() {
        RotationTaskProvider provider = new RotationTaskProvider();
        TaskContext context = new TaskContext(provider.schema().validate(Settings.of(Map.of("hidden", 8)),
                new ArrayList<>()), Map.of(TaskContext.DEFAULT_ENCODER, new RowEncoder()),
                new DataDescription(List.of(Sample.IMAGE), List.of()), 1);
        assertEquals("", provider.unsupportedReason(context));
        PretextTask task = provider.create(context);
        List<Sample> samples = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < 12; i++) {
            float[] pixels = new float[64];
            for (int j = 0; j < pixels.length; j++) {
                pixels[j] = random.nextFloat();
            }
            samples.add(Sample.unlabelled(Sample.IMAGE, new Image(1, 8, 8, pixels)));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            PretextTaskCheck.Result result = PretextTaskCheck.check(task, Batch.of(samples), manager, 3);
            assertTrue(result.loss() > 1.0 && result.loss() < 2.0, "about log 4 at the start: " + result);
        }
    }
}
