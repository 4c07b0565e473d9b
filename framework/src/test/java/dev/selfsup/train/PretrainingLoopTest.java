package dev.selfsup.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.StepInfo;
import dev.selfsup.nn.Scalars;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop on a tiny regression task: it learns, it is reproducible, and it stops on a non-finite loss. */
class PretrainingLoopTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Samples x in R^4 whose target is the sum of x; the task regresses it with one linear layer. */
    static final SampleSource DATA = new SampleSource() {
        @Override
        public int size() {
            return 64;
        }

        @Override
        public Sample get(int index) {
            Random r = new Random(index);
            float[] x = {r.nextFloat(), r.nextFloat(), r.nextFloat(), r.nextFloat()};
            return Sample.unlabelled("x", x);
        }

        @Override
        public List<String> classNames() {
            return List.of();
        }
    };

    private static class RegressionTask implements PretextTask {
        private final Linear model = Linear.builder().setUnits(1).build();
        private final int divergeAtCall;
        private final int nanGradientAtCall;
        private int calls;

        RegressionTask(int divergeAtCall) {
            this(divergeAtCall, Integer.MAX_VALUE);
        }

        /** From call {@code nanGradientAtCall} on, the loss stays finite but its gradient is NaN. */
        RegressionTask(int divergeAtCall, int nanGradientAtCall) {
            this.divergeAtCall = divergeAtCall;
            this.nanGradientAtCall = nanGradientAtCall;
        }

        @Override
        public Block model() {
            return model;
        }

        @Override
        public Shape[] inputShapes(int batchSize) {
            return new Shape[] {new Shape(batchSize, 4)};
        }

        @Override
        public NDList collate(Batch batch, NDManager manager) {
            return new NDList(vectors(batch.view(0), manager));
        }

        @Override
        public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
            NDArray x = inputs.head();
            NDArray predicted = model.forward(parameters, inputs, true).head().squeeze(1);
            return new NDList(predicted, x.sum(new int[] {1}));
        }

        @Override
        public PretextLoss loss(NDList outputs, StepInfo step) {
            NDArray loss = outputs.get(0).sub(outputs.get(1)).square().mean();
            if (++calls >= divergeAtCall) {
                loss = loss.mul(Float.NaN);
            }
            if (calls >= nanGradientAtCall) {
                // sqrt(0 * prediction) adds 0 to the loss, and inf * 0 = NaN to the gradient
                loss = loss.add(Scalars.multiply(outputs.get(0), 0.0).sqrt().sum());
            }
            return new PretextLoss(loss, Map.of());
        }

        @Override
        public Map<String, Encoder> encoders() {
            return Map.of();
        }
    }

    /** What a training call left: its summary, the model's parameter file and values, metrics and messages. */
    record Outcome(TrainingSummary summary, byte[] weights, float[] values, List<String> metrics,
                   List<String> messages) {
    }

    /** How one training call is set up. */
    static final class Setup {
        long checkpointEvery = 20;
        long stopAtStep = -1;
        boolean resume;
        List<Device> devices;
        List<List<Augmentation>> views = List.of(List.of());
        /** The model's parameter values when training ended, normally or not. */
        float[] valuesAtEnd;
        Device parameterDevice = Device.cpu();
        long maxSteps = 40;
        HeldOutEvaluation heldOut;
        boolean keepBest;
        /** Per sample of {@code DATA}, a length in tokens: batches by a token budget of 96 when set. */
        int[] tokenLengths;
    }

    private Outcome train(PretextTask task, String name, long checkpointEvery) throws IOException {
        Setup setup = new Setup();
        setup.checkpointEvery = checkpointEvery;
        return train(task, name, setup);
    }

    Outcome train(PretextTask task, String name, Setup setup) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        TrainingPlan plan = new TrainingPlan(1, setup.maxSteps, 16, 0.05, 0.0, 0.9, 0.95, 1e-8, true, 5, 0.0, 1.0,
                setup.checkpointEvery, 2, 1);
        Engine.getInstance().setRandomSeed(3);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        try (NDManager manager = NDManager.newBaseManager(setup.parameterDevice);
             MetricsSink metrics = new MetricsSink(run.resolve("metrics.jsonl"));
             PrintStream log = new PrintStream(messages, true, StandardCharsets.UTF_8)) {
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes(16));
            task.afterInitialise(); // as ValidatedRecipe.buildTask does
            Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoints"), 2);
            StopSignal stop = new StopSignal();
            metrics.addListener(record -> {
                if (((Number) record.get("step")).longValue() == setup.stopAtStep) {
                    stop.request("test");
                }
            });
            PretrainingLoop.Builder builder = PretrainingLoop.builder().setTask(task).setData(DATA).setPlan(plan)
                    .setManager(manager).setSeed(11).setMetrics(metrics).setCheckpoints(checkpoints)
                    .optStopSignal(stop).optLog(log).optViews(setup.views).optHeldOut(setup.heldOut)
                    .optKeepBest(setup.keepBest);
            if (setup.tokenLengths != null) {
                builder.optBatchPlan(BatchPlan.tokenBudget(plan, setup.tokenLengths, 96, new StepSeeds(11)));
            }
            if (setup.resume) {
                checkpoints.newestValid(PretrainingLoop.CHECKPOINT_FILES, log::println).ifPresent(builder::optResumeFrom);
            }
            if (setup.devices != null) {
                builder.optDevices(setup.devices);
            }
            TrainingSummary summary;
            try {
                summary = builder.build().run();
            } finally {
                setup.valuesAtEnd = values(task.model());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            task.model().saveParameters(new DataOutputStream(bytes));
            return new Outcome(summary, bytes.toByteArray(), values(task.model()),
                    Files.readAllLines(run.resolve("metrics.jsonl")),
                    List.of(messages.toString(StandardCharsets.UTF_8).split("\\R")));
        }
    }

    /** Adds noise to x from the framework's stream, so a wrong stream after a resume changes the losses. */
    static final Augmentation JITTER = (sample, random) -> {
        float[] x = sample.get("x", float[].class).clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += 0.1f * (float) random.nextGaussian();
        }
        return sample.with("x", x);
    };

    /** Metric lines without the timing and memory fields, which differ between any two runs. */
    static List<String> curve(List<String> metrics) {
        return metrics.stream().map(l -> l.replaceAll(",\"samples_per_s.*", "")).toList();
    }

    @Test
    void learnsAndTwoRunsWithOneSeedAreIdentical() throws IOException {
        Outcome first = train(new RegressionTask(Integer.MAX_VALUE), "a", 20);
        Outcome second = train(new RegressionTask(Integer.MAX_VALUE), "b", 20);
        assertEquals(40, first.summary().steps());
        assertTrue(first.summary().finalLoss() < 0.2 * first.summary().firstLoss(),
                "loss should fall: " + first.summary());
        assertArrayEquals(first.weights(), second.weights(), "same seed, same final weights");
        assertEquals(curve(first.metrics()), curve(second.metrics()), "same seed, same loss curve");
        assertTrue(Files.exists(dir.resolve("a/checkpoints/step-000040/model.params")));
        assertTrue(Files.exists(dir.resolve("a/checkpoints/step-000020/optimizer.bin")));
    }

    @Test
    void aNonFiniteLossStopsTrainingWithAClearMessage() throws IOException {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> train(new RegressionTask(7), "nan", 5));
        assertTrue(e.getMessage().contains("loss is NaN at step 6"), e.getMessage());
        assertTrue(e.getMessage().contains("lower train.optimizer.lr"), e.getMessage());
        assertEquals(6, Files.readAllLines(dir.resolve("nan/metrics.jsonl")).size(), "steps before it were logged");
        assertTrue(Files.exists(dir.resolve("nan/checkpoints/step-000005/model.params")),
                "the last checkpoint holds finite weights");
    }

    @Test
    void aNonFiniteGradientStopsTheStepBeforeTheUpdate() throws IOException {
        Setup setup = new Setup();
        setup.checkpointEvery = 5;
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> train(new RegressionTask(Integer.MAX_VALUE, 7), "nangrad", setup));
        assertTrue(e.getMessage().contains("the gradient norm is NaN at step 6"), e.getMessage());
        assertTrue(e.getMessage().contains("The update was not applied"), e.getMessage());
        for (float v : setup.valuesAtEnd) {
            assertTrue(Float.isFinite(v), "no NaN reached the weights: " + v);
        }
        assertTrue(Files.exists(dir.resolve("nangrad/checkpoints/step-000005/model.params")));
        assertFalse(Files.exists(dir.resolve("nangrad/checkpoints/step-000006")), "no checkpoint after it");
    }

    @Test
    void twoViewsWithAnEmaTeacherResumeBitIdentically() throws IOException {
        List<List<Augmentation>> twoViews = List.of(List.of(JITTER), List.of(JITTER));
        Setup plain = new Setup();
        plain.checkpointEvery = 10;
        plain.views = twoViews;
        TwoViewEmaTask uninterruptedTask = new TwoViewEmaTask(0.9);
        Outcome uninterrupted = train(uninterruptedTask, "ema-plain", plain);
        assertTrue(uninterruptedTask.viewsDiffered(), "the two views of a sample differ");
        assertTrue(uninterrupted.summary().finalLoss() < uninterrupted.summary().firstLoss(), "it learns");
        assertFalse(java.util.Arrays.equals(TwoViewEmaTask.student(uninterrupted.values()),
                TwoViewEmaTask.teacher(uninterrupted.values())), "the teacher lags the student");

        Setup stopping = new Setup();
        stopping.checkpointEvery = 10;
        stopping.views = twoViews;
        stopping.stopAtStep = 17;
        train(new TwoViewEmaTask(0.9), "ema-resumed", stopping);
        Setup resuming = new Setup();
        resuming.checkpointEvery = 10;
        resuming.views = twoViews;
        resuming.resume = true;
        Outcome resumed = train(new TwoViewEmaTask(0.9), "ema-resumed", resuming);
        assertEquals(17, resumed.summary().firstStep());
        assertArrayEquals(uninterrupted.weights(), resumed.weights(),
                "student and hook-updated teacher resume bit-identically");
        assertArrayEquals(TwoViewEmaTask.teacher(uninterrupted.values()), TwoViewEmaTask.teacher(resumed.values()));
        assertEquals(curve(uninterrupted.metrics()), curve(resumed.metrics()));
    }

    @Test
    void frozenParametersAreCheckpointedButNotOptimised() throws IOException {
        TwoViewEmaTask task = new TwoViewEmaTask(1.0); // the teacher never moves
        Setup setup = new Setup();
        setup.views = List.of(List.of(JITTER), List.of(JITTER));
        Outcome outcome = train(task, "frozen", setup);
        assertArrayEquals(task.initialStudentValues(), TwoViewEmaTask.teacher(outcome.values()),
                "a parameter without gradient is not updated by the optimizer");
        assertFalse(java.util.Arrays.equals(task.initialStudentValues(), TwoViewEmaTask.student(outcome.values())));
    }

    @Test
    void aLossCouplingTheBatchOnThreeShardsMatchesOneDevice() throws Exception {
        List<List<Augmentation>> twoViews = List.of(List.of(JITTER), List.of(JITTER));
        Setup single = new Setup();
        single.views = twoViews;
        Outcome one = train(new ContrastiveTask(), "nce-one", single);
        Setup sharded = new Setup();
        sharded.views = twoViews;
        sharded.devices = List.of(Device.cpu(), Device.cpu(), Device.cpu()); // shards of 6, 5 and 5 samples
        Outcome three = train(new ContrastiveTask(), "nce-three", sharded);
        assertClose(one, three, 1e-5);
        // each of 16 samples picks its own pair among 16 (at most log 16 = 2.77 while the pairs are the most similar);
        // a loss computed per shard of 5 or 6 samples could not exceed log 6 = 1.79
        assertTrue(three.summary().firstLoss() > Math.log(6) + 0.1, "the loss couples the whole batch: "
                + three.summary());
    }

    @Test
    void aSecondTrainingInTheSameJvmIsRefusedClearly() throws Exception {
        // load the engine here: DJL turns PyTorch's per-thread gradient mode off in the loading thread only, and
        // later tests in this thread use the optimizer directly
        Engine.getInstance();
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RegressionTask blocking = new RegressionTask(Integer.MAX_VALUE) {
            @Override
            public void beforeStep(StepInfo step) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        java.util.concurrent.atomic.AtomicReference<Throwable> firstFailure =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread first = new Thread(() -> {
            try {
                train(blocking, "first", shortRun());
            } catch (Throwable t) {
                firstFailure.set(t);
            }
        }, "first-training");
        first.start();
        assertTrue(inside.await(60, java.util.concurrent.TimeUnit.SECONDS));
        try {
            ConcurrentTrainingException e = assertThrows(ConcurrentTrainingException.class,
                    () -> train(new RegressionTask(Integer.MAX_VALUE), "second", shortRun()));
            assertTrue(e.getMessage().contains("another training is running in this JVM (thread 'first-training')"),
                    e.getMessage());
        } finally {
            release.countDown();
            first.join();
        }
        assertEquals(null, firstFailure.get(), "the first training is not disturbed");
        train(new RegressionTask(Integer.MAX_VALUE), "third", shortRun()); // and the JVM can train again
    }

    @Test
    void aStoppedRunResumedFromItsCheckpointEndsBitIdenticalToAnUninterruptedOne() throws IOException {
        Setup plain = new Setup();
        plain.checkpointEvery = 10;
        plain.views = List.of(List.of(JITTER));
        Outcome uninterrupted = train(new RegressionTask(Integer.MAX_VALUE), "plain", plain);
        Outcome unaugmented = train(new RegressionTask(Integer.MAX_VALUE), "unaugmented", new Setup());
        assertNotEquals(curve(unaugmented.metrics()), curve(uninterrupted.metrics()), "the augmentation is applied");

        Setup stopping = new Setup();
        stopping.checkpointEvery = 10;
        stopping.views = List.of(List.of(JITTER));
        stopping.stopAtStep = 17;
        Outcome stopped = train(new RegressionTask(Integer.MAX_VALUE), "resumed", stopping);
        assertTrue(stopped.summary().stopped());
        assertEquals(17, stopped.summary().steps(), "the step in progress finishes, then training stops");
        assertEquals(dir.resolve("resumed/checkpoints/step-000017"), stopped.summary().lastCheckpoint());

        Setup resuming = new Setup();
        resuming.checkpointEvery = 10;
        resuming.views = List.of(List.of(JITTER));
        resuming.resume = true;
        Outcome resumed = train(new RegressionTask(Integer.MAX_VALUE), "resumed", resuming);
        assertEquals(17, resumed.summary().firstStep());
        assertFalse(resumed.summary().stopped());
        assertTrue(resumed.messages().get(0).contains("continuing from"), resumed.messages().toString());
        assertArrayEquals(uninterrupted.weights(), resumed.weights(), "resumed weights are bit-identical");
        assertEquals(curve(uninterrupted.metrics()), curve(resumed.metrics()),
                "the loss curve, step 18 onwards included, is bit-identical");
        assertEquals(uninterrupted.summary().firstLoss(), resumed.summary().firstLoss());
    }

    @Test
    void aTokenBudgetRunStoppedAndResumedEndsBitIdentical() throws IOException {
        int[] lengths = new int[DATA.size()];
        java.util.Arrays.setAll(lengths, i -> 3 + (i * 7) % 20);
        Setup plain = new Setup();
        plain.checkpointEvery = 10;
        plain.tokenLengths = lengths;
        Outcome uninterrupted = train(new RegressionTask(Integer.MAX_VALUE), "budget-plain", plain);
        Setup stopping = new Setup();
        stopping.checkpointEvery = 10;
        stopping.tokenLengths = lengths;
        stopping.stopAtStep = 17;
        assertTrue(train(new RegressionTask(Integer.MAX_VALUE), "budget-resumed", stopping).summary().stopped());
        Setup resuming = new Setup();
        resuming.checkpointEvery = 10;
        resuming.tokenLengths = lengths;
        resuming.resume = true;
        Outcome resumed = train(new RegressionTask(Integer.MAX_VALUE), "budget-resumed", resuming);
        assertEquals(17, resumed.summary().firstStep());
        assertArrayEquals(uninterrupted.weights(), resumed.weights(), "resumed weights are bit-identical");
        assertEquals(curve(uninterrupted.metrics()), curve(resumed.metrics()));
        Outcome fixed = train(new RegressionTask(Integer.MAX_VALUE), "fixed-count", new Setup());
        assertNotEquals(curve(fixed.metrics()), curve(uninterrupted.metrics()), "the budget changes the batches");
    }

    @Test
    void heldOutScoresAreLoggedOnScheduleAndChangeNothingElse() throws IOException {
        Setup plain = new Setup();
        Outcome without = train(new RegressionTask(Integer.MAX_VALUE), "without-held-out", plain);
        Setup scored = new Setup();
        scored.heldOut = new HeldOutEvaluation(DATA, 15, 2);
        Outcome with = train(new RegressionTask(Integer.MAX_VALUE), "with-held-out", scored);
        assertArrayEquals(without.weights(), with.weights(), "scoring held-out data trains nothing");
        List<Long> scoredSteps = new ArrayList<>();
        List<Double> heldOutLosses = new ArrayList<>();
        for (String line : with.metrics()) {
            JsonNode record = JSON.readTree(line);
            if (record.has("heldout_loss")) {
                scoredSteps.add(record.get("step").asLong());
                heldOutLosses.add(record.get("heldout_loss").asDouble());
            }
        }
        assertEquals(List.of(15L, 30L, 40L), scoredSteps, "every 15 steps and after the last");
        assertTrue(heldOutLosses.get(2) < heldOutLosses.get(0), "the held-out loss falls: " + heldOutLosses);
        assertTrue(with.messages().stream().anyMatch(m -> m.startsWith("held out at step 15: loss ")),
                with.messages().toString());
    }

    /** A regression task whose held-out loss is |steps done - 20|: lowest at step 20, whatever the model. */
    private static final class VeeTask extends RegressionTask {
        private long lastStep;

        VeeTask() {
            super(Integer.MAX_VALUE);
        }

        @Override
        public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
            lastStep = step.step();
            return super.forward(parameters, inputs, step, random);
        }

        @Override
        public Map<String, Double> heldOutMetrics(List<Map<String, Double>> batches) {
            return Map.of("loss", (double) Math.abs(lastStep + 1 - 20));
        }
    }

    private static Setup keepingBest() {
        Setup setup = new Setup();
        setup.checkpointEvery = 10;
        setup.heldOut = new HeldOutEvaluation(DATA, 5, 1);
        setup.keepBest = true;
        return setup;
    }

    @Test
    void keepBestEndsWithTheModelOfTheLowestHeldOutLossAlsoAfterAResume() throws IOException {
        Setup atTwenty = new Setup();
        atTwenty.checkpointEvery = 10;
        atTwenty.stopAtStep = 20;
        train(new VeeTask(), "vee-stopped-at-20", atTwenty);
        Outcome kept = train(new VeeTask(), "vee-kept", keepingBest());
        assertArrayEquals(atTwenty.valuesAtEnd, kept.values(), "the model of step 20, not of step 40");
        assertTrue(kept.messages().stream().anyMatch(m -> m.contains("keep_best: the model of step 20 (held-out loss "
                + "0.0000, the lowest) is the one saved")), kept.messages().toString());
        Setup last = keepingBest();
        last.keepBest = false;
        assertFalse(java.util.Arrays.equals(kept.values(), train(new VeeTask(), "vee-last", last).values()),
                "without keep_best the last step's model stays");
        for (long stopAt : new long[] {17, 27}) { // before and after the best step
            Setup stopping = keepingBest();
            stopping.stopAtStep = stopAt;
            assertTrue(train(new VeeTask(), "vee-resumed-" + stopAt, stopping).summary().stopped());
            Setup resuming = keepingBest();
            resuming.resume = true;
            Outcome resumed = train(new VeeTask(), "vee-resumed-" + stopAt, resuming);
            assertArrayEquals(kept.values(), resumed.values(), "stopped at " + stopAt + ", resumed: the same choice");
            assertArrayEquals(kept.weights(), resumed.weights());
        }
    }

    @Test
    void aValidationShareIsDrawnFromTheTrainingSplitReproduciblyAndDisjointly() {
        ValidationSplit split = ValidationSplit.of(DATA, 0.1, 7);
        assertEquals(DATA.size(), split.train().size() + split.validation().size());
        assertEquals(Math.round(DATA.size() * 0.1), split.validation().size());
        java.util.Set<String> train = new java.util.HashSet<>();
        for (int i = 0; i < split.train().size(); i++) {
            train.add(java.util.Arrays.toString(split.train().get(i).get("x", float[].class)));
        }
        for (int i = 0; i < split.validation().size(); i++) {
            assertFalse(train.contains(java.util.Arrays.toString(split.validation().get(i).get("x", float[].class))),
                    "a validation sample is also a training sample");
        }
        assertEquals(java.util.Arrays.toString(split.validation().get(0).get("x", float[].class)), java.util.Arrays
                .toString(ValidationSplit.of(DATA, 0.1, 7).validation().get(0).get("x", float[].class)), "reproducible");
        assertNotEquals(java.util.Arrays.toString(split.validation().get(0).get("x", float[].class)), java.util.Arrays
                .toString(ValidationSplit.of(DATA, 0.1, 8).validation().get(0).get("x", float[].class)), "seeded");
    }

    @Test
    void aCorruptNewestCheckpointIsReportedAndThePreviousOneUsed() throws IOException {
        Setup plain = new Setup();
        plain.checkpointEvery = 5;
        Outcome uninterrupted = train(new RegressionTask(Integer.MAX_VALUE), "plain", plain);

        Setup stopping = new Setup();
        stopping.checkpointEvery = 5;
        stopping.stopAtStep = 23;
        train(new RegressionTask(Integer.MAX_VALUE), "crashed", stopping);
        Path newest = dir.resolve("crashed/checkpoints/step-000023/model.params");
        byte[] full = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(full, full.length / 2)); // a write cut short

        Setup resuming = new Setup();
        resuming.checkpointEvery = 5;
        resuming.resume = true;
        Outcome resumed = train(new RegressionTask(Integer.MAX_VALUE), "crashed", resuming);
        String log = String.join("\n", resumed.messages());
        assertTrue(log.contains("step-000023 is unusable (model.params does not match its sha256"), log);
        assertTrue(log.contains("using the previous one, step-000020"), log);
        assertEquals(20, resumed.summary().firstStep());
        assertTrue(Files.isDirectory(dir.resolve("crashed/checkpoints/corrupt-step-000023")), "kept for inspection");
        assertArrayEquals(uninterrupted.weights(), resumed.weights(), "the run still ends bit-identical");
    }

    @Test
    void splittingTheBatchAcrossShardsGivesTheSingleDeviceTraining() throws Exception {
        Setup single = new Setup();
        single.maxSteps = 12;
        Outcome one = train(new RegressionTask(Integer.MAX_VALUE), "one", single);
        Setup sharded = new Setup();
        sharded.maxSteps = 12;
        sharded.devices = List.of(Device.cpu(), Device.cpu(), Device.cpu()); // shards of 6, 5 and 5 samples
        Outcome three = train(new RegressionTask(Integer.MAX_VALUE), "three", sharded);
        assertClose(one, three, 1e-5);
    }

    @Test
    void aBatchSmallerThanTheDeviceCountIsRefused() {
        DataParallel parallel = new DataParallel(List.of(Device.cpu(), Device.cpu(), Device.cpu()));
        assertArrayEquals(new int[] {6, 5, 5}, parallel.shardSizes(16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parallel.shardSizes(2));
        assertTrue(e.getMessage().contains("raise train.batch_size"), e.getMessage());
    }

    @Test
    void trainsOnAGpuLikeOnTheCpu() throws Exception {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() > 0,
                "skipped: the PyTorch engine sees no GPU (CPU-only native library or no device)");
        Setup gpu = new Setup();
        gpu.maxSteps = 12;
        gpu.parameterDevice = Device.gpu(0);
        assertClose(train(new RegressionTask(Integer.MAX_VALUE), "cpu-ref", shortRun()),
                train(new RegressionTask(Integer.MAX_VALUE), "gpu", gpu), 1e-4);
    }

    @Test
    void splitsBatchesAcrossTwoGpusLikeOneDevice() throws Exception {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() > 1,
                "skipped: data parallel training needs two GPUs, the PyTorch engine sees "
                        + Engine.getInstance().getGpuCount());
        Setup two = new Setup();
        two.maxSteps = 12;
        two.parameterDevice = Device.gpu(0);
        two.devices = List.of(Device.gpu(0), Device.gpu(1));
        assertClose(train(new RegressionTask(Integer.MAX_VALUE), "cpu-ref", shortRun()),
                train(new RegressionTask(Integer.MAX_VALUE), "gpus", two), 1e-4);
    }

    private static Setup shortRun() {
        Setup setup = new Setup();
        setup.maxSteps = 12;
        return setup;
    }

    static void assertClose(Outcome expected, Outcome actual, double tolerance) throws Exception {
        float[] e = expected.values();
        float[] a = actual.values();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tolerance, "parameter value " + i);
        }
        for (int i = 0; i < expected.metrics().size(); i++) {
            double x = JSON.readTree(expected.metrics().get(i)).get("loss").asDouble();
            double y = JSON.readTree(actual.metrics().get(i)).get("loss").asDouble();
            assertEquals(x, y, tolerance * Math.max(1, Math.abs(x)), "loss of step " + (i + 1));
        }
    }

    /** The samples' 4-vectors as one {@code (samples, 4)} array. */
    static NDArray vectors(List<Sample> samples, NDManager manager) {
        float[] flat = new float[samples.size() * 4];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i).get("x", float[].class), 0, flat, 4 * i, 4);
        }
        return manager.create(flat, new Shape(samples.size(), 4));
    }

    /** Every parameter value of a model, in block order. */
    static float[] values(Block model) {
        List<float[]> parts = new java.util.ArrayList<>();
        int length = 0;
        for (var p : model.getParameters()) {
            float[] v = p.getValue().getArray().toFloatArray();
            parts.add(v);
            length += v.length;
        }
        float[] all = new float[length];
        int offset = 0;
        for (float[] v : parts) {
            System.arraycopy(v, 0, all, offset, v.length);
            offset += v.length;
        }
        return all;
    }
}
