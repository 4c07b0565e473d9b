package dev.selfsup.vision.joint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.selfsup.SelfSup;
import dev.selfsup.api.Batch;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.testing.PretextTaskCheck;
import dev.selfsup.nn.joint.CollapseMonitor;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.run.RunResult;
import dev.selfsup.train.Checkpoints;
import dev.selfsup.train.MetricsSink;
import dev.selfsup.train.PretrainingLoop;
import dev.selfsup.train.TrainingPlan;
import dev.selfsup.vision.SyntheticIdx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SimCLR, BYOL and VICReg built from the shipped quick recipes (shrunk with overrides) on synthetic digits: a
 * training step with finite gradients, BYOL's bit-exact resume, SimCLR on three shards, and the collapse monitor.
 */
class JointEmbeddingTasksTest {

    @TempDir
    static Path work;

    private static SelfSup selfsup;
    /** The step after which the next run is asked to stop; -1 for none. */
    private static final AtomicLong STOP_AFTER = new AtomicLong(-1);

    @BeforeAll
    static void start() throws Exception {
        SyntheticIdx.write(work.resolve("idx"), 200, 60, 5);
        SelfSup[] holder = new SelfSup[1];
        holder[0] = SelfSup.builder().optThreads(1)
                .optOutput(new PrintStream(OutputStream.nullOutputStream()), false)
                .addMetricsListener(record -> {
                    if (((Number) record.get("step")).longValue() == STOP_AFTER.get()) {
                        STOP_AFTER.set(-1);
                        holder[0].requestStop("test");
                    }
                }).build();
        selfsup = holder[0];
    }

    @AfterAll
    static void stop() {
        selfsup.close();
    }

    /** The shipped quick recipe of a method, shrunk to a tiny ResNet, small heads and a few steps. */
    private static ValidatedRecipe recipe(String method, String... more) {
        List<String> overrides = new ArrayList<>(List.of("device=cpu", "output=" + work.resolve("runs"),
                "data.dataset=mnist", "data.path=" + work.resolve("idx"), "data.fetch=false",
                "encoder.widths=[4, 8]", "train.max_steps=10", "train.batch_size=16", "train.log_every=1",
                "train.schedule.warmup_steps=2", "train.checkpoint.every_steps=0", "evaluate.enabled=false"));
        switch (method) {
            case "simclr" -> overrides.addAll(List.of("pretext.projector.hidden=[16]", "pretext.projector.dim=8"));
            case "byol" -> overrides.addAll(List.of("pretext.projector.hidden=[16]", "pretext.projector.dim=8",
                    "pretext.predictor.hidden=[16]", "pretext.predictor.dim=8"));
            default -> overrides.addAll(List.of("pretext.expander.hidden=[16]", "pretext.expander.dim=16"));
        }
        overrides.addAll(List.of(more));
        return selfsup.validate(Path.of("..", "recipes", "fashion-" + method + "-quick.yaml"), overrides);
    }

