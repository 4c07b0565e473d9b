package dev.selfsup.vision.mae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import dev.selfsup.api.Batch;
import dev.selfsup.api.DataDescription;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Image;
import dev.selfsup.api.NamedExtension;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.TaskContext;
import dev.selfsup.api.testing.PretextTaskCheck;
import dev.selfsup.train.AdamW;
import dev.selfsup.vision.encoder.VitEncoder;
import dev.selfsup.vision.encoder.VitEncoderProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MAE model trains: shapes are right, gradients reach the encoder, and the loss falls. */
class MaeTaskTest {

    static Settings settings(NamedExtension extension, Map<String, Object> values) {
        return extension.schema().validate(Settings.of(values), new ArrayList<>());
    }

    static TaskContext context(Settings settings, Encoder encoder) {
        return new TaskContext(settings, Map.of(TaskContext.DEFAULT_ENCODER, encoder),
                new DataDescription(List.of(Sample.IMAGE), List.of()), 1);
    }

    @Test
    void theStepSurvivesAGarbageCollectionBetweenForwardAndBackward() {
        VitEncoderProvider vit = new VitEncoderProvider();
        MaeTaskProvider mae = new MaeTaskProvider();
        Encoder encoder = vit.create(settings(vit, Map.of("image", 8, "patch", 2, "dim", 16, "depth", 1, "heads", 2)));
        PretextTask task = mae.create(context(settings(mae, Map.of("decoder", Map.of("dim", 16, "depth", 1,
                "heads", 2))), encoder));
        List<Sample> samples = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 6; i++) {
            float[] pixels = new float[64];
            for (int j = 0; j < pixels.length; j++) {
                pixels[j] = random.nextFloat();
            }
            samples.add(Sample.unlabelled(Sample.IMAGE, new Image(1, 8, 8, pixels)));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            PretextTaskCheck.Result result = PretextTaskCheck.check(task, Batch.of(samples), manager, 7);
            assertTrue(result.loss() > 0 && result.gradientNorm() > 0, result.toString());
        }
    }

    @Test
    void maeRefusesAnEncoderWithoutPatchTokens() {
        Encoder plain = new Encoder() {
            @Override
            public String modality() {
                return Sample.IMAGE;
            }

            @Override
            public ai.djl.nn.Block block() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Shape[] inputShapes(int batchSize) {
                return new Shape[0];
            }

            @Override
            public int embeddingDim() {
                return 1;
            }

            @Override
            public NDList collate(List<Sample> samples, NDManager manager) {
                throw new UnsupportedOperationException();
            }

            @Override
            public float[] rawFeatures(Sample sample) {
                return new float[0];
            }

            @Override
            public Settings settings() {
                return Settings.of(Map.of("type", "mlp"));
            }
        };
        MaeTaskProvider mae = new MaeTaskProvider();
        assertEquals("mae needs an encoder that encodes image patch tokens (such as vit), not 'mlp'",
                mae.unsupportedReason(context(settings(mae, Map.of()), plain)));
    }

    @Test
    void lossFallsOnAFixedBatchAndGradientsReachTheEncoder() {
        VitEncoderProvider vit = new VitEncoderProvider();
        MaeTaskProvider mae = new MaeTaskProvider();
        VitEncoder encoder = vit.create(settings(vit,
                Map.of("image", 8, "patch", 2, "dim", 16, "depth", 1, "heads", 2)));
        MaeTask task = (MaeTask) mae.create(context(settings(mae,
                Map.of("decoder", Map.of("dim", 16, "depth", 1, "heads", 2))), encoder));
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            task.model().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes(8));
            NDArray images = manager.randomUniform(0f, 1f, new Shape(8, 1, 8, 8));
            ParameterStore ps = new ParameterStore(manager, false);
            List<Parameter> params = new ArrayList<>();
            task.model().getParameters().forEach(p -> params.add(p.getValue()));
            float first = Float.NaN;
            float last = Float.NaN;
            try (AdamW adam = AdamW.builder().setParameters(params).setManager(manager).optWeightDecay(0).build()) {
                for (int step = 0; step < 60; step++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        StepInfo info = new StepInfo(step, 0, 60, 60);
                        PretextLoss loss = task.loss(task.forward(ps, new NDList(images), info, new Random(step % 4)),
                                info);
                        gc.backward(loss.loss());
                        last = loss.loss().getFloat();
                    }
                    if (step == 0) {
                        first = last;
                        float encoderGradient = encoder.block().getParameters().get(0).getValue().getArray()
                                .getGradient().abs().sum().getFloat();
                        assertTrue(encoderGradient > 0, "the encoder receives gradients");
                    }
                    adam.step(3e-3);
                }
            }
            assertTrue(last < 0.7f * first, "loss should fall: " + first + " -> " + last);
            NDArray predicted = task.model().forward(ps, new NDList(images,
                    manager.create(new long[][] {{0, 1, 2, 3}}).repeat(0, 8),
                    manager.arange(16L).toType(DataType.INT64, false).reshape(1, 16).repeat(0, 8)), false).head();
            assertEquals(new Shape(8, 16, 4), predicted.getShape());
        }
    }
}
