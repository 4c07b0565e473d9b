package dev.selfsup.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs pretraining: seeded epoch order, one native-memory scope per step, AdamW with warm-up and cosine
 * decay, global-norm gradient clipping, a NaN/inf guard, metrics, progress, and periodic atomic
 * checkpoints. The model must be initialised before the loop starts.
 */
public final class PretrainingLoop {

    /** Random stream purpose of the per-step task randomness (masking). */
    private static final long TASK_STREAM = 2;

    private final PretextTask task;
    private final SampleSource data;
    private final TrainingPlan plan;
    private final NDManager manager;
    private final StepSeeds seeds;
    private final MetricsSink metrics;
    private final ProgressDisplay progress;
    private final Checkpoints checkpoints;

    /**
     * Creates the loop.
     *
     * @param task the pretext task with an initialised model
     * @param data the training split
     * @param plan the training settings
     * @param manager the manager owning the model parameters
     * @param seed the run seed
     * @param metrics where metrics go
     * @param progress the progress display
     * @param checkpoints where checkpoints go
     */
    public PretrainingLoop(PretextTask task, SampleSource data, TrainingPlan plan, NDManager manager, long seed,
                           MetricsSink metrics, ProgressDisplay progress, Checkpoints checkpoints) {
        this.task = task;
        this.data = data;
        this.plan = plan;
        this.manager = manager;
        this.seeds = new StepSeeds(seed);
        this.metrics = metrics;
        this.progress = progress;
        this.checkpoints = checkpoints;
    }

    /**
     * Trains for the planned number of steps.
     *
     * @return a summary of the run
     * @throws TrainingDivergedException if the loss stops being finite
     */
    public TrainingSummary run() {
        Block model = task.model();
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().requiresGradient()) {
                parameters.add(p.getValue());
            }
        }
        int batchSize = Math.min(plan.batchSize(), data.size());
        long total = plan.totalSteps(data.size());
        long perEpoch = plan.stepsPerEpoch(data.size());
        LearningRateSchedule schedule = new LearningRateSchedule(plan.learningRate(), plan.warmupSteps(), total,
                plan.minLearningRateRatio(), plan.cosine());
        double firstLoss = Double.NaN;
        double recentLoss = Double.NaN;
        long started = System.nanoTime();
        try (AdamW optimizer = AdamW.builder().setParameters(parameters).setManager(manager)
                .optBetas(plan.beta1(), plan.beta2()).optEpsilon(plan.epsilon())
                .optWeightDecay(plan.weightDecay()).build()) {
            ParameterStore parameterStore = new ParameterStore(manager, false);
            int[] order = null;
            long orderEpoch = -1;
            double lossSum = 0;
            long lossCount = 0;
            long windowStart = System.nanoTime();
            for (long step = 0; step < total; step++) {
                long epoch = step / perEpoch;
                if (epoch != orderEpoch) {
                    order = seeds.epochOrder(epoch, data.size());
                    orderEpoch = epoch;
                }
                int offset = (int) ((step % perEpoch) * batchSize);
                List<Sample> samples = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    samples.add(data.get(order[offset + i]));
                }
                double lr = schedule.rate(step);
                StepResult result = step(parameterStore, optimizer, parameters, samples, lr, step);
                if (!Float.isFinite(result.loss)) {
                    throw new TrainingDivergedException(step, result.loss, lr);
                }
                if (Double.isNaN(firstLoss)) {
                    firstLoss = result.loss;
                }
                lossSum += result.loss;
                lossCount++;
                boolean last = step + 1 == total;
                if ((step + 1) % plan.logEvery() == 0 || last) {
                    double seconds = (System.nanoTime() - windowStart) / 1e9;
                    double rate = lossCount * batchSize / Math.max(seconds, 1e-9);
                    recentLoss = lossSum / lossCount;
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("step", step + 1);
                    record.put("epoch", epoch);
                    record.put("loss", recentLoss);
                    record.put("lr", lr);
                    record.put("grad_norm", result.gradNorm);
                    record.put("samples_per_s", rate);
                    record.put("elapsed_s", (System.nanoTime() - started) / 1e9);
                    record.put("rss_mb", residentMemoryMb());
                    record.putAll(result.metrics);
                    metrics.log(record);
                    progress.update(step, recentLoss, rate);
                    lossSum = 0;
                    lossCount = 0;
                    windowStart = System.nanoTime();
                }
                if (last || plan.checkpointEvery() > 0 && (step + 1) % plan.checkpointEvery() == 0) {
                    writeCheckpoint(step + 1, epoch, model, optimizer);
                }
            }
        }
        return new TrainingSummary(total, firstLoss, recentLoss, (System.nanoTime() - started) / 1e9);
    }

    private StepResult step(ParameterStore parameterStore, AdamW optimizer, List<Parameter> parameters,
                            List<Sample> samples, double lr, long step) {
        try (NDScope scope = new NDScope(); NDManager stepManager = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDList batch = task.collate(samples, stepManager);
            PretextLoss out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                out = task.loss(parameterStore, batch, seeds.stream(TASK_STREAM, step));
                collector.backward(out.loss());
            }
            float loss = out.loss().getFloat();
            Map<String, Object> extra = new LinkedHashMap<>();
            out.metrics().forEach((k, v) -> extra.put(k, v.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat()));
            if (!Float.isFinite(loss)) {
                return new StepResult(loss, Double.NaN, extra);
            }
            double norm = GradientClipping.clipGlobalNorm(parameters, plan.gradientClip());
            optimizer.step(lr);
            return new StepResult(loss, norm, extra);
        }
    }

    private void writeCheckpoint(long step, long epoch, Block model, AdamW optimizer) {
        checkpoints.write(step, folder -> {
            try (OutputStream os = Files.newOutputStream(folder.resolve("model.params"));
                 DataOutputStream out = new DataOutputStream(os)) {
                model.saveParameters(out);
            }
            try (OutputStream os = Files.newOutputStream(folder.resolve("optimizer.bin"));
                 DataOutputStream out = new DataOutputStream(os)) {
                optimizer.save(out);
            }
            Files.writeString(folder.resolve("state.json"),
                    "{\"step\": " + step + ", \"epoch\": " + epoch + "}\n");
        });
    }

    /** Resident set size of this process in MB (JVM heap plus native tensors), or -1 where unknown. */
    static double residentMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private record StepResult(float loss, double gradNorm, Map<String, Object> metrics) {
    }
}