    private static Batch batch(ValidatedRecipe recipe, int size) {
        DatasetSplits splits = recipe.openData(work.resolve("data-" + size));
        List<List<Sample>> views = new ArrayList<>();
        var augmentations = recipe.createViews();
        for (int v = 0; v < augmentations.size(); v++) {
            List<Sample> view = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Sample s = splits.train().get(i);
                for (var a : augmentations.get(v)) {
                    s = a.apply(s, new Random(31L * i + v));
                }
                view.add(s);
            }
            views.add(view);
        }
        return new Batch(views);
    }

    @ParameterizedTest
    @ValueSource(strings = {"simclr", "byol", "vicreg"})
    void aStepGivesAFiniteLossAndFiniteGradientsToEveryTrainedParameter(String method) {
        ValidatedRecipe recipe = recipe(method);
        try (NDManager manager = NDManager.newBaseManager()) {
            PretextTask task = recipe.buildTask(Map.of(), manager, 8, 3);
            PretextTaskCheck.Result result = PretextTaskCheck.check(task, batch(recipe, 8), manager, 3);
            assertTrue(Float.isFinite(result.loss()) && result.gradientNorm() > 0, method + ": " + result);
        }
    }

    @Test
    void byolResumesBitExactlyWithItsTeacherAndViews() throws Exception {
        RunResult straight = selfsup.run(recipe("byol", "name=byol-straight"));
        STOP_AFTER.set(5);
        RunResult stopped = selfsup.run(recipe("byol", "name=byol-stopped"));
        assertEquals(5, stopped.training().steps(), "stopped after step 5");
        RunResult resumed = selfsup.resume(stopped.folder().root());
        assertEquals(10, resumed.training().steps());
        Path finalState = Path.of("checkpoints", "step-000010", "model.params");
        byte[] uninterrupted = Files.readAllBytes(straight.folder().root().resolve(finalState));
        assertArrayEquals(uninterrupted, Files.readAllBytes(stopped.folder().root().resolve(finalState)),
                "student, teacher and running statistics identical after the resume");
        assertArrayEquals(Files.readAllBytes(straight.folder().root().resolve("encoder/encoder.params")),
                Files.readAllBytes(stopped.folder().root().resolve("encoder/encoder.params")));
    }

    @Test
    void simclrOnThreeShardsMatchesOneDevice() throws Exception {
        // batch norm normalises per shard (as DistributedDataParallel without SyncBatchNorm), so this compares a
        // batch-norm-free SimCLR: a ViT and a projector without batch norm; the NT-Xent over the gathered batch is
        // what must not depend on the split
        String[] vit = {"encoder={type: vit, image: 28, patch: 7, dim: 16, depth: 1, heads: 2}",
            "pretext.projector.batch_norm=false"};
        float[] one = train(recipe("simclr", vit), List.of(Device.cpu()), "one");
        float[] three = train(recipe("simclr", vit), List.of(Device.cpu(), Device.cpu(), Device.cpu()), "three");
        // the losses of every step agree to float rounding; a loss computed per shard (5 or 6 samples instead of
        // 16, 10 or 11 negatives instead of 31) would differ by about log(31/11) ~ 1
        List<Double> oneLosses = losses("one");
        List<Double> threeLosses = losses("three");
        assertEquals(10, oneLosses.size());
        for (int i = 0; i < oneLosses.size(); i++) {
            assertEquals(oneLosses.get(i), threeLosses.get(i), 1e-4, "step " + (i + 1));
        }
        // summation order changes gradients by ~1e-7, which Adam's normalisation can amplify for parameters
        // whose gradient is near zero: still far below the 2e-3 a single step may move a parameter
        assertArrayEquals(one, three, 1e-3f);
    }

    private static List<Double> losses(String name) throws Exception {
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(work.resolve("shards-" + name).resolve("metrics.jsonl"))) {
            String value = line.substring(line.indexOf("\"loss\":") + 7);
            losses.add(Double.parseDouble(value.substring(0, value.indexOf(','))));
        }
        return losses;
    }

    private static float[] train(ValidatedRecipe recipe, List<Device> devices, String name) throws Exception {
        Path folder = Files.createDirectories(work.resolve("shards-" + name));
        try (NDManager manager = NDManager.newBaseManager();
             MetricsSink metrics = new MetricsSink(folder.resolve("metrics.jsonl"))) {
            PretextTask task = recipe.buildTask(Map.of(), manager, 16, 9);
            PretrainingLoop.builder().setTask(task).setData(recipe.openData(folder).train())
                    .setPlan(TrainingPlan.from(recipe.section("train"))).setManager(manager).setSeed(9)
                    .setMetrics(metrics).setCheckpoints(new Checkpoints(folder.resolve("checkpoints"), 1))
                    .optDevices(devices).optViews(recipe.createViews()).build().run();
            List<Float> values = new ArrayList<>();
            for (Pair<String, Parameter> p : task.model().getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    values.add(v);
                }
            }
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }
    }

    @Test
    void theCollapseMonitorFlagsAConstantEncoder() throws Exception {
        ValidatedRecipe recipe = recipe("simclr");
        try (NDManager manager = NDManager.newBaseManager()) {
            PretextTask task = recipe.buildTask(Map.of(), manager, 8, 3);
            Batch batch = batch(recipe, 8);
            Map<String, Double> healthy = metrics(task, batch, manager);
            assertFalse(CollapseMonitor.warning(healthy).isPresent(), healthy.toString());
            // zero every encoder weight: every image maps to the same (zero) representation
            for (Pair<String, Parameter> p : task.encoders().get("encoder").block().getParameters()) {
                if (p.getValue().getType() != Parameter.Type.RUNNING_VAR) {
                    p.getValue().getArray().muli(0);
                }
            }
            Map<String, Double> collapsed = metrics(task, batch, manager);
            assertEquals(0, collapsed.get(CollapseMonitor.STD_METRIC), 1e-6);
            assertTrue(CollapseMonitor.warning(collapsed).isPresent(), collapsed.toString());
            assertNotEquals(healthy.get(CollapseMonitor.RANK_METRIC), collapsed.get(CollapseMonitor.RANK_METRIC));

            // the training loop warns once, naming the statistic, and goes on
            java.io.ByteArrayOutputStream messages = new java.io.ByteArrayOutputStream();
            Path folder = Files.createDirectories(work.resolve("collapsed"));
            try (MetricsSink sink = new MetricsSink(folder.resolve("metrics.jsonl"));
                 PrintStream log = new PrintStream(messages, true, java.nio.charset.StandardCharsets.UTF_8)) {
                PretrainingLoop.builder().setTask(task).setData(recipe.openData(folder).train())
                        .setPlan(TrainingPlan.from(recipe.section("train")).forSteps(4)).setManager(manager)
                        .setSeed(1).setMetrics(sink).setCheckpoints(new Checkpoints(folder.resolve("checkpoints"), 1))
                        .optViews(recipe.createViews()).optLog(log).build().run();
            }
            String printed = messages.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(printed.contains(": the embeddings are collapsing (embedding_std 0.000"),
                    printed);
            assertEquals(1, printed.split("collapsing", -1).length - 1, "warned once, not at every record: "
                    + printed);
        }
    }

    private static Map<String, Double> metrics(PretextTask task, Batch batch, NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            NDList inputs = task.collate(batch, step);
            NDList outputs = task.forward(new ParameterStore(step, false), inputs, new StepInfo(0, 0, 10, 10),
                    new Random(1));
            PretextLoss loss = task.loss(outputs, new StepInfo(0, 0, 10, 10));
            Map<String, Double> values = new HashMap<>();
            for (Map.Entry<String, NDArray> e : loss.metrics().entrySet()) {
                values.put(e.getKey(), (double) e.getValue().getFloat());
            }
            return values;
        }
    }
}
