package dev.selfsup.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.selfsup.api.Batch;
import dev.selfsup.api.DataDescription;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.TaskContext;
import dev.selfsup.api.testing.PretextTaskCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The alignment loss against a hand computation, the temperature's start and clamp, shards, and frozen sides. */
class AlignmentTaskTest {

    private static final StepInfo STEP = new StepInfo(0, 0, 10, 10);

    @Test
    void theLossIsTheMeanOfBothDirectionsCrossEntropies() {
        double[][] a = {{1, 0}, {0.6, 0.8}, {0, 1}};
        double[][] b = {{1, 0}, {0.8, 0.6}, {0, -1}};
        double scale = 2.5;
        double[][] logits = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                logits[i][j] = scale * (a[i][0] * b[j][0] + a[i][1] * b[j][1]);
            }
        }
        double rows = 0;
        double columns = 0;
        for (int i = 0; i < 3; i++) {
            double rowSum = 0;
            double columnSum = 0;
            for (int j = 0; j < 3; j++) {
                rowSum += Math.exp(logits[i][j]);
                columnSum += Math.exp(logits[j][i]);
            }
            rows += Math.log(rowSum) - logits[i][i];
            columns += Math.log(columnSum) - logits[i][i];
        }
        double expected = (rows / 3 + columns / 3) / 2;
        try (NDManager manager = NDManager.newBaseManager()) {
            AlignmentLoss loss = AlignmentLoss.of(manager.create(flat(a), new Shape(3, 2)),
                    manager.create(flat(b), new Shape(3, 2)), manager.create(new float[] {(float) scale}));
            assertEquals(expected, loss.loss().getFloat(), 1e-5);
            // rows: a0 -> b0, a1 -> b1 right, a2 -> b1 wrong; columns: b0 -> a0, b1 -> a1 right, b2 -> a0 wrong
            assertEquals(2 / 3f, loss.aToB().getFloat(), 1e-6);
            assertEquals(2 / 3f, loss.bToA().getFloat(), 1e-6);
        }
    }

    private static float[] flat(double[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                out[i * rows[i].length + j] = (float) rows[i][j];
            }
        }
        return out;
    }

    static AlignmentTask task(List<String> frozen) {
        Map<String, Encoder> encoders = new LinkedHashMap<>();
        encoders.put("image", new VectorEncoder("pixels", 6, 5));
        encoders.put("text", new VectorEncoder("words", 4, 3));
        Settings settings = Settings.of(Map.of("encoders", List.of("image", "text"), "dim", 4, "temperature", 0.07,
                "max_logit_scale", 100.0, "frozen", frozen));
        TaskContext context = new TaskContext(settings, encoders,
                new DataDescription(List.of("pixels", "words"), List.of()), 1);
        AlignmentTaskProvider provider = new AlignmentTaskProvider();
        assertEquals("", provider.unsupportedReason(context));
        return (AlignmentTask) provider.create(context);
    }

    static Batch batch(int size, long seed) {
        Random random = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            float[] pixels = new float[6];
            float[] words = new float[4];
            for (int k = 0; k < 6; k++) {
                pixels[k] = (float) random.nextGaussian();
            }
            for (int k = 0; k < 4; k++) {
                words[k] = pixels[k] + 0.1f * (float) random.nextGaussian();
            }
            samples.add(Sample.of(Map.of("pixels", pixels, "words", words), OptionalInt.empty()));
        }
        return Batch.of(samples);
    }

    @Test
    void theScaleStartsAtTheInverseTemperatureAndIsClampedAfterUpdates() {
        AlignmentTask task = task(List.of());
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes(4));
            assertEquals(1 / 0.07, task.logitScale(), 1e-3);
            NDArray logScale = task.model().logScale().getParameters().valueAt(0).getArray();
            logScale.addi(manager.create(new float[] {(float) Math.log(5)})); // 1/0.07 * 5 = 71.4: under the cap
            task.afterUpdate(STEP);
            assertEquals(5 / 0.07, task.logitScale(), 1e-2);
            logScale.addi(manager.create(new float[] {(float) Math.log(4)})); // 285.7: over
            task.afterUpdate(STEP);
            assertEquals(100.0, task.logitScale(), 1e-3);
            assertTrue(task.exports().containsKey("logit_scale"));
            assertEquals(List.of("image_projection", "text_projection", "logit_scale"),
                    List.copyOf(task.exports().keySet()));
        }
    }

    @Test
    void aStepTrainsBothSidesAndTheTemperature() {
        AlignmentTask task = task(List.of());
        try (NDManager manager = NDManager.newBaseManager()) {
            PretextTaskCheck.Result result = PretextTaskCheck.check(task, batch(8, 1), manager, 5);
            assertTrue(result.loss() > 0);
            assertEquals(7, result.parameters()); // 2 x (weight, bias) + 2 projections + the scale
        }
    }

    @Test
    void threeShardsComputeTheLossAndGradientsOfOneDevice() {
        AlignmentTask task = task(List.of());
        Batch batch = batch(16, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes(16));
            Map<String, float[]> whole = new LinkedHashMap<>();
            float one = step(task, List.of(batch), manager, whole);
            Map<String, float[]> sharded = new LinkedHashMap<>();
            float three = step(task, List.of(batch.slice(0, 6), batch.slice(6, 11), batch.slice(11, 16)), manager,
                    sharded);
            assertEquals(one, three, 1e-6);
            for (String name : whole.keySet()) {
                assertArrayEquals(whole.get(name), sharded.get(name), 1e-5f, name);
            }
        }
    }

    /** A step as the loop takes it: forward per shard, outputs concatenated, one loss, one backward. */
    private static float step(PretextTask task, List<Batch> shards, NDManager manager, Map<String, float[]> grads) {
        try (NDManager stepManager = manager.newSubManager()) {
            List<NDList> inputs = new ArrayList<>();
            for (Batch shard : shards) {
                inputs.add(task.collate(shard, stepManager));
            }
            float value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                for (Pair<String, Parameter> p : task.model().getParameters()) {
                    NDArray gradient = p.getValue().getArray().getGradient();
                    gradient.subi(gradient);
                }
                List<NDList> outputs = new ArrayList<>();
                for (NDList input : inputs) {
                    outputs.add(task.forward(new ParameterStore(stepManager, false), input, STEP, new Random(1)));
                }
                NDList gathered = new NDList();
                for (int k = 0; k < outputs.get(0).size(); k++) {
                    NDList parts = new NDList();
                    for (NDList output : outputs) {
                        parts.add(output.get(k));
                    }
                    gathered.add(parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0)); // as DataParallel
                }
                PretextLoss loss = task.loss(gathered, STEP);
                collector.backward(loss.loss());
                value = loss.loss().getFloat();
            }
            for (Pair<String, Parameter> p : task.model().getParameters()) {
                grads.put(p.getKey(), p.getValue().getArray().getGradient().toFloatArray());
            }
            return value;
        }
    }

    @Test
    void aFrozenSideDoesNotTrain() {
        AlignmentTask task = task(List.of("image"));
        try (NDManager manager = NDManager.newBaseManager()) {
            PretextTaskCheck.check(task, batch(8, 1), manager, 5);
            for (Pair<String, Parameter> p : task.model().getParameters()) {
                boolean imageEncoder = p.getKey().startsWith("01image_"); // not 02image_projection
                assertEquals(!imageEncoder, p.getValue().requiresGradient(), p.getKey());
            }
        }
    }

    @Test
    void recipesThatCannotAlignAreRefusedWithTheReason() {
        Map<String, Encoder> encoders = new LinkedHashMap<>();
        encoders.put("image", new VectorEncoder("pixels", 6, 5));
        encoders.put("text", new VectorEncoder("words", 4, 3));
        AlignmentTaskProvider provider = new AlignmentTaskProvider();
        Settings same = Settings.of(Map.of("encoders", List.of("image", "image"), "frozen", List.of()));
        assertTrue(provider.unsupportedReason(new TaskContext(same, encoders, new DataDescription(
                List.of("pixels", "words"), List.of()), 1)).contains("two different encoders"));
        Settings both = Settings.of(Map.of("encoders", List.of("image", "text"), "frozen", List.of("audio")));
        assertTrue(provider.unsupportedReason(new TaskContext(both, encoders, new DataDescription(
                List.of("pixels"), List.of()), 1)).contains("'words'"));
        assertTrue(provider.unsupportedReason(new TaskContext(both, encoders, new DataDescription(
                List.of("pixels", "words"), List.of()), 2)).contains("2 views"));
        assertTrue(provider.unsupportedReason(new TaskContext(both, encoders, new DataDescription(
                List.of("pixels", "words"), List.of()), 1)).contains("'audio'"));
    }
}
