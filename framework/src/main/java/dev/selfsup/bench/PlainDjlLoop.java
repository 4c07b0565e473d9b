package dev.selfsup.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.StepInfo;
import dev.selfsup.train.AdamW;
import dev.selfsup.train.GradientClipping;
import dev.selfsup.train.TrainingPlan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The training step as one would write it with DJL alone: read a batch, collate, forward and backward under a
 * gradient collector, clip, update, and free the step's arrays (an {@code NDScope}, as DJL recommends:
 * without it, results of operations on parameters pile up in the parameters' manager). Same task, model,
 * optimizer and clipping as the framework's loop, without its checkpoints, metrics, progress, derived random
 * streams: the difference in step time is what the framework costs.
 */
final class PlainDjlLoop {

    private final PretextTask task;
    private final SampleSource data;
    private final TrainingPlan plan;
    private final NDManager manager;
    private final int views;

    PlainDjlLoop(PretextTask task, SampleSource data, TrainingPlan plan, NDManager manager, int views) {
        this.task = task;
        this.views = views;
        this.data = data;
        this.plan = plan;
        this.manager = manager;
    }

    /**
     * Trains a number of steps.
     *
     * @param steps the steps
     * @param seed seeds the sample choice and the task's randomness
     * @return each step's wall time in milliseconds
     */
    List<Double> run(int steps, long seed) {
        List<Parameter> parameters = TrainingPlan.trainableParameters(task.model());
        int batchSize = Math.min(plan.batchSize(), data.size());
        Random random = new Random(seed);
        List<Double> times = new ArrayList<>(steps);
        try (AdamW optimizer = plan.newOptimizer(parameters, manager)) {
            ParameterStore store = new ParameterStore(manager, false);
            for (int step = 0; step < steps; step++) {
                long start = System.nanoTime();
                List<Sample> samples = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    samples.add(data.get(random.nextInt(data.size())));
                }
                try (NDScope scope = new NDScope(); NDManager stepManager = manager.newSubManager()) {
                    scope.suppressNotUsedWarning();
                    NDList batch = task.collate(new Batch(Collections.nCopies(views, samples)), stepManager);
                    StepInfo info = new StepInfo(step, 0, steps, steps);
                    task.beforeStep(info);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        PretextLoss out = task.loss(task.forward(store, batch, info, random), info);
                        collector.backward(out.loss());
                        out.loss().getFloat();
                    }
                    optimizer.step(plan.learningRate(), GradientClipping.scale(
                            GradientClipping.globalNorm(parameters), plan.gradientClip()));
                    task.afterUpdate(info);
                }
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        return times;
    }
}
