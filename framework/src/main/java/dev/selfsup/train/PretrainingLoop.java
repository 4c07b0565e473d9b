package dev.selfsup.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.Batch;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.StepInfo;
import dev.selfsup.fault.Failpoints;
import dev.selfsup.nn.joint.CollapseMonitor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs pretraining: seeded epoch order, one or more views of each sample each augmented from its own stream (read
 * ahead on worker threads by a {@code BatchLoader}), one native-memory scope per step, data parallelism over one or more devices, AdamW with warm-up and cosine decay,
 * global-norm gradient clipping, a NaN/inf guard on the loss and on the gradient, metrics, progress, periodic
 * atomic checkpoints, exact resumption from the newest valid checkpoint, a warning when the
 * {@link CollapseMonitor}'s statistics in the metrics fall, and a graceful stop at a step boundary.
 * The model must be initialised, and {@link PretextTask#afterInitialise} called, before the loop starts
 * ({@code ValidatedRecipe.buildTask} does both).
 *
 * <p>Each step: {@link PretextTask#beforeStep}; per shard, collate and forward on its device; gather the outputs
 * on the first device; the task's loss over the whole batch; backward (<em>compute gradients</em>); the
 * {@link GradientReducer} (<em>reduce</em>); the gradient-norm check, clipping and the optimizer update
 * (<em>apply</em>); {@link PretextTask#afterUpdate}.
 *
 * <p>One JVM trains one model at a time (DJL records gradients process-wide): a second concurrent
 * {@link #run()} fails at once with {@link ConcurrentTrainingException}.
 */
public final class PretrainingLoop {

    /** The file of a checkpoint holding the kept best model ({@code train.held_out.keep_best}). */
    public static final String BEST_PARAMETERS = "best.params";

    /** The files every checkpoint holds besides its manifest. */
    public static final List<String> CHECKPOINT_FILES = List.of("model.params", "optimizer.bin", "state.json");

    /** Random stream purpose of the per-step task randomness (masking) of the first shard. */
    private static final long TASK_STREAM = 2;
    /** Random stream purposes of shards 1, 2, ... are this plus the shard index. */
    private static final long SHARD_STREAM_BASE = 1000;

    private final PretextTask task;
    private final SampleSource data;
    private final TrainingPlan plan;
    private final NDManager manager;
    private final long seed;
    private final StepSeeds seeds;
    private final MetricsSink metrics;
    private final ProgressDisplay progress;
    private final Checkpoints checkpoints;
    private final DataParallel parallel;
    private final StopSignal stopSignal;
    private final Path resumeFrom;
    private final PrintStream log;
    private final MemoryProbe memory;
    private final List<List<Augmentation>> views;
    private final StepTimings timings;
    private final GradientReducer reducer;
    private final DataLoading loading;
    private final HeldOutEvaluation heldOut;
    private final boolean keepBest;
    private final BatchPlan givenBatches;
    private final java.util.function.ToDoubleFunction<String> learningRateScale;

    /** The thread training in this JVM, if any. */
    private static final AtomicReference<Thread> TRAINING = new AtomicReference<>();

    private PretrainingLoop(Builder b) {
        this.task = b.task;
        this.data = b.data;
        this.plan = b.plan;
        this.manager = b.manager;
        this.seed = b.seed;
        this.seeds = new StepSeeds(b.seed);
        this.metrics = b.metrics;
        this.checkpoints = b.checkpoints;
        this.parallel = new DataParallel(b.devices != null ? b.devices : List.of(b.manager.getDevice()));
        this.progress = b.progress != null ? b.progress
                : new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false, 1, 1e9);
        this.stopSignal = b.stopSignal != null ? b.stopSignal : new StopSignal();
        this.resumeFrom = b.resumeFrom;
        this.log = b.log != null ? b.log : new PrintStream(OutputStream.nullOutputStream());
        this.memory = new MemoryProbe(parallel.devices());
        this.views = b.views;
        this.timings = b.timings != null ? b.timings : (step, phases) -> { };
        this.reducer = b.reducer;
        this.loading = b.loading;
        this.heldOut = b.heldOut;
        this.keepBest = b.keepBest;
        this.givenBatches = b.batches;
        this.learningRateScale = b.learningRateScale;
    }

    /** Per trainable parameter, in {@link TrainingPlan#trainableParameters} order, its learning-rate factor. */
    private double[] learningRateScales(Block model) {
        if (learningRateScale == null) {
            return null;
        }
        List<Double> scales = new ArrayList<>();
        for (ai.djl.util.Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().requiresGradient()) {
                scales.add(learningRateScale.applyAsDouble(p.getKey()));
            }
        }
        return scales.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains until the planned number of steps, or until a stop is requested.
     *
     * @return a summary of the run
     * @throws TrainingDivergedException if the loss or the gradient stops being finite (before any update)
     * @throws UncheckedIOException if a checkpoint cannot be written
     * @throws CheckpointException if the checkpoint to resume from does not fit this run or cannot be read
     * @throws ConcurrentTrainingException if another training runs in this JVM
     */
    public TrainingSummary run() {
        Thread current = Thread.currentThread();
        Thread other = TRAINING.compareAndExchange(null, current);
        if (other != null) {
            throw new ConcurrentTrainingException("another training is running in this JVM (thread '" + other.getName()
                    + "'); DJL records gradients process-wide, so one JVM trains one model at a time: wait for it to"
                    + " finish, or train in another process");
        }
        try (GradientMode off = GradientMode.off()) {
            return train();
        } finally {
            TRAINING.set(null);
        }
    }

    private TrainingSummary train() {
        Block model = task.model();
        List<Parameter> parameters = TrainingPlan.trainableParameters(model);
        BatchPlan batches = givenBatches != null ? givenBatches : BatchPlan.of(plan, data.size());
        int batchSize = batches.batchSize();
        parallel.shardSizes(batches.smallestBatch()); // fails now, with the reason, if a batch cannot be split
        long total = batches.totalSteps();
        LearningRateSchedule schedule = new LearningRateSchedule(plan.learningRate(), plan.warmupSteps(), total,
                plan.minLearningRateRatio(), plan.cosine());
        long started = System.nanoTime();
        try (AdamW optimizer = plan.newOptimizer(parameters, manager, learningRateScales(model));
             BatchLoader loader = new BatchLoader(data, views, seeds, batches, loading.workers(),
                     loading.prefetch())) {
            ParameterStore masterStore = new ParameterStore(manager, false);
            long firstStep = 0;
            double firstLoss = Double.NaN;
            LossWindow window = new LossWindow();
            double lr = schedule.rate(0);
            double secondsBefore = 0;
            BestModel best = new BestModel();
            if (resumeFrom != null) {
                TrainingState state = restore(resumeFrom, model, optimizer, batches);
                if (state.bestStep() != null) {
                    best.restore(resumeFrom.resolve(BEST_PARAMETERS), state.bestStep(), state.bestLoss());
                }
                secondsBefore = state.trainingSeconds() != null ? state.trainingSeconds() : 0;
                firstStep = state.step();
                firstLoss = state.firstLoss();
                window.lossSum = state.windowLossSum();
                window.steps = state.windowSteps();
                lr = state.learningRate();
            }
            progress.begin(firstStep);
            double recentLoss = Double.NaN;
            long lastCheckpoint = firstStep > 0 ? firstStep : -1;
            boolean collapsing = false; // warned once when the collapse statistics fall, again after a recovery
            for (long step = firstStep; step < total; step++) {
                if (stopSignal.isRequested()) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    Path checkpoint = lastCheckpoint == step ? newestCheckpoint()
                            : writeCheckpoint(step, batches, lr, firstLoss, window, model,
                            optimizer, secondsBefore + seconds, best);
                    return new TrainingSummary(firstStep, step, total, firstLoss, recentLoss, seconds,
                            secondsBefore + seconds, stopSignal.reason(), checkpoint);
                }
                long epoch = batches.epoch(step);
                long dataStart = System.nanoTime();
                long stepStart = dataStart;
                Batch batch = loader.batch(step);
                long samplesNanos = System.nanoTime() - dataStart;
                lr = schedule.rate(step);
                StepInfo info = new StepInfo(step, epoch, total, batches.stepsInEpoch(epoch));
                StepResult result = step(masterStore, optimizer, parameters, batch, lr, info);
                window.dataNanos += samplesNanos + result.collateNanos;
                if (Double.isNaN(firstLoss)) {
                    firstLoss = result.loss;
                }
                window.add(result.loss, batch.size());
                boolean last = step + 1 == total;
                boolean heldOutDue = heldOut != null && heldOut.due(step + 1, total);
                if ((step + 1) % plan.logEvery() == 0 || last || heldOutDue) {
                    double seconds = (System.nanoTime() - window.startNanos) / 1e9;
                    recentLoss = window.lossSum / window.steps;
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("step", step + 1);
                    record.put("epoch", epoch);
                    record.put("total_steps", total); // listeners see where the run stands
                    record.put("loss", recentLoss);
                    record.putAll(result.metrics);
                    record.put("lr", lr);
                    record.put("grad_norm", result.gradNorm);
                    double rate = window.timedSamples / Math.max(seconds, 1e-9);
                    record.put("samples_per_s", rate);
                    record.put("data_wait_pct",
                            Math.round(1000.0 * window.dataNanos / Math.max(1, seconds * 1e9)) / 10.0);
                    record.put("elapsed_s", secondsBefore + (System.nanoTime() - started) / 1e9);
                    record.putAll(memory.measure());
                    if (heldOutDue) { // before a checkpoint of this step: a resumed run starts from what follows it
                        Map<String, Object> figures = heldOut.run(task, masterStore, manager, seeds, batchSize,
                                views.size(), info);
                        record.putAll(figures);
                        boolean kept = keepBest
                                && best.offer(step + 1, figures.get(HeldOutEvaluation.PREFIX + "loss"), model);
                        log.printf("%nheld out at step %d: %s%s%n", step + 1, describe(figures),
                                kept ? " (the lowest loss so far: this model is kept)" : "");
                    }
                    metrics.log(record);
                    Optional<String> collapse = CollapseMonitor.warning(record);
                    if (collapse.isPresent() && !collapsing) {
                        log.printf("%nwarning at step %d: %s%n", step + 1, collapse.get());
                    }
                    collapsing = collapse.isPresent();
                    progress.update(step, recentLoss, rate);
                    window = new LossWindow();
                }
                if (last || plan.checkpointEvery() > 0 && (step + 1) % plan.checkpointEvery() == 0) {
                    writeCheckpoint(step + 1, batches, lr, firstLoss, window, model, optimizer,
                            secondsBefore + (System.nanoTime() - started) / 1e9, best);
                    lastCheckpoint = step + 1;
                }
                timings.record(step, new StepTimings.Phases(samplesNanos + result.collateNanos, result.forwardNanos,
                        result.backwardNanos, result.optimizerNanos, System.nanoTime() - stepStart));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (keepBest) {
                best.install(model, log);
            }
            return new TrainingSummary(firstStep, total, total, firstLoss, recentLoss, seconds,
                    secondsBefore + seconds, null, newestCheckpoint());
        }
    }

    private static String describe(Map<String, Object> figures) {
        StringBuilder out = new StringBuilder();
        figures.forEach((name, value) -> out.append(out.length() > 0 ? ", " : "").append(
                name.substring(HeldOutEvaluation.PREFIX.length())).append(' ').append(
                String.format(java.util.Locale.ROOT, "%.4g", ((Number) value).doubleValue())));
        return out.toString();
    }

    private Path newestCheckpoint() {
        List<Path> all = checkpoints.list();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private StepResult step(ParameterStore masterStore, AdamW optimizer, List<Parameter> parameters,
                            Batch batch, double lr, StepInfo info) {
        try (NDScope scope = new NDScope(); NDManager stepManager = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            task.beforeStep(info);
            // 1. compute gradients: per-shard forward, gathered loss, one backward pass
            Gradients gradients = computeGradients(masterStore, batch, stepManager, info);
            float loss = gradients.loss;
            if (!Float.isFinite(loss)) {
                throw TrainingDivergedException.loss(info.step(), loss, lr);
            }
            if (Failpoints.nan("gradient", info.step())) {
                parameters.get(0).getArray().getGradient().muli(Float.NaN);
            }
            // 2. reduce: the whole batch's gradient on every parameter (a no-op in one process)
            reducer.reduce(parameters, info);
            // 3. apply: checked, clipped, one optimizer update
            long optimizerStart = System.nanoTime();
            double norm = GradientClipping.globalNorm(parameters);
            if (!Double.isFinite(norm)) {
                throw TrainingDivergedException.gradient(info.step(), loss, norm, lr);
            }
            optimizer.step(lr, GradientClipping.scale(norm, plan.gradientClip()));
            task.afterUpdate(info);
            return new StepResult(loss, norm, gradients.metrics, gradients.collateNanos, gradients.forwardNanos,
                    gradients.backwardNanos, System.nanoTime() - optimizerStart);
        }
    }

    /** A step's loss and metrics with the gradients left on the parameters, and the time each part took. */
    private record Gradients(float loss, Map<String, Double> metrics, long collateNanos, long forwardNanos,
                             long backwardNanos) {
    }

    private Gradients computeGradients(ParameterStore masterStore, Batch batch, NDManager stepManager,
                                       StepInfo info) {
        int[] sizes = parallel.shardSizes(batch.size());
        Device master = manager.getDevice();
        long collateNanos = 0;
        long forwardNanos = 0;
        NDArray loss;
        Map<String, NDArray> metricArrays;
        long backwardStart;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            List<NDList> outputs = new ArrayList<>(sizes.length);
            int from = 0;
            for (int k = 0; k < sizes.length; k++) {
                Device device = parallel.devices().get(k);
                NDManager shardManager = k == 0 ? stepManager : stepManager.newSubManager(device);
                long collateStart = System.nanoTime();
                NDList inputs = task.collate(batch.slice(from, from + sizes[k]), shardManager);
                from += sizes[k];
                collateNanos += System.nanoTime() - collateStart;
                ParameterStore store = k == 0 ? masterStore : parallel.replicaStore(k, shardManager);
                Random random = k == 0 ? seeds.stream(TASK_STREAM, info.step())
                        : seeds.stream(SHARD_STREAM_BASE + k, info.step());
                long forwardStart = System.nanoTime();
                outputs.add(task.forward(store, inputs, info, random));
                forwardNanos += System.nanoTime() - forwardStart;
            }
            long lossStart = System.nanoTime();
            PretextLoss out = task.loss(DataParallel.gather(outputs, master), info);
            Failpoints.fire("pretext.step", info.step());
            loss = out.loss();
            metricArrays = out.metrics();
            forwardNanos += System.nanoTime() - lossStart;
            backwardStart = System.nanoTime();
            collector.backward(loss);
        }
        float value = loss.getFloat();
        long backwardNanos = System.nanoTime() - backwardStart;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metricArrays.forEach((name, v) -> metrics.put(name, (double) v.toType(DataType.FLOAT32, false).getFloat()));
        return new Gradients(value, metrics, collateNanos, forwardNanos, backwardNanos);
    }

    private TrainingState restore(Path folder, Block model, AdamW optimizer, BatchPlan batches) {
        try {
            TrainingState state = TrainingState.readFor(folder, seed, batches, data.size(),
                    parallel.devices().size());
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(folder.resolve("model.params"))))) {
                ParameterSnapshot.restore(model, in);
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(folder.resolve("optimizer.bin"))))) {
                optimizer.load(in);
            }
            if (optimizer.updates() != state.optimizerUpdates()) {
                throw new IOException("optimizer.bin holds " + optimizer.updates() + " updates, state.json says "
                        + state.optimizerUpdates());
            }
            log.printf("resume: continuing from %s (step %d of %d, epoch %d, batch %d of the epoch)%n", folder,
                    state.step(), batches.totalSteps(), state.epoch(), state.batchInEpoch());
            return state;
        } catch (IOException e) {
            throw new CheckpointException("cannot restore checkpoint " + folder + ": " + e.getMessage(), e);
        }
    }

    private Path writeCheckpoint(long step, BatchPlan batches, double lr, double firstLoss,
                                 LossWindow window, Block model, AdamW optimizer, double trainingSeconds,
                                 BestModel best) {
        TrainingState state = new TrainingState(TrainingState.FORMAT, step, batches.epoch(step),
                batches.batchInEpoch(step), batches.totalSteps(), batches.batchSize(), data.size(),
                parallel.devices().size(), System.getProperty("ai.djl.pytorch.num_threads"),
                seed, TrainingState.RNG_SCHEME, optimizer.updates(), lr, firstLoss,
                window.lossSum, window.steps, trainingSeconds,
                batches.tokenBudget() > 0 ? batches.tokenBudget() : null,
                best.params != null ? best.step : null, best.params != null ? best.loss : null);
        return checkpoints.write(step, folder -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(folder.resolve("model.params"))))) {
                ParameterSnapshot.save(model, out);
            }
            Failpoints.io("checkpoint.write", step);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(folder.resolve("optimizer.bin"))))) {
                optimizer.save(out);
            }
            if (best.params != null) {
                Files.write(folder.resolve(BEST_PARAMETERS), best.params);
            }
            state.write(folder.resolve("state.json"));
        });
    }

    /**
     * With {@code train.held_out.keep_best}: the model of the lowest held-out loss so far, as parameter bytes. Saved
     * in every checkpoint (with its step and loss in the state), so a resumed run chooses as an uninterrupted one.
     */
    private static final class BestModel {
        private long step;
        private double loss;
        /** The kept model's parameters; null until a held-out loss has been scored. */
        private byte[] params;

        /** Keeps the model if its held-out loss is the lowest so far; says whether it did. */
        boolean offer(long atStep, Object heldOutLoss, Block model) {
            if (!(heldOutLoss instanceof Number number) || !Double.isFinite(number.doubleValue())
                    || params != null && number.doubleValue() >= loss) {
                return false;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                ParameterSnapshot.save(model, out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the model of step " + atStep, e);
            }
            step = atStep;
            loss = number.doubleValue();
            params = bytes.toByteArray();
            return true;
        }

        void restore(Path file, long atStep, double atLoss) {
            try {
                params = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CheckpointException("cannot read the kept best model " + file + ": " + e.getMessage(), e);
            }
            step = atStep;
            loss = atLoss;
        }

        /** Puts the kept parameters into the model (after the final checkpoint, which keeps the last step's). */
        void install(Block model, PrintStream log) {
            if (params == null) {
                log.printf("keep_best: no finite held-out loss was scored; the last step's model stays%n");
                return;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
                ParameterSnapshot.restore(model, in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot install the kept model of step " + step, e);
            }
            log.printf("keep_best: the model of step %d (held-out loss %.4f, the lowest) is the one saved%n", step,
                    loss);
        }
    }

    /**
     * The steps since the last metrics record: their losses (saved in checkpoints, so a resumed run's record
     * averages the same steps) and, for this process only, their time and data wait.
     */
    private static final class LossWindow {
        private double lossSum;
        private long steps;
        private long timedSamples;
        private long dataNanos;
        private final long startNanos = System.nanoTime();

        void add(double loss, int samples) {
            lossSum += loss;
            steps++;
            timedSamples += samples;
        }
    }

    private record StepResult(float loss, double gradNorm, Map<String, Double> metrics, long collateNanos,
                              long forwardNanos, long backwardNanos, long optimizerNanos) {
    }

    /**
     * Builds a {@link PretrainingLoop}. Required: task, data, plan, manager, seed, metrics, checkpoints.
     */
    public static final class Builder {
        private PretextTask task;
        private SampleSource data;
        private TrainingPlan plan;
        private NDManager manager;
        private Long seed;
        private MetricsSink metrics;
        private Checkpoints checkpoints;
        private ProgressDisplay progress;
        private List<Device> devices;
        private java.util.function.ToDoubleFunction<String> learningRateScale;
        private StopSignal stopSignal;
        private Path resumeFrom;
        private PrintStream log;
        private List<List<Augmentation>> views = List.of(List.of());
        private StepTimings timings;
        private GradientReducer reducer = GradientReducer.IN_PROCESS;
        private DataLoading loading = DataLoading.DEFAULT;
        private HeldOutEvaluation heldOut;
        private boolean keepBest;
        private BatchPlan batches;

        private Builder() {
        }

        /**
         * Sets the pretext task, its model initialised.
         *
         * @param pretextTask the task
         * @return this builder
         */
        public Builder setTask(PretextTask pretextTask) {
            this.task = pretextTask;
            return this;
        }

        /**
         * Sets the training split.
         *
         * @param trainSplit the samples
         * @return this builder
         */
        public Builder setData(SampleSource trainSplit) {
            this.data = trainSplit;
            return this;
        }

        /**
         * Sets the training settings.
         *
         * @param trainingPlan the plan
         * @return this builder
         */
        public Builder setPlan(TrainingPlan trainingPlan) {
            this.plan = trainingPlan;
            return this;
        }

        /**
         * Sets the manager owning the model parameters; its device holds the parameters.
         *
         * @param parameterManager the manager
         * @return this builder
         */
        public Builder setManager(NDManager parameterManager) {
            this.manager = parameterManager;
            return this;
        }

        /**
         * Sets the run seed from which every random stream derives.
         *
         * @param runSeed the seed
         * @return this builder
         */
        public Builder setSeed(long runSeed) {
            this.seed = runSeed;
            return this;
        }

        /**
         * Sets where metric records go.
         *
         * @param sink the sink
         * @return this builder
         */
        public Builder setMetrics(MetricsSink sink) {
            this.metrics = sink;
            return this;
        }

        /**
         * Sets the checkpoint store.
         *
         * @param store the store
         * @return this builder
         */
        public Builder setCheckpoints(Checkpoints store) {
            this.checkpoints = store;
            return this;
        }

        /**
         * Sets the progress display (default: none).
         *
         * @param display the display
         * @return this builder
         */
        public Builder optProgress(ProgressDisplay display) {
            this.progress = display;
            return this;
        }

        /**
         * Sets the devices to split each batch across (default: the manager's device alone). The first must
         * be the manager's device.
         *
         * @param shardDevices the devices
         * @return this builder
         */
        public Builder optDevices(List<Device> shardDevices) {
            this.devices = List.copyOf(shardDevices);
            return this;
        }

        /**
         * Sets the signal that stops training at a step boundary with a checkpoint (default: never raised).
         *
         * @param signal the signal
         * @return this builder
         */
        public Builder optStopSignal(StopSignal signal) {
            this.stopSignal = signal;
            return this;
        }

        /**
         * Sets a checkpoint to continue from (default: start at step 0); find one with
         * {@link Checkpoints#newestValid}. Parameters, optimizer moments, schedule position, data cursor and
         * random streams are restored, so the run continues exactly as if it had not stopped.
         *
         * @param checkpoint the checkpoint folder
         * @return this builder
         */
        public Builder optResumeFrom(Path checkpoint) {
            this.resumeFrom = checkpoint;
            return this;
        }

        /**
         * Sets the views of each training sample (default: one view, not augmented): per view, the augmentations
         * applied in order. Each draws from a stream derived from the seed, the epoch, the sample index, the view
         * and its place in the list, so two views differ and a resumed run augments exactly as an uninterrupted
         * one.
         *
         * @param viewAugmentations per view, its augmentations
         * @return this builder
         */
        public Builder optViews(List<List<Augmentation>> viewAugmentations) {
            if (viewAugmentations.isEmpty()) {
                throw new IllegalArgumentException("at least one view is needed");
            }
            this.views = viewAugmentations.stream().map(List::copyOf).toList();
            return this;
        }

        /**
         * Sets which samples each step reads (default: {@link BatchPlan#of} the plan, a fixed count). A token-budget
         * plan must be made from the same training plan and data.
         *
         * @param batchPlan the plan
         * @return this builder
         */
        public Builder optBatchPlan(BatchPlan batchPlan) {
            this.batches = batchPlan;
            return this;
        }

        /**
         * Scores the task on held-out data during training (default: never).
         *
         * @param evaluation the held-out split and how often, or null for none
         * @return this builder
         */
        public Builder optHeldOut(HeldOutEvaluation evaluation) {
            this.heldOut = evaluation;
            return this;
        }

        /**
         * Keeps the model of the lowest held-out loss and installs it after the last step, in place of the last
         * step's (default false). The held-out data must then be a validation share of the training data, not the
         * test split.
         *
         * @param enabled true to keep the best model
         * @return this builder
         */
        public Builder optKeepBest(boolean enabled) {
            this.keepBest = enabled;
            return this;
        }

        /**
         * Sets how batches are read (default {@link DataLoading#DEFAULT}). Batches do not depend on it.
         *
         * @param dataLoading worker threads and batches read ahead
         * @return this builder
         */
        public Builder optDataLoading(DataLoading dataLoading) {
            this.loading = dataLoading;
            return this;
        }

        /**
         * Sets the gradient reducer (default {@link GradientReducer#IN_PROCESS}).
         *
         * @param gradientReducer the reducer
         * @return this builder
         */
        public Builder optReducer(GradientReducer gradientReducer) {
            this.reducer = gradientReducer;
            return this;
        }

        /**
         * Sets a receiver of every step's time by phase (default none), for benchmarks.
         *
         * @param receiver the receiver
         * @return this builder
         */
        public Builder optStepTimings(StepTimings receiver) {
            this.timings = receiver;
            return this;
        }

        /**
         * Scales the learning rate per parameter (default: 1 for every parameter), e.g. layer-wise decay.
         *
         * @param byParameterName the factor of each parameter, by its name in {@code model().getParameters()}
         * @return this builder
         */
        public Builder optLearningRateScales(java.util.function.ToDoubleFunction<String> byParameterName) {
            this.learningRateScale = byParameterName;
            return this;
        }

        /**
         * Sets where resume messages are printed (default: nowhere).
         *
         * @param messages the stream
         * @return this builder
         */
        public Builder optLog(PrintStream messages) {
            this.log = messages;
            return this;
        }

        /**
         * Builds the loop.
         *
         * @return the loop
         * @throws IllegalStateException if a required setting is missing or the devices do not start with
         *     the manager's
         */
        public PretrainingLoop build() {
            if (task == null || data == null || plan == null || manager == null || seed == null || metrics == null
                    || checkpoints == null) {
                throw new IllegalStateException(
                        "PretrainingLoop needs setTask, setData, setPlan, setManager, setSeed, setMetrics and setCheckpoints");
            }
            if (devices != null && !devices.get(0).equals(manager.getDevice())) {
                throw new IllegalStateException("the first device " + devices.get(0)
                        + " must be the parameter manager's device " + manager.getDevice());
            }
            return new PretrainingLoop(this);
        }
    }
}
